"""What moderators do from the admin beyond a plain status change: restore, undo, check
again, edit, delete (blocking is in blocking.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from comments.models import BlockedCommenter, Comment, SpamFeedback, StatusChange
from comments.sanitizing import sanitize_comment
from comments.services.posting import CommentData, RequestMeta, body_fingerprint, comment_create
from comments.services.screening import comment_screen
from comments.services.status import (
    comment_approve,
    comment_set_status,
    history_record,
    spam_feedback_enqueue,
)

# Statuses a reader can see, or that await a decision: never deleted by moderators' tools.
LIVE_STATUSES = (Comment.Status.PENDING, Comment.Status.APPROVED)
RESTORABLE_STATUSES = (Comment.Status.SPAM, Comment.Status.TRASH)


class ModerationError(Exception):
    """A moderation action that does not apply to a comment in its current state."""


class EditedSince(ModerationError):
    """The comment's text or author changed after the moderator was shown it."""

    def __init__(self):
        super().__init__("This comment was edited since you loaded the page; review it again.")


@dataclass(frozen=True)
class StatusUndo:
    """Enough to reverse one moderation action: for each comment changed, its id, the status
    before and after, and the content_version the action applied to."""

    changes: tuple[tuple[int, str, str, int], ...]
    block_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Undone:
    reverted: int
    edited: int  # left alone: edited since the action, so they need a fresh look


def comment_as_seen(*, comment: Comment, version: int | None, lock: bool = True) -> Comment:
    """`comment` as it is now, row-locked to the end of the caller's transaction unless
    `lock` is false; EditedSince if it is no longer at `version`, the one the moderator saw.

    None means the caller showed no version (a script, not the desk): nothing is compared.
    """
    comments = Comment.objects.select_for_update() if lock else Comment.objects
    current = comments.get(pk=comment.pk)
    if version is not None and current.content_version != version:
        raise EditedSince
    return current


def comment_status_before(comment: Comment) -> str:
    """The status `comment` had before it entered its current one; pending if unknown."""
    entry = (
        comment.history.filter(to_status=comment.status)
        .exclude(from_status__in=["", comment.status])
        .order_by("-created_at", "-pk")
        .first()
    )
    return entry.from_status if entry else Comment.Status.PENDING


def _sync_feedback(*, comment: Comment, previous: str) -> None:
    """After a reversal, bring what the spam service will be told in line with the new status.

    Unsent reports are withdrawn; a report already sent is corrected with the opposite one,
    but only when the new status is itself a verdict (approved or spam).
    """
    Kind = SpamFeedback.Kind
    if previous == Comment.Status.SPAM and comment.status != Comment.Status.SPAM:
        withdrawn, correction = Kind.SPAM, Kind.HAM if comment.status == "approved" else None
    elif previous == Comment.Status.APPROVED and comment.status == Comment.Status.SPAM:
        withdrawn, correction = Kind.HAM, Kind.SPAM
    else:
        return
    reports = SpamFeedback.objects.filter(comment=comment, kind=withdrawn)
    reports.filter(sent_at__isnull=True).delete()
    if correction and reports.filter(sent_at__isnull=False).exists():
        spam_feedback_enqueue(comment=comment, kind=correction)


@transaction.atomic
def comment_restore(*, comment: Comment, actor=None) -> Comment:
    """Bring a spam or trashed comment back to the status it had before."""
    if comment.status not in RESTORABLE_STATUSES:
        raise ModerationError(
            f"Only spam or trashed comments can be restored; this one is {comment.status}."
        )
    previous = comment.status
    comment_set_status(
        comment=comment, status=comment_status_before(comment), actor=actor, note="restored"
    )
    _sync_feedback(comment=comment, previous=previous)
    return comment


def has_live_replies(comment: Comment) -> bool:
    """Whether a pending or approved comment hangs below `comment` (deleting would take it)."""
    ids = [comment.pk]
    while ids:  # one query per level; threads are at most COMMENTS_MAX_DEPTH deep
        replies = Comment.objects.filter(parent_id__in=ids)
        if replies.filter(status__in=LIVE_STATUSES).exists():
            return True
        ids = list(replies.values_list("pk", flat=True))
    return False


@transaction.atomic
def comment_delete_permanently(*, comment: Comment, actor=None) -> None:
    """Delete a spam or trashed comment, its history with it. Live replies block it."""
    if comment.status not in RESTORABLE_STATUSES:
        raise ModerationError(
            f"Only spam or trashed comments can be deleted permanently; this one is "
            f"{comment.status}. Move it to the trash first."
        )
    if has_live_replies(comment):
        raise ModerationError(
            "This comment has replies that are approved or awaiting moderation; deleting it "
            "would delete them. Trash the replies first, or leave this comment in the trash."
        )
    comment.delete()


