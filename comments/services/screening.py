"""Screening: claim a saved comment, check it outside any transaction, apply the policy.

A reader's post that needs no network call to judge (the rules' prescreen, the embedded
checker) is screened before it is stored instead: screen_unsaved, then comment_submit stores
the comment with its verdict and status in its one write transaction (issue #17).

A claim moves the comment's ``check_next_at`` to a lease token (a time a few minutes ahead,
unique to the claim). Only the holder of the token may record a verdict, so a comment edited,
or claimed again after a lease ran out, never takes a stale answer. The HTTP call happens
between two short transactions: a slow service never holds a database lock.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, StatusChange
from comments.moderation import (
    Decision,
    decide,
    policy_decision,
    prescreen,
    reason_codes,
    verdict_note,
    verdict_reasons,
)
from comments.rendering import comment_display_html
from comments.services.status import comment_apply_decision
from comments.services.subscriptions import poster_confirmation_release
from comments.spam import status
from comments.spam.checkers import get_checker
from comments.spam.client import SpamServiceError
from comments.spam.history import counted_once
from comments.spam.verdict import Verdict

logger = logging.getLogger(__name__)

RECHECK_EDIT = "edit"
RECHECK_RETRY = "retry"
# A provisional ham (X-akismet-recheck-after): checked, decided, and checked again later.
RECHECK_SCHEDULED = "recheck_after"
MIN_RECHECK_AFTER = datetime.timedelta(minutes=1)
# What recording a verdict changes: the UPDATE leaves the text and its HTML alone.
VERDICT_FIELDS = [
    "check_state", "check_attempts", "check_error", "check_next_at", "verdict",
    "verdict_reasons", "verdict_codes", "verdict_checker", "verdict_raw", "checked_at",
    "spam_payload", "recheck_reason", "updated_at",
]  # fmt: skip


def next_check_delay(attempts: int, *, retry_after: float | None = None) -> datetime.timedelta:
    """Exponential backoff between re-checks, never sooner than the service asked."""
    base, cap = settings.SPAM_RETRY_BASE_SECONDS, settings.SPAM_RETRY_MAX_SECONDS
    seconds = min(cap, base * 2 ** max(0, attempts - 1))
    return datetime.timedelta(seconds=max(seconds, retry_after or 0))


def lease_token(now: datetime.datetime) -> datetime.datetime:
    """A claim's expiry, made unique by random microseconds so claims can be told apart."""
    lease = datetime.timedelta(seconds=settings.SPAM_QUEUE_LEASE_SECONDS)
    return now + lease + datetime.timedelta(microseconds=secrets.randbelow(1_000_000))


def screenable() -> Q:
    """Comments the pipeline may check: unchecked, or due a scheduled re-check, not decided."""
    return Q(status__in=[Comment.Status.PENDING, Comment.Status.APPROVED]) & (
        Q(check_state=Comment.CheckState.UNCHECKED)
        | Q(check_state=Comment.CheckState.CHECKED, recheck_reason=RECHECK_SCHEDULED)
    )


def comment_claim(*, comment_id: int) -> datetime.datetime | None:
    """Claim one due comment for checking; the lease token, or None if it is not ours."""
    now = timezone.now()
    token = lease_token(now)
    claimed = (
        Comment.objects.filter(screenable(), pk=comment_id, check_next_at__lte=now)
        .update(check_next_at=token)
    )  # fmt: skip
    return token if claimed else None


@dataclass(frozen=True)
class Screening:
    """A verdict reached before the comment was stored, and what the policy made of it."""

    verdict: Verdict
    decision: Decision


def screen_unsaved(comment: Comment) -> Screening | None:
    """Judge a new, unsaved comment when that needs no network call; None when it does.

    The prescreen's rules and the embedded checker answer in-process and read only committed
    rows, so nothing is held while they run. The verdict and the decided status are put on
    the instance; screening_store records them once the comment is saved. A checker that
    asks a service over the network keeps "store, then check outside any transaction", and so
    does a check that fails here: comment_screen tries again and holds the comment if it
    fails again.
    """
    try:
        checker = get_checker()
        if not checker.answers_locally:
            return None
        with counted_once(comment):  # the checker and the policy both ask about approvals
            verdict = prescreen(comment) or checker.check(comment)
            decision = policy_decision(comment, verdict)
    except Exception:  # the stored-first path tries again, logs it and holds the comment
        logger.debug("Screening before storing failed; checking after.", exc_info=True)
        return None
    verdict_set(comment, verdict, decision, recheck_reason="")
    if decision.status is not None and not decision.drop:
        comment.status = decision.status
    return Screening(verdict, decision)


