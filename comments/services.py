"""Everything that can happen to a comment. Grep for `comment_` to see it all."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from comments.models import BlockedCommenter, Comment, SpamFeedback, StatusChange
from comments.moderation import policy
from comments.rendering import comment_display_html
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
    # Every status change and edit passes here: the one place readers' pages are refreshed.
    comment_published_changed(comment=comment, from_status=from_status)


def comment_published_changed(*, comment: Comment, from_status: str = "") -> None:
    """Re-render an approved comment's display HTML; move its essay's stamp if readers see it."""
    if comment.status == Comment.Status.APPROVED:
        comment.display_html = comment_display_html(comment)
        Comment.objects.filter(pk=comment.pk).update(display_html=comment.display_html)
    if Comment.Status.APPROVED in (from_status, comment.status):
        essay_comments_touch(essay_id=comment.essay_id)


def essay_comments_touch(*, essay_id: int) -> None:
    """Mark what readers see of an essay's comments as changed (new page cache key, ETag)."""
    Essay.objects.filter(pk=essay_id).update(comments_changed_at=timezone.now())


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
    if comment.status == Comment.Status.PENDING:
        # Batched into a digest by the notifier, so re-checks cannot flood moderators.
        from comments.notifications import moderators_notify_held

        transaction.on_commit(lambda: moderators_notify_held(comment))
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


# Moderation: what moderators do from the admin.
# ------------------------------------------------------------------------------
# Statuses a reader can see, or that await a decision: never deleted by moderators' tools.
LIVE_STATUSES = (Comment.Status.PENDING, Comment.Status.APPROVED)
RESTORABLE_STATUSES = (Comment.Status.SPAM, Comment.Status.TRASH)


class ModerationError(Exception):
    """A moderation action that does not apply to a comment in its current state."""


@dataclass(frozen=True)
class StatusUndo:
    """Enough to reverse one moderation action: (comment id, status before, status after)."""

    changes: tuple[tuple[int, str, str], ...]
    block_ids: tuple[int, ...] = ()


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
        _record(
            comment=comment,
            from_status=comment.status,
            reason=StatusChange.Reason.RECHECK,
            actor=actor,
            note="check requested by a moderator",
        )
    comment.refresh_from_db()
    if not screen:
        return comment
    # Outside the transaction above: the spam service may be slow (see the pipeline's docstring).
    from comments.spam.pipeline import comment_screen

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
def comment_block_commenter(*, comment: Comment, actor=None) -> StatusUndo:
    """Block the commenter's email and IP, and trash their comments awaiting moderation."""
    email, ip_address = comment.author_email, comment.ip_address
    already = BlockedCommenter.objects.filter(email__iexact=email, ip_address=ip_address).exists()
    block = None
    if not already:
        block = BlockedCommenter.objects.create(
            email=email, ip_address=ip_address, created_by=actor, note=f"comment {comment.pk}"
        )
    # The same match the moderation policy uses for new comments (moderation.is_blocked).
    match = Q(author_email=email.lower())
    if ip_address:
        match |= Q(ip_address=ip_address)
    changes = []
    for pending in Comment.objects.in_moderation().filter(match).select_for_update():
        comment_trash(comment=pending, actor=actor, note="commenter blocked")
        changes.append((pending.pk, Comment.Status.PENDING, Comment.Status.TRASH))
    return StatusUndo(changes=tuple(changes), block_ids=(block.pk,) if block else ())


@transaction.atomic
def comment_undo(*, undo: StatusUndo, actor=None) -> int:
    """Reverse a moderation action; comments changed again since are left alone. Count."""
    BlockedCommenter.objects.filter(pk__in=undo.block_ids).delete()
    before = {pk: (old, new) for pk, old, new in undo.changes}
    reverted = 0
    for comment in Comment.objects.select_for_update().filter(pk__in=before):
        old, new = before[comment.pk]
        if comment.status != new:
            continue
        comment_set_status(comment=comment, status=old, actor=actor, note="undone")
        _sync_feedback(comment=comment, previous=new)
        reverted += 1
    return reverted


@transaction.atomic
def comment_edit_by_moderator(*, comment: Comment, actor=None, **fields: str) -> Comment:
    """Correct a comment's text or author fields: re-sanitised and recorded; status kept.

    `fields` may hold body, author_name, author_email and author_url.
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
    comment.body_html = sanitize_comment(comment.body)
    comment.body_hash = body_fingerprint(comment.body)
    comment.full_clean(
        exclude=["root", "user", "parent"], validate_unique=False, validate_constraints=False
    )
    comment.save()
    labels = ", ".join(str(Comment._meta.get_field(name).verbose_name) for name in changed)
    _record(
        comment=comment,
        from_status=comment.status,
        reason=StatusChange.Reason.EDIT,
        actor=actor,
        note=f"by a moderator: {labels}",
    )
    return comment


@dataclass(frozen=True)
class PurgeCount:
    discarded: int
    trashed: int


@transaction.atomic
def comment_purge_expired(*, now=None) -> PurgeCount:
    """Delete blatant spam and trash past their keeping time; live comments are never touched."""
    now = now or timezone.now()
    discard_cutoff = now - timezone.timedelta(days=settings.SPAM_DISCARD_KEEP_DAYS)
    trash_cutoff = now - timezone.timedelta(days=settings.COMMENTS_TRASH_KEEP_DAYS)
    # A comment above a live reply stays: deleting it would cascade to the reply. Replies
    # share their thread's root and sit deeper, which is all this (cautious) test needs.
    live_below = Comment.objects.filter(
        root_id=OuterRef("root_id"), depth__gt=OuterRef("depth"), status__in=LIVE_STATUSES
    )
    expired = Comment.objects.exclude(Exists(live_below))
    discarded = expired.filter(
        status=Comment.Status.SPAM, verdict=Comment.Verdict.DISCARD, checked_at__lt=discard_cutoff
    )
    trashed = expired.filter(status=Comment.Status.TRASH, updated_at__lt=trash_cutoff)
    return PurgeCount(discarded=_delete_comments(discarded), trashed=_delete_comments(trashed))


def _delete_comments(queryset) -> int:
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        Comment.objects.filter(pk__in=ids[start : start + 500]).delete()
    return len(ids)
