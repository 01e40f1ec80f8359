"""Status changes: every move of a comment between states passes here and is recorded."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from comments.models import Comment, SpamFeedback, StatusChange
from comments.moderation import Decision
from comments.notifications import moderators_notify_held
from comments.rendering import comment_display_html
from comments.services.subscriptions import (
    comment_notices_queue,
    poster_confirmation_release,
    poster_may_be_asked,
)
from essays.models import Essay


def history_record(
    *,
    comment,
    from_status,
    reason,
    actor=None,
    note="",
    preceded_by: Sequence[StatusChange] = (),
    display_stored: bool = False,
) -> None:
    """Add an entry to the comment's history and refresh what readers see of it.

    `preceded_by`: unsaved entries that come first (a checker's verdict), stored in the same
    INSERT. `display_stored`: the caller has stored the display HTML with the status.
    """
    entry = StatusChange(
        comment=comment,
        from_status=from_status,
        to_status=comment.status,
        actor=actor,
        reason=reason,
        note=note[:500],
    )
    StatusChange.objects.bulk_create([*preceded_by, entry])
    # Every status change and edit passes here: the one place readers' pages are refreshed.
    # A comment whose "posted" entry is in this batch was stored in this very transaction:
    # nothing can reply to it yet, so there are no replies to show or hide (issue #17).
    posted_now = any(each.reason == StatusChange.Reason.POSTED for each in preceded_by)
    comment_published_changed(
        comment=comment,
        from_status=from_status,
        display_stored=display_stored,
        may_have_replies=not posted_now,
    )
    if comment.status == Comment.Status.APPROVED != from_status:
        # Subscribers' mail, in this transaction: it is queued if and only if this commits.
        comment_notices_queue(comment=comment)


def comment_published_changed(
    *,
    comment: Comment,
    from_status: str = "",
    display_stored: bool = False,
    may_have_replies: bool = True,
) -> None:
    """Re-render an approved comment's display HTML; move its essay's stamp if readers see it."""
    if comment.status == Comment.Status.APPROVED and not display_stored:
        comment.display_html = comment_display_html(comment)
        Comment.objects.filter(pk=comment.pk).update(display_html=comment.display_html)
    if Comment.Status.APPROVED in (from_status, comment.status):
        if may_have_replies:
            replies_visibility_refresh(comment=comment)
        essay_comments_touch(essay_id=comment.essay_id)


def replies_visibility_refresh(*, comment: Comment) -> None:
    """Hide the replies beneath a comment that left the public thread, or show them again.

    Three queries per level: threads are at most COMMENTS_MAX_DEPTH deep. `comment` holds
    its new status, and its flag as loaded with it.
    """
    shown = comment.status == Comment.Status.APPROVED and not comment.under_hidden_parent
    shown_parents, hidden_parents = ([comment.pk], []) if shown else ([], [comment.pk])
    while shown_parents or hidden_parents:
        Comment.objects.filter(parent_id__in=shown_parents).update(under_hidden_parent=False)
        Comment.objects.filter(parent_id__in=hidden_parents).update(under_hidden_parent=True)
        children = Comment.objects.filter(parent_id__in=shown_parents + hidden_parents)
        rows = list(children.values_list("pk", "status", "under_hidden_parent"))
        shown_parents = [
            pk for pk, status, under in rows if status == Comment.Status.APPROVED and not under
        ]
        hidden_parents = [pk for pk, _, _ in rows if pk not in set(shown_parents)]


def essay_comments_touch(*, essay_id: int) -> None:
    """Mark what readers see of an essay's comments as changed (new page cache key, ETag)."""
    Essay.objects.filter(pk=essay_id).update(comments_changed_at=timezone.now())


def comment_apply_decision(
    *,
    comment: Comment,
    decision: Decision,
    reason_override: str | None = None,
    preceded_by: Sequence[StatusChange] = (),
    stored_from: str | None = None,
) -> Comment:
    """Give a screened comment the status the moderation policy decided (inside a transaction).

    The decision is recorded even when the status stays the same, so moderators see why a
    comment is held; `preceded_by`, unsaved history entries (the checker's verdict), go in
    before it.
    `stored_from`: the status before, when the caller has already stored the decided one
    (and an approved comment's display HTML) with the verdict.
    """
    previous = comment.status if stored_from is None else stored_from
    if stored_from is None and decision.status != previous:
        comment.status = decision.status
        comment.save(update_fields=["status", "updated_at"])
    history_record(
        comment=comment,
        from_status=previous,
        reason=reason_override or decision.reason,
        note=decision.note,
        preceded_by=preceded_by,
        display_stored=stored_from is not None,
    )
    if comment.status == Comment.Status.PENDING:
        # Batched into a digest by the notifier, so re-checks cannot flood moderators.
        transaction.on_commit(lambda: moderators_notify_held(comment))
    return comment


@transaction.atomic
def comment_set_status(
    *, comment: Comment, status: str, actor=None, reason: str = "moderator", note: str = ""
) -> Comment:
    """Move a comment to `status`, recording who did it and why. No-op if already there."""
    if comment.status == status:
        return comment
    previous, was_clear = comment.status, poster_may_be_asked(comment)
    comment.status = status
    comment.save(update_fields=["status", "updated_at"])
    history_record(comment=comment, from_status=previous, reason=reason, actor=actor, note=note)
    if not was_clear:  # rescued from spam, or approved unchecked: a waiting opt-in mail goes
        poster_confirmation_release(comment=comment)
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