def screening_store(*, comment: Comment, screening: Screening) -> Comment:
    """Record a verdict from screen_unsaved, inside the transaction that saved `comment`.

    The comment was saved with its verdict and decided status (an approved one with its
    display HTML): what is left is its history, posted, checked and decided, in one INSERT,
    and what the decision sets off (subscribers' mail, the essay's stamp, moderators' mail).
    """
    posted = StatusChange(
        comment=comment,
        from_status="",
        to_status=Comment.Status.PENDING,
        reason=StatusChange.Reason.POSTED,
    )
    return decision_apply(
        comment,
        screening.verdict,
        screening.decision,
        recheck_reason="",
        previous=Comment.Status.PENDING,
        earlier=(posted,),
    )


def take_posting_claim(comment: Comment) -> datetime.datetime | None:
    """The claim comment_submit stored with `comment`, if this instance carries one.

    It serves one screening: popped, so a later comment_screen of the same instance claims
    afresh. A claim lost meanwhile (lease run out, taken again) records no verdict.
    """
    return comment.__dict__.pop("screening_claim", None)


def comment_screen(*, comment: Comment, recheck_reason: str = "") -> Comment:
    """Check `comment` for spam and give it the status the moderation rules decide.

    Call it outside any transaction. It never raises for a failed check: the comment stays
    pending and unchecked, and process_spam_queue tries again. A comment that another process
    is checking is returned as it stands. With SPAM_DISCARD_DROP a discarded comment is
    deleted, and the returned instance has no pk.
    """
    posting_token = take_posting_claim(comment)
    token = posting_token or comment_claim(comment_id=comment.pk)
    if token is not None:
        # The instance comment_submit just stored is the comment as it stands: no re-read.
        screened = screen_claimed(
            comment_id=comment.pk,
            token=token,
            recheck_reason=recheck_reason,
            stored=comment if posting_token else None,
        )
        if screened is not None:
            return screened
    comment.refresh_from_db()
    return comment


def screen_claimed(
    *,
    comment_id: int,
    token: datetime.datetime,
    recheck_reason: str = "",
    stored: Comment | None = None,
) -> Comment | None:
    """Check a comment this process has claimed; None if it went away or the answer is stale.

    The moderation policy's prescreen comes first: what it decides never reaches a checker.
    `stored` is the instance just saved under this claim, when the caller has it.
    """
    comment = stored or Comment.objects.select_related("essay").filter(pk=comment_id).first()
    if comment is None:
        return None
    with counted_once(comment):  # the checker and the policy both ask about approvals
        try:
            verdict = prescreen(comment) or get_checker().check(
                comment, recheck_reason=recheck_reason
            )
        except SpamServiceError as error:
            logger.warning("Spam check of comment %s failed: %s", comment.pk, error)
            return comment_hold(comment=comment, token=token, error=error)
        except Exception as error:  # any failure holds the comment: never approved unchecked
            logger.exception("Spam check of comment %s failed", comment.pk)
            status.record_failure(f"{type(error).__name__}: {error}")
            return comment_hold(comment=comment, token=token, error=error)
        if stored is not None:
            recorded = verdict_record_untouched(
                comment=stored, token=token, verdict=verdict, recheck_reason=recheck_reason
            )
            if recorded is not None:
                return recorded
    return comment_record_verdict(
        comment_id=comment.pk, token=token, verdict=verdict, recheck_reason=recheck_reason
    )


def describe(error: Exception) -> str:
    """The check error moderators read: kind, message and the service's debugging hint."""
    text = f"{type(error).__name__}: {error}"
    debug_help = getattr(error, "debug_help", None)
    return f"{text} ({debug_help})"[:300] if debug_help else text[:300]


def comment_hold(*, comment: Comment, token: datetime.datetime, error: Exception) -> Comment:
    """Keep the comment as it is (pending, unchecked) and schedule another try."""
    attempts = comment.check_attempts + 1
    retry_after = getattr(error, "retry_after", None)
    Comment.objects.filter(pk=comment.pk, check_next_at=token).update(
        check_attempts=attempts,
        check_next_at=timezone.now() + next_check_delay(attempts, retry_after=retry_after),
        check_error=describe(error),
        recheck_reason=comment.recheck_reason or RECHECK_RETRY,
    )
    comment.refresh_from_db()
    return comment


