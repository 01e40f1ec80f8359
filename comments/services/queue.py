"""The durable spam-check queue: re-checks of held comments, and moderators' feedback.

Workers claim rows in short transactions, then call the service outside them. On PostgreSQL
claims use ``SELECT ... FOR UPDATE SKIP LOCKED``, so any number of workers on any number of
machines share one queue. On SQLite every transaction takes the write lock at BEGIN
(``transaction_mode: IMMEDIATE`` in settings), which serialises claims; several workers are
safe there too, though one is all a single machine needs.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from comments.models import Comment, SpamFeedback
from comments.services.claims import claim_due as _claim
from comments.services.housekeeping import comment_purge_discards
from comments.services.outbox import OutboxReport, outbox_run_once
from comments.services.screening import (
    RECHECK_RETRY,
    describe,
    next_check_delay,
    screen_claimed,
    screenable,
)
from comments.spam.checkers import (
    AkismetChecker,
    Checker,
    ensure_key_verified,
    get_checker,
    key_known_invalid,
    service_answers,
)
from comments.spam.client import InvalidKeyError, RateLimited, SpamServiceError
from comments.spam.learning import Lesson, spam_model_learn, tokens_for

logger = logging.getLogger(__name__)


@dataclass
class QueueReport:
    """What one pass did; `failed` and `bad_key` are what needs a human's attention."""

    checked: dict[str, int] = field(default_factory=dict)  # by verdict
    failed: int = 0
    stale: int = 0
    feedback_sent: int = 0
    feedback_failed: int = 0
    purged: int = 0
    bad_key: str = ""
    last_error: str = ""
    mail: OutboxReport = field(default_factory=OutboxReport)

    @property
    def did_work(self) -> bool:
        return bool(
            sum(self.checked.values()) or self.failed or self.feedback_sent or self.mail.sent
        )

    def summary(self) -> str:
        verdicts = ", ".join(f"{n} {kind or 'unknown'}" for kind, n in sorted(self.checked.items()))
        return (
            f"Checked {sum(self.checked.values())} comment(s)"
            + (f" ({verdicts})" if verdicts else "")
            + f"; {self.failed} failed and will be retried; {self.stale} stale. "
            f"Feedback: {self.feedback_sent} sent, {self.feedback_failed} failed. "
            f"Purged {self.purged} discarded comment(s)."
            + (f" Last error: {self.last_error}" if self.last_error else "")
            + self.mail_summary()
        )

    def mail_summary(self) -> str:
        if not (self.mail.sent or self.mail.failed or self.mail.refused):
            return ""
        return (
            f" Mail: {self.mail.sent} sent, {self.mail.failed} failed and will be retried"
            + (f", {self.mail.refused} refused for good" if self.mail.refused else "")
            + (f" ({self.mail.last_error})" if self.mail.last_error else "")
            + "."
        )


def comment_claim_due(*, limit: int, until: datetime.datetime):
    return _claim(
        Comment.objects.filter(screenable()), time_field="check_next_at", limit=limit, until=until
    )


def feedback_claim_due(*, limit: int, until: datetime.datetime):
    return _claim(
        SpamFeedback.objects.filter(sent_at__isnull=True),
        time_field="next_at",
        limit=limit,
        until=until,
    )


def recheck_reason_for(comment: Comment) -> str:
    if comment.recheck_reason:
        return comment.recheck_reason
    return RECHECK_RETRY if comment.check_attempts else ""


def spam_queue_run_once(*, stop: threading.Event | None = None) -> QueueReport:
    """Check every comment due now, deliver every due feedback report, then send due mail
    (the outbox, comments.services.outbox): once each."""
    report = _spam_pass(stop=stop)
    report.mail = outbox_run_once(stop=stop)
    return report


def _spam_pass(*, stop: threading.Event | None) -> QueueReport:
    report = QueueReport()
    checker = get_checker()
    if isinstance(checker, AkismetChecker):
        try:
            ensure_key_verified(
                checker.client, checker.key_id, force=key_known_invalid(checker.key_id)
            )
        except InvalidKeyError as error:
            report.bad_key = str(error)
            return report
        except SpamServiceError as error:
            report.last_error = describe(error)  # the checks will fail and back off one by one
    # Rows due when the pass starts: whatever fails in it is due later, so none loops.
    started = timezone.now()
    if _held_for_long(started).exists() and service_answers(checker):
        _held_for_long(started).update(check_next_at=started)
    batch = settings.SPAM_QUEUE_BATCH
    while not (stop and stop.is_set()):
        pks, token = comment_claim_due(limit=batch, until=started)
        if not pks:
            break
        for pk in pks:
            if stop and stop.is_set():
                _release(Comment, "check_next_at", pk, token)
                continue
            _check_one(pk, token, report)
    while not (stop and stop.is_set()):
        pks, token = feedback_claim_due(limit=batch, until=started)
        if not pks:
            break
        feedback_deliver(pks=pks, token=token, checker=checker, report=report)
    report.purged = comment_purge_discards()
    return report


