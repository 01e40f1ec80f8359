"""The durable outbox, sent by the worker to a real SMTP server on 127.0.0.1 that fails."""

import datetime
import json
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, OutboxMessage, Subscription
from comments.services import comment_approve, spam_queue_run_once
from comments.services.outbox import outbox_run_once, retry_delay
from essays.models import Essay
from tests.comments.conftest import in_two_workers
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

VECTORS = Path(__file__).resolve().parent.parent / "data" / "header_injection_vectors.json"
TITLE_MAX = Essay._meta.get_field("title").max_length
NAME_MAX = Comment._meta.get_field("author_name").max_length
EXPECTED_HEADERS = {
    "Content-Type",
    "MIME-Version",
    "Content-Transfer-Encoding",
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Auto-Submitted",
}


def queued(n: int = 1, **fields) -> list[OutboxMessage]:
    return [
        OutboxMessage.objects.create(
            to=f"reader{i}@example.org",
            subject=f"Mail {i}",
            body=f"Body {i}",
            kind=OutboxMessage.Kind.DISCUSSION,
            **fields,
        )
        for i in range(n)
    ]


def later(seconds: float):
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


def follower(essay, email="follower@example.org", **fields) -> Subscription:
    return Subscription.objects.create(
        email=email, essay=essay, kind="discussion", confirmed_at=timezone.now(), **fields
    )


def test_the_worker_sends_due_mail_and_marks_it_sent(smtp_server):
    (row,) = queued(headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})

    report = outbox_run_once()

    assert report.sent == 1
    (message,) = smtp_server.messages
    assert message["To"] == "reader0@example.org"
    assert message["Subject"] == "Mail 0"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1 and row.last_error == ""
    assert outbox_run_once().sent == 0  # nothing twice


@pytest.mark.parametrize("failure", ["451", "421", "drop"])
def test_an_outage_delays_mail_then_recovery_delivers_it_exactly_once(smtp_server, failure):
    rows = queued(3)
    smtp_server.handler.fail = failure

    report = outbox_run_once()

    assert report.sent == 0 and report.failed == 3
    assert smtp_server.messages == []
    for row in rows:
        row.refresh_from_db()
        assert row.sent_at is None and row.attempts == 1
        assert row.next_at > timezone.now()
        assert row.last_error, "the error is kept for whoever looks"
    assert outbox_run_once().failed == 0  # not due yet: no hammering of a failing server

    smtp_server.handler.fail = None
    with later(seconds=retry_delay(1).total_seconds() + 1):
        assert outbox_run_once().sent == 3
        assert outbox_run_once().sent == 0

    assert Counter(message["To"] for message in smtp_server.messages) == Counter(
        row.to for row in rows
    )
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_retries_back_off_up_to_the_ceiling(settings):
    settings.COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS = 3600
    delays = [retry_delay(attempt).total_seconds() for attempt in (1, 2, 3, 10, 40)]
    assert delays == [60, 120, 240, 3600, 3600]


def test_the_spam_queue_worker_sends_the_mail_and_says_so(smtp_server, capsys):
    queued(2)
    call_command("process_spam_queue")
    assert len(smtp_server.messages) == 2
    assert "Mail: 2 sent, 0 failed" in capsys.readouterr().out


def test_the_worker_command_fails_loudly_while_mail_fails(smtp_server):
    queued(1)
    smtp_server.handler.fail = "451"
    with pytest.raises(CommandError, match="1 mail"):
        call_command("process_spam_queue")
    assert OutboxMessage.objects.get().sent_at is None


def test_sent_mail_is_purged_after_the_keep_days(smtp_server, settings):
    settings.COMMENTS_OUTBOX_KEEP_DAYS = 30
    queued(1)
    outbox_run_once()
    with later(seconds=31 * 86400):
        outbox_run_once()
    assert not OutboxMessage.objects.exists()


def test_a_notice_queued_in_a_rolled_back_transaction_is_never_sent(smtp_server, essay):
    follower(essay)
    comment = CommentFactory(essay=essay)
    with pytest.raises(RuntimeError), transaction.atomic():
        comment_approve(comment=comment)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the approval fails after its notice was queued")
    assert not OutboxMessage.objects.exists()
    spam_queue_run_once()
    assert smtp_server.messages == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_mail_once(smtp_server, settings, database_for_threads):
    settings.COMMENTS_OUTBOX_BATCH = 2
    rows = queued(30)

    sent, errors = in_two_workers(lambda: outbox_run_once().sent)

    assert errors == []
    assert sent["a"] + sent["b"] == 30
    delivered = Counter(message["To"] for message in smtp_server.messages)
    assert delivered == Counter(row.to for row in rows)
    assert set(delivered.values()) == {1}


def test_header_injection_in_names_and_titles_never_adds_a_header(smtp_server):
    # PostgreSQL text cannot hold NUL (forms refuse it first): another control stands in.
    vectors = [case["value"].replace("\x00", "\x01") for case in json.loads(VECTORS.read_text())]
    for n, value in enumerate(vectors):
        essay = EssayFactory(title=f"Title {value}"[:TITLE_MAX])
        follower(essay, email=f"follower{n}@example.org")
        comment_approve(comment=CommentFactory(essay=essay, author_name=value[:NAME_MAX]))

    report = outbox_run_once()

    assert report.failed == 0 and report.sent == len(vectors)
    assert len(smtp_server.messages) == len(vectors)
    for message in smtp_server.messages:
        assert set(message.keys()) <= EXPECTED_HEADERS, message.keys()
        assert "Set-Cookie" not in message and "Bcc" not in message
        assert message["To"].startswith("follower")
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"]


def test_the_admin_shows_failing_mail_and_can_bring_it_forward(client, superuser, smtp_server):
    (row,) = queued(1)
    smtp_server.handler.fail = "451"
    outbox_run_once()
    client.force_login(superuser)
    changelist = reverse("admin:comments_outboxmessage_changelist")

    page = client.get(changelist, {"delivery": "failing"})
    assert page.status_code == 200 and "Mail 0" in page.text
    assert "451" in client.get(reverse("admin:comments_outboxmessage_change", args=[row.pk])).text

    smtp_server.handler.fail = None
    client.post(changelist, {"action": "try_again_now", "_selected_action": [row.pk]})
    assert outbox_run_once().sent == 1  # no waiting out the backoff


def test_moderators_without_the_permission_cannot_read_the_outbox(moderator_client):
    queued(1)
    for name in ("outboxmessage", "subscription"):
        response = moderator_client.get(reverse(f"admin:comments_{name}_changelist"))
        assert response.status_code == 403