@transaction.atomic
def comment_record_verdict(
    *, comment_id: int, token: datetime.datetime, verdict: Verdict, recheck_reason: str = ""
) -> Comment | None:
    """Store the verdict and apply the moderation policy; None if the claim was lost."""
    comment = (
        Comment.objects.select_for_update()
        .select_related("essay")
        .filter(pk=comment_id, check_next_at=token)
        .first()
    )
    if comment is None:
        logger.info("Dropping a stale spam verdict for comment %s.", comment_id)
        return None
    decision = decide(comment, verdict)
    verdict_set(comment, verdict, decision, recheck_reason=recheck_reason)
    comment.save(update_fields=VERDICT_FIELDS)
    decision_apply(comment, verdict, decision, recheck_reason=recheck_reason)
    poster_confirmation_release(comment=comment)
    return comment


def verdict_record_untouched(
    *, comment: Comment, token: datetime.datetime, verdict: Verdict, recheck_reason: str = ""
) -> Comment | None:
    """The verdict on a comment this process stored, if nothing changed it since; else None.

    One UPDATE guarded by the claim, the status and the time of the last save stands in for
    reading the comment again under the write lock: if it matches, nobody (no moderator, no
    edit, no other claim) has touched the comment, so the policy decides alone. The decision,
    the new status and an approved comment's display HTML are worked out before the write
    transaction and stored with the verdict. If it does not match, comment_record_verdict
    decides.
    """
    previous, stored_at = comment.status, comment.updated_at
    decision = policy_decision(comment, verdict)
    verdict_set(comment, verdict, decision, recheck_reason=recheck_reason)
    comment.updated_at = comment.checked_at
    fields = [*VERDICT_FIELDS, *decided_fields(comment, decision)]
    with transaction.atomic():
        untouched = Comment.objects.filter(
            pk=comment.pk, check_next_at=token, status=previous, updated_at=stored_at
        ).update(**{field: getattr(comment, field) for field in fields})
        if untouched:
            decision_apply(
                comment, verdict, decision, recheck_reason=recheck_reason, previous=previous
            )
            poster_confirmation_release(comment=comment)
            return comment
    return None


def decided_fields(comment: Comment, decision: Decision) -> list[str]:
    """Put the decided status (and an approved comment's display HTML) on the instance."""
    if decision.status is None or decision.drop:
        return []
    comment.status = decision.status
    if comment.status != Comment.Status.APPROVED:
        return ["status"]
    comment.display_html = comment_display_html(comment)
    return ["status", "display_html"]


def verdict_set(
    comment: Comment, verdict: Verdict, decision: Decision, *, recheck_reason: str
) -> None:
    """Put the verdict and what it means for re-checks on the instance (not saved)."""
    now = timezone.now()
    comment.check_state = Comment.CheckState.CHECKED
    comment.check_attempts += 1
    comment.check_error = ""
    comment.check_next_at = now
    comment.verdict = verdict.kind
    comment.verdict_reasons = verdict_reasons(verdict, decision)
    comment.verdict_codes = reason_codes(comment.verdict_reasons)
    comment.verdict_checker = verdict.checker
    comment.verdict_raw = verdict.raw[:2000]
    comment.checked_at = now
    if verdict.payload:
        comment.spam_payload = verdict.payload
    if verdict.recheck_after is not None:
        comment.recheck_reason = RECHECK_SCHEDULED
        delay = datetime.timedelta(seconds=verdict.recheck_after)
        comment.check_next_at = now + max(delay, MIN_RECHECK_AFTER)
    elif comment.recheck_reason == RECHECK_SCHEDULED:
        comment.recheck_reason = ""


def decision_apply(
    comment: Comment,
    verdict: Verdict,
    decision: Decision,
    *,
    recheck_reason: str,
    previous: str | None = None,
    earlier: Sequence[StatusChange] = (),
) -> Comment:
    """The verdict's history entry and the decision, inside the verdict's transaction.

    `previous`: the status before, when the decided one is stored already (on the instance).
    `earlier`: unsaved history entries that come before the verdict's, stored with it.
    """
    before = comment.status if previous is None else previous
    # The checker's own verdict is history too, even when a moderator's decision stands.
    verdict_entry = StatusChange(
        comment=comment,
        from_status=before,
        to_status=before,
        reason=StatusChange.Reason.SPAM_CHECK,
        note=verdict_note(verdict),
    )
    if decision.status is None or decision.drop:
        StatusChange.objects.bulk_create([*earlier, verdict_entry])
    if decision.status is None:
        return comment
    if decision.drop:
        logger.info("Deleting comment %s: blatant spam (SPAM_DISCARD_DROP).", comment.pk)
        comment.delete()
        return comment
    return comment_apply_decision(
        comment=comment,
        decision=decision,
        reason_override=StatusChange.Reason.RECHECK if recheck_reason else None,
        preceded_by=[*earlier, verdict_entry],
        stored_from=previous,
    )
