"""Quick edit from the queue: a moderator corrects a comment's author and text and sets its
status in one step, recorded in the history as theirs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from comments.models import Comment
from comments.services.moderator import comment_as_seen, comment_edit_by_moderator
from comments.services.status import (
    comment_approve,
    comment_mark_ham,
    comment_mark_spam,
    comment_trash,
    comment_unapprove,
)

Status = Comment.Status
# The status a quick edit asks for, and the service that moves a comment there (spam and
# "not spam" teach the spam service, as the row buttons do).
STATUS_SERVICES = {
    Status.PENDING: comment_unapprove,
    Status.APPROVED: comment_approve,
    Status.SPAM: comment_mark_spam,
    Status.TRASH: comment_trash,
}


@dataclass(frozen=True)
class QuickEdit:
    author_name: str
    author_email: str
    author_url: str
    body: str
    status: str


@transaction.atomic
def comment_quick_edit(
    *, comment: Comment, moderator, edit: QuickEdit, version: int | None
) -> Comment:
    """Apply `edit` to `comment` as `moderator`: changed fields re-sanitised and recorded
    ("edited by <moderator>: name, text"), then the status through its own service.

    EditedSince if the comment is no longer at `version`, the one the moderator edited.
    """
    if edit.status not in STATUS_SERVICES:
        raise ValueError(f"A comment cannot be {edit.status!r}; choose one of {list(Status)}.")
    current = comment_as_seen(comment=comment, version=version)
    fields = {
        "author_name": edit.author_name,
        "author_email": edit.author_email,
        "author_url": edit.author_url,
        "body": edit.body,
    }
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if changed:
        who = f"edited by {moderator.get_username()}"
        current = comment_edit_by_moderator(
            comment=current, actor=moderator, note_prefix=who, **changed
        )
    if edit.status == current.status:
        return current
    service = STATUS_SERVICES[edit.status]
    if current.status == Status.SPAM and edit.status == Status.APPROVED:
        service = comment_mark_ham
    return service(comment=current, actor=moderator)
