"""Everything that can happen to a comment. Grep for `comment_` to see it all."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments.models import Comment, SpamFeedback, StatusChange
from comments.moderation import policy
from comments.sanitizing import sanitize_comment
from essays.models import Essay


@dataclass(frozen=True)
class CommentData:
    author_name: str
    author_email: str
    author_url: str
    body: str
    parent: Comment | None = None


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None
    user_agent: str = ""
    referrer: str = ""


def body_fingerprint(body: str) -> str:
    """A hash of the body that ignores case, spacing and Unicode form (for duplicates)."""
    folded = " ".join(unicodedata.normalize("NFKC", body).casefold().split())
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()


def _record(*, comment, from_status, reason, actor=None, note="") -> None:
    StatusChange.objects.create(
        comment=comment,
        from_status=from_status,
        to_status=comment.status,
        actor=actor,
        reason=reason,
        note=note[:500],
    )


@transaction.atomic
def comment_create(
    *, essay: Essay, data: CommentData, meta: RequestMeta, user=None, signals: dict | None = None
) -> Comment:
    """Store a new comment, pending and not yet checked. Screening happens after commit."""
    parent = data.parent
    if parent is not None and parent.depth >= settings.COMMENTS_MAX_DEPTH:
        # Too deep to nest further: the reply joins its parent's level instead.
        parent = parent.parent
    comment = Comment(
        essay=essay,
        parent=parent,
        depth=parent.depth + 1 if parent else 1,
        author_name=data.author_name,
        author_email=data.author_email,
        author_url=data.author_url,
        user=user if user is not None and user.is_authenticated else None,
        is_from_editors=bool(user is not None and user.is_authenticated and user.is_staff),
        body=data.body,
        body_html=sanitize_comment(data.body),
        body_hash=body_fingerprint(data.body),
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:500],
        referrer=meta.referrer[:500],
        signals=signals or {},
    )
    # Uniqueness is left to the database constraint: a read-then-insert check would race.
    comment.full_clean(exclude=["root", "user"], validate_unique=False, validate_constraints=False)
    comment.save()
    comment.root_id = parent.root_id if parent else comment.pk
    Comment.objects.filter(pk=comment.pk).update(root_id=comment.root_id)
    _record(comment=comment, from_status="", reason=StatusChange.Reason.POSTED)
    return comment


def comment_apply_decision(*, comment: Comment, reason_override: str | None = None) -> Comment:
    """Give a checked comment the status the moderation policy decides (inside a transaction).

    The decision is recorded even when the status stays the same, so moderators see why a
    comment is held.
    """
    decision = policy.decide(comment)
    previous = comment.status
    if decision.status != previous:
        comment.status = decision.status
        comment.save(update_fields=["status", "updated_at"])
    _record(
        comment=comment,
        from_status=previous,
        reason=reason_override or decision.reason,
        note=decision.note,
    )
    return comment


@transaction.atomic
def comment_set_status(
    *, comment: Comment, status: str, actor=None, reason: str = "moderator", note: str = ""
) -> Comment:
    """Move a comment to `status`, recording who did it and why. No-op if already there."""
    if comment.status == status:
        return comment
    previous = comment.status
    comment.status = status
    comment.save(update_fields=["status", "updated_at"])
    _record(comment=comment, from_status=previous, reason=reason, actor=actor, note=note)
    return comment


def comment_approve(*, comment: Comment, actor=None, note: str = "") -> Comment:
    return comment_set_status(
        comment=comment, status=Comment.Status.APPROVED, actor=actor, note=note
    )


def comment_unapprove(*, comment: Comment, actor=None) -> Comment:
    return comment_set_status(comment=comment, status=Comment.Status.PENDING, actor=actor)


def comment_trash(*, comment: Comment, actor=None, reason: str = "moderator", note="") -> Comment:
    return comment_set_status(
        comment=comment, status=Comment.Status.TRASH, actor=actor, reason=reason, note=note
    )


@transaction.atomic
def comment_mark_spam(*, comment: Comment, actor=None) -> Comment:
    """Spam, by a moderator's decision; the spam service is told through the durable queue."""
    was_spam = comment.status == Comment.Status.SPAM
    comment_set_status(comment=comment, status=Comment.Status.SPAM, actor=actor)
    if not was_spam:
        spam_feedback_enqueue(comment=comment, kind=SpamFeedback.Kind.SPAM)
    return comment


@transaction.atomic
def comment_mark_ham(*, comment: Comment, actor=None) -> Comment:
    """Not spam: approve, and teach the spam service (durable queue)."""
    comment_set_status(
        comment=comment, status=Comment.Status.APPROVED, actor=actor, note="not spam"
    )
    spam_feedback_enqueue(comment=comment, kind=SpamFeedback.Kind.HAM)
    return comment


def spam_feedback_enqueue(*, comment: Comment, kind: str) -> SpamFeedback:
    return SpamFeedback.objects.create(comment=comment, kind=kind)


def poster_may_edit(comment: Comment, *, now=None) -> bool:
    """Whether the edit window after posting is still open."""
    window = timezone.timedelta(minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES)
    return comment.status in (Comment.Status.PENDING, Comment.Status.APPROVED) and (
        (now or timezone.now()) < comment.submitted_at + window
    )


@transaction.atomic
def comment_edit_by_poster(*, comment: Comment, body: str) -> Comment:
    """Replace the text; it is re-sanitised and must be screened again (recheck_reason=edit)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    previous = comment.status
    comment.body = body
    comment.body_html = sanitize_comment(body)
    comment.body_hash = body_fingerprint(body)
    comment.edited_at = timezone.now()
    comment.check_state = Comment.CheckState.UNCHECKED
    comment.check_next_at = timezone.now()
    comment.recheck_reason = "edit"
    comment.status = Comment.Status.PENDING
    comment.full_clean(
        exclude=["root", "user", "parent"], validate_unique=False, validate_constraints=False
    )
    comment.save()
    _record(
        comment=comment, from_status=previous, reason=StatusChange.Reason.EDIT, note="by poster"
    )
    return comment


def comment_delete_by_poster(*, comment: Comment) -> None:
    """The poster withdraws their comment within the edit window: it goes to the trash."""
    comment_trash(comment=comment, reason=StatusChange.Reason.POSTER, note="withdrawn by poster")
