"""Importing: a comment written on another site (WordPress), stored with the status its
moderators gave it. Never screened again and never announced: nobody is e-mailed."""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import Comment, StatusChange
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
