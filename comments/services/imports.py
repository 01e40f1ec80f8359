"""Importing: a comment written on another site (WordPress), stored with the status its
moderators gave it. Never screened again and never announced: nobody is e-mailed."""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from comments.client_ip import ip_group
from comments.models import Comment, StatusChange, stored_email
from comments.rendering import comment_display_html
from comments.sanitizing import sanitize_comment
from comments.services.posting import body_fingerprint
from essays.models import Essay


class DuplicateComment(Exception):
    """The essay already has this text from this address; the database refused a second."""


@dataclass(frozen=True)
class ImportedComment:
    import_key: str
    author_name: str
    author_email: str
    author_url: str
    body: str
    status: str  # a Comment.Status value
    submitted_at: datetime.datetime
    ip_address: str = ""
    user_agent: str = ""
    user: object | None = None
    from_editors: bool = False  # written by a user of the old site's staff
    parent_key: str = ""  # the import key of the comment it answers (comments_import)


@dataclass
class CommentImport:
    comment: Comment
    created: bool
    moved_up: int = 0  # levels the reply rose to stay within COMMENTS_MAX_DEPTH
    warnings: list[str] = field(default_factory=list)


def allowed_parent(parent: Comment | None) -> tuple[Comment | None, int]:
    """The deepest ancestor a reply may hang under (COMMENTS_MAX_DEPTH), and levels moved."""
    moved = 0
    while parent is not None and parent.depth >= settings.COMMENTS_MAX_DEPTH:
        parent, moved = parent.parent, moved + 1
    return parent, moved


def comments_imported(*, essay: Essay) -> dict[str, Comment]:
    """The comments an earlier import stored on `essay`, by import key (one query)."""
    return {comment.import_key: comment for comment in essay.comments.exclude(import_key="")}


@transaction.atomic
def comment_import(
    *,
    essay: Essay,
    data: ImportedComment,
    parent: Comment | None = None,
    imported: dict[str, Comment] | None = None,
) -> CommentImport:
    """Create the comment imported under `data.import_key`, or update it on a second import.

    `imported`: comments_imported() of the essay, read once for many calls. Marked as
    checked, so the spam queue never sends it; raises DuplicateComment when the essay already
    holds the same text from the same address under another key.
    """
    if imported is None:
        comment = Comment.objects.filter(import_key=data.import_key).first()
    else:
        comment = imported.get(data.import_key)
    created = comment is None
    comment = comment or Comment(import_key=data.import_key, essay=essay)
    previous = "" if created else comment.status
    parent, moved = allowed_parent(parent)
    warnings = _fill(comment, data, parent)
    try:
        comment.save()
    except IntegrityError as error:
        # Raised out of this atomic block, which rolls its savepoint back: no inner one needed.
        raise DuplicateComment(str(error)) from None
    late = {}  # what needs the new primary key: the root of a thread, the display fragment
    if parent is None and comment.root_id != comment.pk:
        late["root_id"] = comment.root_id = comment.pk
    if comment.status == Comment.Status.APPROVED:
        late["display_html"] = comment.display_html = comment_display_html(comment)
    if late:
        Comment.objects.filter(pk=comment.pk).update(**late)
    if comment.status != previous:
        StatusChange.objects.create(
            comment=comment,
            from_status=previous,
            to_status=comment.status,
            reason=StatusChange.Reason.POSTED,
            note=f"imported ({data.import_key})"[:500],
        )
    return CommentImport(comment, created, moved, warnings)


@transaction.atomic
def comments_import(
    *, essay: Essay, comments: list[ImportedComment]
) -> dict[str, CommentImport | None]:
    """Import a thread's worth of comments at once, by import key; None marks a duplicate
    of text the essay holds from the same address (skipped, as comment_import refuses it).

    New comments are inserted one thread level at a time (parents first, so each reply
    knows its parent's id); comments imported before are updated one by one. A reply whose
    parent is missing becomes a top-level comment.
    """
    before = comments_imported(essay=essay)
    taken = set(essay.comments.values_list("author_email", "body_hash"))
    results: dict[str, CommentImport | None] = {}
    for level in _levels(comments):
        new = []
        for data in level:
            found = results.get(data.parent_key)
            parent = found.comment if found else None
            if data.import_key in before:
                results[data.import_key] = _update_one(essay, data, parent, before)
            else:
                results[data.import_key] = result = _new(essay, data, parent, taken)
                new += [result.comment] if result else []
        _insert(new)
    return results


