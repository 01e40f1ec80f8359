"""Mail the receiving server refuses for good (SMTP 5xx, RFC 5321 4.2.1) is kept as refused
with its reason and not retried; temporary refusals and our own misconfiguration still are.
Against a real SMTP server on 127.0.0.1."""

import smtplib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from comments.models import OutboxMessage
from comments.services.outbox import is_permanent_refusal, outbox_purge_sent, outbox_run_once
from tests.comments.test_outbox import later, queued

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def test_a_refused_address_is_kept_as_refused_and_the_others_are_delivered(smtp_server):
    rows = queued(3)
    smtp_server.handler.refuse = {rows[1].to}

    report = outbox_run_once()

    assert (report.sent, report.failed, report.refused) == (2, 0, 1)
    refused = OutboxMessage.objects.get(pk=rows[1].pk)
    assert refused.refused_at is not None and refused.sent_at is None
    assert "550" in refused.last_error and "No such mailbox" in refused.last_error
    assert sorted(m["To"] for m in smtp_server.messages) == sorted([rows[0].to, rows[2].to])
    with later(seconds=DAY * 30):  # never claimed again: no retry can change the answer
        assert outbox_run_once().refused == 0
    assert smtp_server.handler.refused == 1


def test_a_message_refused_by_policy_is_not_retried(smtp_server):
    (row,) = queued(1)
    smtp_server.handler.fail = "554"
    assert outbox_run_once().refused == 1
    row.refresh_from_db()
    assert row.refused_at is not None and "554" in row.last_error


@pytest.mark.parametrize("failure", ["451", "421", "drop"])
def test_temporary_refusals_are_still_retried(smtp_server, failure):
    (row,) = queued(1)
    smtp_server.handler.fail = failure
    report = outbox_run_once()
    assert (report.failed, report.refused) == (1, 0)
    row.refresh_from_db()
    assert row.refused_at is None and row.next_at > timezone.now()


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"no such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (452, b"mailbox full, for now")}), False),
        (smtplib.SMTPDataError(554, b"policy"), True),
        (smtplib.SMTPDataError(451, b"try later"), False),
        # Our From address or login refused: every mail would be lost, so it is an outage.
        (smtplib.SMTPSenderRefused(553, b"sender rejected", "site@x.org"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (ConnectionRefusedError(), False),
    ],
)
def test_only_the_mails_own_5xx_is_permanent(error, permanent):
    assert is_permanent_refusal(error) is permanent


def test_the_worker_command_says_what_was_refused_and_exits_non_zero(smtp_server):
    (row,) = queued(1)
    smtp_server.handler.refuse = {row.to}
    with pytest.raises(CommandError, match="1 mail\\(s\\) refused for good"):
        call_command("process_spam_queue")


def test_the_admin_lists_refused_mail_and_can_try_it_again(client, superuser, smtp_server):
    (row,) = queued(1)
    smtp_server.handler.refuse = {row.to}
    outbox_run_once()
    client.force_login(superuser)
    changelist = reverse("admin:comments_outboxmessage_changelist")
    assert "Mail 0" in client.get(changelist, {"delivery": "refused"}).text
    assert "Mail 0" not in client.get(changelist, {"delivery": "failing"}).text

    smtp_server.handler.refuse = set()  # the reader fixed their mailbox
    client.post(changelist, {"action": "try_again_now", "_selected_action": [row.pk]})
    assert outbox_run_once().sent == 1


def test_refused_mail_is_purged_with_sent_mail(settings, smtp_server):
    settings.COMMENTS_OUTBOX_KEEP_DAYS = 1
    (row,) = queued(1)
    smtp_server.handler.refuse = {row.to}
    outbox_run_once()
    with later(seconds=2 * DAY):
        assert outbox_purge_sent() == 1