def _held_for_long(now: datetime.datetime):
    """Comments held after a failure whose next try is more than a lease away.

    Anything due sooner may be claimed by a worker right now (a claim is a lease of at most
    SPAM_QUEUE_LEASE_SECONDS), so only these can be brought forward without a double check.
    Rate-limited checks keep the wait the service asked for.
    """
    lease = datetime.timedelta(seconds=settings.SPAM_QUEUE_LEASE_SECONDS + 1)
    return (
        Comment.objects.filter(
            screenable(), check_state=Comment.CheckState.UNCHECKED, check_next_at__gt=now + lease
        )
        .exclude(check_error="")
        .exclude(check_error__startswith=RateLimited.__name__)
    )


def _release(model, time_field: str, pk: int, token: datetime.datetime) -> None:
    """Give back a claimed row at once, on shutdown, instead of waiting for its lease."""
    model.objects.filter(pk=pk, **{time_field: token}).update(**{time_field: timezone.now()})


def _check_one(pk: int, token: datetime.datetime, report: QueueReport) -> None:
    comment = Comment.objects.filter(pk=pk).only("recheck_reason", "check_attempts").first()
    if comment is None:
        return
    result = screen_claimed(comment_id=pk, token=token, recheck_reason=recheck_reason_for(comment))
    if result is None:
        report.stale += 1
    elif result.check_error:
        report.failed += 1
        report.last_error = result.check_error
    else:
        report.checked[result.verdict] = report.checked.get(result.verdict, 0) + 1


def feedback_deliver(
    *, pks: list[int], token: datetime.datetime, checker: Checker, report: QueueReport
) -> None:
    """Send claimed spam/not-spam reports to the service, and teach the local model."""
    rows = (
        SpamFeedback.objects.filter(pk__in=pks, next_at=token)
        .select_related("comment__essay")
        .order_by("created_at", "pk")
    )
    lessons, delivered = [], []
    last_kind: dict[int, str | None] = {}
    for row in rows:
        comment = row.comment
        try:
            _submit(row, checker)
        except SpamServiceError as error:
            _feedback_failed(row, error, report)
            continue
        if comment.pk not in last_kind:
            last_kind[comment.pk] = (
                comment.feedback.filter(sent_at__isnull=False)
                .order_by("-sent_at", "-pk")
                .values_list("kind", flat=True)
                .first()
            )
        previous = last_kind[comment.pk]
        if previous != row.kind:
            lessons.append(
                Lesson(
                    tokens_for(comment),
                    is_spam=row.kind == SpamFeedback.Kind.SPAM,
                    forget_opposite=previous is not None,
                )
            )
        last_kind[comment.pk] = row.kind
        delivered.append(row.pk)
    with transaction.atomic():
        if lessons:
            spam_model_learn(lessons=lessons)
        SpamFeedback.objects.filter(pk__in=delivered, next_at=token).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
    report.feedback_sent += len(delivered)


def _submit(row: SpamFeedback, checker: Checker) -> None:
    """Repeat to Akismet what it was sent at check time, as its API asks."""
    if not isinstance(checker, AkismetChecker):
        return
    comment = row.comment
    payload = comment.spam_payload
    if not payload and comment.ip_address:
        payload = checker.payload(comment)  # never sent: checked before the key was set
    if not payload:
        return
    if row.kind == SpamFeedback.Kind.SPAM:
        checker.client.submit_spam(payload)
    else:
        checker.client.submit_ham(payload)


def _feedback_failed(row: SpamFeedback, error: SpamServiceError, report: QueueReport) -> None:
    attempts = row.attempts + 1
    delay = next_check_delay(attempts, retry_after=getattr(error, "retry_after", None))
    SpamFeedback.objects.filter(pk=row.pk, next_at=row.next_at).update(
        attempts=attempts, next_at=timezone.now() + delay, last_error=describe(error)
    )
    report.feedback_failed += 1
    report.last_error = describe(error)


def spam_queue_run_forever(
    *,
    stop: threading.Event,
    sleep: float,
    on_pass: Callable[[QueueReport], None] | None = None,
) -> None:
    """Run passes until `stop` is set; sleep when idle, longer while the key is rejected."""
    while not stop.is_set():
        _close_old_connections()
        try:
            report = spam_queue_run_once(stop=stop)
        except Exception:
            logger.exception("The spam queue pass failed; trying again in %.0f s.", sleep)
            stop.wait(sleep)
            continue
        if on_pass is not None:
            on_pass(report)
        if report.bad_key:
            logger.error("Spam queue paused: %s", report.bad_key)
            stop.wait(max(sleep, 60))
        elif not report.did_work:
            stop.wait(sleep)
    _close_old_connections()


def _close_old_connections() -> None:
    """As Django does around a request: drop connections that broke or outlived CONN_MAX_AGE."""
    if not connection.in_atomic_block:  # a test's transaction, which closing would end
        close_old_connections()
