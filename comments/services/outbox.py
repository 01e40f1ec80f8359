"""The durable outbox: the worker sends due mail with Django's mail backend (EMAIL_URL).

A row is claimed (a lease, as the spam-check queue's claims), sent, then marked sent. A
failure keeps it with its error and a later due time, doubling up to
COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS: an outage delays mail and loses none. Two workers
never claim the same row, so none is sent twice while its lease holds.
"""

from __future__ import annotations

import datetime
import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone

from comments.models import OutboxMessage
from comments.services.claims import claim_due
from comments.services.subscriptions import digests_queue

logger = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 60


@dataclass
class OutboxReport:
    sent: int = 0
    failed: int = 0
    digests: int = 0
    last_error: str = ""


def outbox_claim_due(*, limit: int, until: datetime.datetime):
    unsent = OutboxMessage.objects.filter(sent_at__isnull=True)
    return claim_due(unsent, time_field="next_at", limit=limit, until=until)


def email_message(row: OutboxMessage) -> EmailMessage:
    return EmailMessage(subject=row.subject, body=row.body, to=[row.to], headers=row.headers)


def retry_delay(attempts: int) -> datetime.timedelta:
    seconds = FIRST_RETRY_SECONDS * 2 ** min(attempts - 1, 20)
    return datetime.timedelta(seconds=min(seconds, settings.COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS))


def outbox_send(*, pks: list[int], token: datetime.datetime, report: OutboxReport) -> None:
    """Send claimed rows, one at a time, so one refused address holds up no other mail."""
    connection = get_connection(fail_silently=False)
    rows = OutboxMessage.objects.filter(pk__in=pks, next_at=token).order_by("pk")
    try:
        for row in rows:
            try:
                connection.send_messages([email_message(row)])
            except Exception as error:  # any backend error: the row waits for its retry
                connection.close()
                _failed(row, token, error, report)
            else:
                OutboxMessage.objects.filter(pk=row.pk, next_at=token).update(
                    sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
                )
                report.sent += 1
    finally:
        connection.close()


def _failed(row: OutboxMessage, token, error: Exception, report: OutboxReport) -> None:
    attempts = row.attempts + 1
    described = f"{type(error).__name__}: {error}"[:500]
    OutboxMessage.objects.filter(pk=row.pk, next_at=token).update(
        attempts=attempts, next_at=timezone.now() + retry_delay(attempts), last_error=described
    )
    logger.warning("Mail %s to be retried (attempt %d): %s", row.pk, attempts, described)
    report.failed += 1
    report.last_error = described


def outbox_purge_sent() -> int:
    """Sent mail is a log, kept COMMENTS_OUTBOX_KEEP_DAYS: it holds readers' addresses."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.COMMENTS_OUTBOX_KEEP_DAYS)
    return OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()[0]


def outbox_run_once(*, stop: threading.Event | None = None) -> OutboxReport:
    """Queue due digests, then send every mail due when the pass starts (retries wait)."""
    report = OutboxReport()
    report.digests = digests_queue()
    started = timezone.now()
    while not (stop and stop.is_set()):
        pks, token = outbox_claim_due(limit=settings.COMMENTS_OUTBOX_BATCH, until=started)
        if not pks:
            break
        outbox_send(pks=pks, token=token, report=report)
    outbox_purge_sent()
    return report
