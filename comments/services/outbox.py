"""The durable outbox: the worker sends due mail with Django's mail backend (EMAIL_URL).

A row is claimed (a lease, as the spam-check queue's claims), sent, then marked sent. A
failure keeps it with its error and a later due time, doubling up to
COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS: an outage delays mail and loses none. A permanent
refusal of the address or the message (SMTP 5xx, RFC 5321 section 4.2.1) is kept as refused
with its error instead, since every retry would be refused again; a refused sender or login
is our configuration, not the mail's, and is retried as an outage. Two workers never claim
the same row, so none is sent twice while its lease holds.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.utils import timezone

from comments.models import OutboxMessage
from comments.services.claims import claim_due
from comments.services.subscriptions import digests_queue

logger = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 60


@dataclass
class OutboxReport:
    sent: int = 0
    failed: int = 0  # to be retried
    refused: int = 0  # refused for good by the receiving server
    digests: int = 0
    last_error: str = ""


def outbox_claim_due(*, limit: int, until: datetime.datetime):
    unsent = OutboxMessage.objects.filter(sent_at__isnull=True, refused_at__isnull=True)
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
                if is_permanent_refusal(error):
                    _refused(row, token, error, report)
                else:
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


def is_permanent_refusal(error: Exception) -> bool:
    """The receiving server refused this mail for good: every recipient with a 5xx, or a 5xx
    for the message itself. Not a refused sender (SMTPSenderRefused) or login: those are the
    site's settings, and every mail would be lost while they are wrong."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    return isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600


def _refused(row: OutboxMessage, token, error: Exception, report: OutboxReport) -> None:
    described = f"{type(error).__name__}: {error}"[:500]
    OutboxMessage.objects.filter(pk=row.pk, next_at=token).update(
        attempts=row.attempts + 1, refused_at=timezone.now(), last_error=described
    )
    logger.error("Mail %s to %s refused for good, not retried: %s", row.pk, row.to, described)
    report.refused += 1
    report.last_error = described


def outbox_purge_sent() -> int:
    """Sent and refused mail is a log, kept COMMENTS_OUTBOX_KEEP_DAYS: it holds readers'
    addresses."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.COMMENTS_OUTBOX_KEEP_DAYS)
    done = Q(sent_at__lt=cutoff) | Q(refused_at__lt=cutoff)
    return OutboxMessage.objects.filter(done).delete()[0]


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
