"""Moderators are mailed about held comments: at once, then in digests, with safe headers."""

import datetime
import email
import email.policy
import json
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from comments.notifications import header_safe, moderator_emails, moderators_notify_held
from comments.notifications.moderators import DIGEST_MAX_LISTED
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

VECTORS = Path(__file__).resolve().parent.parent / "data" / "header_injection_vectors.json"
# Line breaks that Python's email package or mail clients honour, beyond CR and LF.
BREAKS = ["\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.fixture(autouse=True)
def fresh_mail_window(settings):
    settings.COMMENTS_NOTIFY_DIGEST_MINUTES = 15
    settings.COMMENTS_MODERATOR_EMAILS = []
    cache.clear()
    yield
    cache.clear()


def parsed(message):
    """The message as a mail client reads it."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def later(minutes):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def test_moderators_are_those_who_may_moderate_and_have_an_address(moderator, editor, superuser):
    StaffFactory(username="away", group="Moderators", is_active=False)
    StaffFactory(username="silent", group="Moderators", email="")
    direct = UserFactory(username="direct")
    direct.user_permissions.add(Permission.objects.get(codename="can_moderate"))
    assert moderator_emails() == sorted([moderator.email, superuser.email, direct.email])


def test_with_no_moderator_the_settings_fallback_is_used(settings):
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.com"]
    assert moderator_emails() == ["desk@example.com"]


def test_a_held_comment_is_mailed_at_once_with_a_link_to_it(moderator):
    comment = CommentFactory(author_name="Rosa Quill", body="A <em>fine</em> point.")

    assert moderators_notify_held(comment) == 1

    (message,) = mail.outbox
    assert message.to == [moderator.email]
    assert message.subject == f"[Marginalia] A comment awaits moderation on “{comment.essay.title}”"
    assert f"http://testserver/admin/comments/comment/{comment.pk}/change/" in message.body
    assert "Rosa Quill" in message.body
    assert "A fine point." in message.body
    assert "http://testserver/admin/comments/comment/?tab=pending" in message.body


def test_a_held_reply_is_mailed_with_the_permalink_of_the_comment_it_answers(moderator):
    parent = CommentFactory(status=Comment.Status.APPROVED)
    reply = CommentFactory(essay=parent.essay, parent=parent)

    moderators_notify_held(reply)

    (message,) = mail.outbox
    assert f"It answers:  http://testserver/comments/{parent.pk}/\n" in message.body


def test_comments_held_within_the_window_wait_for_one_digest(moderator):
    moderators_notify_held(CommentFactory())
    with later(minutes=1):
        second, third = CommentFactory.create_batch(2)
        assert moderators_notify_held(second) == 0
        assert moderators_notify_held(third) == 0
        call_command("send_moderation_digest")
    assert len(mail.outbox) == 1

    with later(minutes=16):
        call_command("send_moderation_digest")
        call_command("send_moderation_digest")
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert digest.subject == "[Marginalia] 2 comments await moderation"
    for comment in (second, third):
        assert f"/admin/comments/comment/{comment.pk}/change/" in digest.body
    assert f"/comment/{Comment.objects.order_by('pk').first().pk}/change/" not in digest.body


def test_a_flood_of_held_comments_loads_only_those_the_mail_lists(moderator):
    """After a spam wave the mail lists the first 50 and counts the rest, without loading
    them: each listed comment comes with its essay, which once made a post take 0.5 s."""
    flood = CommentFactory.create_batch(DIGEST_MAX_LISTED + 12)
    with CaptureQueriesContext(connection) as queries:
        assert moderators_notify_held(flood[-1]) == 1
    (message,) = mail.outbox
    assert message.subject == f"[Marginalia] {len(flood)} comments await moderation"
    assert "… and 12 more." in message.body
    assert f"/comment/{flood[DIGEST_MAX_LISTED - 1].pk}/change/" in message.body
    assert f"/comment/{flood[DIGEST_MAX_LISTED].pk}/change/" not in message.body
    loads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    listing = [sql for sql in loads if "essays_essay" in sql]
    assert len(listing) == 1 and f"LIMIT {DIGEST_MAX_LISTED}" in listing[0], listing
    assert '"essays_essay"."body_html"' not in listing[0]


def test_nothing_is_sent_for_comments_that_are_not_pending(moderator):
    assert moderators_notify_held(CommentFactory(status=Comment.Status.APPROVED)) == 0
    call_command("send_moderation_digest")
    assert mail.outbox == []


def test_after_a_quiet_window_the_next_held_comment_is_mailed_at_once(moderator):
    moderators_notify_held(CommentFactory())
    with later(minutes=20):
        assert moderators_notify_held(CommentFactory()) == 1
    assert len(mail.outbox) == 2


def test_a_failing_mail_server_does_not_break_posting(moderator, settings):
    settings.EMAIL_BACKEND = "tests.comments.test_notifications.BrokenBackend"
    assert moderators_notify_held(CommentFactory()) == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_moderation_digest")  # the lock was released: the digest sends it
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def injection_vectors():
    vectors = json.loads(VECTORS.read_text()) if VECTORS.exists() else []
    names = [v["value"] for v in vectors if v["field"] in ("name", "subject")]
    return names + [f"Alice{b}Bcc: victim@example.com" for b in BREAKS]


@pytest.mark.parametrize("name", injection_vectors())
def test_commenter_input_never_becomes_a_header(moderator, name):
    essay = EssayFactory(title=f"Essay{name}")
    comment = CommentFactory(
        essay=essay,
        author_name=name,
        author_email=f"x{name}@example.com",
        author_url=f"https://example.com/{name}",
        body=name,
    )

    moderators_notify_held(comment)

    (message,) = mail.outbox
    received = parsed(message)
    assert sorted(received.keys()) == sorted(
        ["Content-Type", "MIME-Version", "Content-Transfer-Encoding", "Subject", "From", "To",
         "Date", "Message-ID"]
    )  # fmt: skip
    assert received["To"] == moderator.email
    assert received["From"] == "Marginalia <noreply@localhost>"
    assert not any(b in str(received["Subject"]) for b in BREAKS)
    assert "Bcc" not in received and "X-Injected" not in received
    # In the body, a name stays on its line: it cannot pose as another line of the mail.
    author_line = next(line for line in message.body.splitlines() if line.startswith("Author:"))
    assert author_line == f"Author:  {header_safe(name, limit=80)}"


@pytest.mark.parametrize("text", [f"a{b}b" for b in BREAKS] + ["a\x00b", "a\x7fb\x9f"])
def test_header_safe_leaves_one_line(text):
    assert header_safe(text) == "a b"
