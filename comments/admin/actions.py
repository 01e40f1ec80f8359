"""What each moderation action does and how it is reported, and the signed Undo."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction

from comments import services
from comments.models import Comment
from comments.services import ModerationError, StatusUndo, comment_as_seen

UNDO_SALT = "comments.admin.undo"


@dataclass(frozen=True)
class Action:
    label: str
    done: str  # the start of the message: "Approved: 3 comments."
    run: Callable  # a service taking comment= and actor=
    shortcut: str = ""  # the key in the queue (static/comments/moderation.js)
    undoable: bool = True
    # Run with the comment's row locked, so that no edit slips in between the version check
    # and the change. Not Check again: the spam service is never called inside a transaction
    # (comments.services.screening), and it checks the text as it is then.
    locks: bool = True


ACTIONS = {
    "approve": Action("Approve", "Approved", services.comment_approve, "a"),
    "unapprove": Action("Unapprove", "Back to moderation", services.comment_unapprove, "u"),
    "spam": Action("Spam", "Marked as spam", services.comment_mark_spam, "s"),
    # In the spam tab, approving is saying "not spam" (as WordPress's "a" does there).
    "ham": Action("Not spam", "Approved as not spam", services.comment_mark_ham, "a"),
    "trash": Action("Trash", "Moved to the trash", services.comment_trash, "t"),
    "restore": Action("Restore", "Restored", services.comment_restore),
    "recheck": Action(
        "Check again", "Checked again", services.comment_recheck, undoable=False, locks=False
    ),
}
Status = Comment.Status
# The one-click buttons of a row in the queue, and of the change page, by status.
ROW_ACTIONS = {
    Status.PENDING: ["approve", "spam", "trash"],
    Status.APPROVED: ["unapprove", "spam", "trash"],
    Status.SPAM: ["ham", "trash"],
    Status.TRASH: ["restore", "spam"],
}
# Blocking is not among them: it opens a page with a preview first (blocking.py).
PAGE_ACTIONS = {
    Status.PENDING: ["approve", "spam", "trash", "recheck"],
    Status.APPROVED: ["unapprove", "spam", "trash"],
    Status.SPAM: ["ham", "restore", "trash"],
    Status.TRASH: ["restore", "spam"],
}


@dataclass(frozen=True)
class Outcome:
    done: int  # comments the action applied to
    undo: StatusUndo
    errors: list[str]


def run_action(
    name: str, comments: Iterable[Comment], actor, *, versions: Mapping[int, int] | None = None
) -> Outcome:
    """Apply action `name` to each comment, collecting what Undo needs and what was refused.

    `versions` maps comment ids to the content_version the moderator's page showed; a comment
    edited since is refused (services.EditedSince), since the moderator never saw its text.
    """
    action = ACTIONS[name]
    versions = versions or {}
    done, changes, blocks, errors = 0, [], [], []
    for comment in comments:
        try:
            with transaction.atomic() if action.locks else nullcontext():
                seen = comment_as_seen(
                    comment=comment, version=versions.get(comment.pk), lock=action.locks
                )
                before = seen.status
                result = action.run(comment=seen, actor=actor)
        except ModerationError as error:
            errors.append(str(error))
            continue
        done += 1
        if isinstance(result, StatusUndo):
            changes.extend(result.changes)
            blocks.extend(result.block_ids)
        elif seen.status != before:
            changes.append((seen.pk, before, seen.status, seen.content_version))
    return Outcome(done, StatusUndo(changes=tuple(changes), block_ids=tuple(blocks)), errors)


def plural(count: int, noun: str = "comment") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def outcome_text(name: str, outcome: Outcome) -> str:
    changed = len({change[0] for change in outcome.undo.changes})
    if name == "recheck":
        text = f"Checked {plural(outcome.done)} for spam again."
    else:
        text = f"{ACTIONS[name].done}: {plural(changed)}."
    if outcome.errors:
        text += f" {plural(len(outcome.errors))} left as they were: {outcome.errors[0]}"
    return text


def undo_token(undo: StatusUndo, user) -> str:
    """The signed ids, statuses and content versions, bound to the moderator who acted."""
    payload = {"c": undo.changes, "b": undo.block_ids, "u": user.pk}
    return signing.dumps(payload, salt=UNDO_SALT, compress=True)


def undo_from_token(token: str, user) -> StatusUndo:
    """The undo a token carries; BadSignature if forged, expired or another user's."""
    payload = signing.loads(token, salt=UNDO_SALT, max_age=settings.COMMENTS_UNDO_SECONDS)
    if payload.get("u") != user.pk:
        raise signing.BadSignature("another moderator's undo")
    return StatusUndo(
        changes=tuple(
            (int(pk), str(old), str(new), int(version)) for pk, old, new, version in payload["c"]
        ),
        block_ids=tuple(int(pk) for pk in payload["b"]),
    )