def comment_recheck(*, comment: Comment, actor=None, screen: bool = True) -> Comment:
    """Forget a pending comment's spam verdict and check it again, now or by the queue."""
    if comment.status != Comment.Status.PENDING:
        raise ModerationError(
            f"Only comments awaiting moderation are checked again; this one is {comment.status}."
        )
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            check_state=Comment.CheckState.UNCHECKED,
            check_next_at=timezone.now(),
            check_attempts=0,
            recheck_reason="moderator",
        )
        history_record(
            comment=comment,
            from_status=comment.status,
            reason=StatusChange.Reason.RECHECK,
            actor=actor,
            note="check requested by a moderator",
        )
    comment.refresh_from_db()
    if not screen:
        return comment
    # Outside the transaction above: the spam service may be slow (see screening's docstring).
    return comment_screen(comment=comment, recheck_reason="moderator")


@transaction.atomic
def comment_recheck_pending(*, actor=None) -> int:
    """Queue every comment awaiting moderation for a fresh spam check; return how many."""
    ids = list(Comment.objects.in_moderation().values_list("pk", flat=True))
    Comment.objects.in_moderation().update(
        check_state=Comment.CheckState.UNCHECKED,
        check_next_at=timezone.now(),
        check_attempts=0,
        recheck_reason="moderator",
    )
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                comment_id=pk,
                from_status=Comment.Status.PENDING,
                to_status=Comment.Status.PENDING,
                actor=actor,
                reason=StatusChange.Reason.RECHECK,
                note="check of the whole queue requested by a moderator",
            )
            for pk in ids
        ),
        batch_size=500,
    )
    return len(ids)


@transaction.atomic
def comment_undo(*, undo: StatusUndo, actor=None) -> Undone:
    """Reverse a moderation action; comments changed again or edited since are left alone.

    An edited comment is never put back: the action was taken on a text that is gone.
    """
    BlockedCommenter.objects.filter(pk__in=undo.block_ids).delete()
    before = {pk: (old, new, version) for pk, old, new, version in undo.changes}
    reverted = edited = 0
    for comment in Comment.objects.select_for_update().filter(pk__in=before):
        old, new, version = before[comment.pk]
        if comment.content_version != version:
            edited += 1
            continue
        if comment.status != new:
            continue
        comment_set_status(comment=comment, status=old, actor=actor, note="undone")
        _sync_feedback(comment=comment, previous=new)
        reverted += 1
    return Undone(reverted=reverted, edited=edited)


@transaction.atomic
def comment_edit_by_moderator(
    *, comment: Comment, actor=None, note_prefix: str = "by a moderator", **fields: str
) -> Comment:
    """Correct a comment's text or author fields: re-sanitised and recorded; status kept.

    `fields` may hold body, author_name, author_email and author_url; the history says
    "<note_prefix>: <what changed>".
    """
    editable = {"body", "author_name", "author_email", "author_url"}
    if unknown := set(fields) - editable:
        raise TypeError(f"Moderators cannot edit {', '.join(sorted(unknown))}.")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    changed = [name for name, value in fields.items() if getattr(comment, name) != value]
    if not changed:
        return comment
    for name in changed:
        setattr(comment, name, fields[name])
    comment.content_version += 1
    comment.body_html = sanitize_comment(comment.body)
    comment.body_hash = body_fingerprint(comment.body)
    comment.full_clean(
        exclude=["root", "user", "parent"], validate_unique=False, validate_constraints=False
    )
    comment.save()
    labels = ", ".join(str(Comment._meta.get_field(name).verbose_name) for name in changed)
    history_record(
        comment=comment,
        from_status=comment.status,
        reason=StatusChange.Reason.EDIT,
        actor=actor,
        note=f"{note_prefix}: {labels}",
    )
    return comment


@transaction.atomic
def comment_reply_by_moderator(*, parent: Comment, actor, body: str) -> Comment:
    """A moderator's reply from the desk: threaded under `parent`, marked as the editors',
    signed with the moderator's name and email, and approved at once (recorded)."""
    if not actor.email:
        raise ModerationError(
            "Your account has no email address, and a reply is signed with one: ask an "
            "administrator to add it to your user."
        )
    name = actor.get_full_name() or actor.get_username()
    data = CommentData(
        author_name=name, author_email=actor.email or "", author_url="", body=body, parent=parent
    )
    reply = comment_create(essay=parent.essay, data=data, meta=RequestMeta(None), user=actor)
    return comment_approve(comment=reply, actor=actor, note="reply from the moderation desk")