def _levels(comments: list[ImportedComment]) -> list[list[ImportedComment]]:
    """The comments by depth in their thread: top level first, then replies to those..."""
    depth: dict[str, int] = {}
    levels: list[list[ImportedComment]] = []
    for data in comments:  # parents come before their replies
        level = depth[data.parent_key] + 1 if data.parent_key in depth else 0
        depth[data.import_key] = level
        if level == len(levels):
            levels.append([])
        levels[level].append(data)
    return levels


def _update_one(essay, data, parent, before) -> CommentImport | None:
    try:
        return comment_import(essay=essay, data=data, parent=parent, imported=before)
    except DuplicateComment:
        return None


def _new(essay, data, parent, taken: set) -> CommentImport | None:
    comment = Comment(import_key=data.import_key, essay=essay)
    parent, moved = allowed_parent(parent)
    warnings = _fill(comment, data, parent)
    # What Comment.save() does, since bulk_create does not call it.
    comment.author_email = stored_email(comment.author_email)
    comment.ip_group = ip_group(comment.ip_address)
    if (comment.author_email, comment.body_hash) in taken:
        return None
    taken.add((comment.author_email, comment.body_hash))
    return CommentImport(comment, True, moved, warnings)


# What needs a new comment's id: its thread (a top-level comment is its own root) and its
# display fragment. One statement run for many rows: bulk_update's CASE was slower.
_SET_ROOT_AND_HTML = (
    f"UPDATE {Comment._meta.db_table} SET root_id = %s, display_html = %s WHERE id = %s"  # noqa: S608
)


def _insert(comments: list[Comment]) -> None:
    """Insert new comments of one thread level, then what needs their ids (three queries)."""
    if not comments:
        return
    Comment.objects.bulk_create(comments, batch_size=500)
    for comment in comments:
        if comment.parent_id is None:
            comment.root_id = comment.pk
        if comment.status == Comment.Status.APPROVED:
            comment.display_html = comment_display_html(comment)
    with connection.cursor() as cursor:
        cursor.executemany(
            _SET_ROOT_AND_HTML, [(c.root_id, c.display_html, c.pk) for c in comments]
        )
    StatusChange.objects.bulk_create(
        StatusChange(
            comment=comment,
            from_status="",
            to_status=comment.status,
            reason=StatusChange.Reason.POSTED,
            note=f"imported ({comment.import_key})"[:500],
        )
        for comment in comments
    )


def _fill(comment: Comment, data: ImportedComment, parent: Comment | None) -> list[str]:
    """Copy `data` onto `comment` and validate it; fields that fail are dropped and named."""
    warnings: list[str] = []
    comment.parent = parent
    comment.root_id = parent.root_id if parent else comment.pk
    comment.depth = parent.depth + 1 if parent else 1
    comment.under_hidden_parent = parent is not None and (
        parent.status != Comment.Status.APPROVED or parent.under_hidden_parent
    )
    comment.author_name = " ".join(data.author_name.split())[:80] or "Anonymous"
    comment.author_email = data.author_email.strip()[:254]
    comment.author_url = data.author_url.strip()
    comment.user = data.user
    comment.is_from_editors = data.from_editors
    comment.body = data.body
    comment.body_html = sanitize_comment(data.body)
    comment.body_hash = body_fingerprint(data.body)
    comment.status = data.status
    comment.submitted_at = data.submitted_at
    comment.ip_address = _ip_or_none(data.ip_address)
    comment.user_agent = data.user_agent[:500]
    comment.check_state = Comment.CheckState.CHECKED
    comment.checked_at = comment.checked_at or timezone.now()
    comment.verdict_checker = "import"
    if not comment.body.strip():
        raise ValidationError("The comment has no text.", code="empty")
    # Only the fields a WordPress export can fill wrongly: the rest are set or cut above
    # (a full_clean per comment was a third of the import's time).
    for name in ("author_url", "author_email"):
        value = getattr(comment, name)
        try:
            Comment._meta.get_field(name).run_validators(value)
        except ValidationError:
            warnings.append(f"its {name.replace('_', ' ')} {value!r} was not valid; left out.")
            setattr(comment, name, "")
    return warnings


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
