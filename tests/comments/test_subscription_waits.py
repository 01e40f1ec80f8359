"""A poster's "notify me" mails its opt-in only once the comment is cleared: spammers type
strangers' addresses, and the site must not mail them (services/subscriptions.py)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from comments.models import Comment, OutboxMessage, Subscription
from comments.services import (
    comment_approve,
    comment_mark_ham,
    comment_mark_spam,
    comment_restore,
    comment_trash,
)
from comments.services.subscriptions import (
    Outcome,
    comment_subscribe_poster,
    poster_confirmation_release,
)
from tests.akismet_server.protocol import SPAM_AUTHOR
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

POSTER = "poster@example.org"
HONEYPOT_FILLED = {"homepage_url": "https://seo.example.com/"}


def confirmations() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=OutboxMessage.Kind.CONFIRM))


def poster_requests() -> list[tuple[str, object, object]]:
    rows = Subscription.objects.filter(email=POSTER).order_by("kind")
    return [(row.kind, row.asked_at is not None, row.confirmed_at) for row in rows]


def test_a_post_judged_spam_in_process_keeps_the_request_and_mails_nobody(post_comment):
    post_comment(author_email=POSTER, notify_replies="on", **HONEYPOT_FILLED)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert poster_requests() == [("approval", False, None), ("replies", False, None)]
    assert confirmations() == []


def test_a_moderator_rescuing_it_sends_the_opt_in_once(post_comment, moderator):
    post_comment(author_email=POSTER, notify_replies="on", **HONEYPOT_FILLED)
    comment = Comment.objects.get()

    comment_mark_ham(comment=comment, actor=moderator)
    (mail,) = confirmations()
    assert mail.to == POSTER and "My comment published" in mail.body
    assert poster_requests() == [("approval", True, None), ("replies", True, None)]

    # Back to spam and out again: the poster was asked already.
    comment_mark_spam(comment=comment, actor=moderator)
    comment_mark_ham(comment=comment, actor=moderator)
    assert len(confirmations()) == 1


def test_trashing_and_restoring_a_spam_comment_mails_nobody(post_comment, moderator):
    post_comment(author_email=POSTER, notify_replies="on", **HONEYPOT_FILLED)
    comment = Comment.objects.get()

    comment_trash(comment=comment, actor=moderator)
    comment_restore(comment=comment, actor=moderator)
    assert comment.status == Comment.Status.SPAM
    assert confirmations() == []


def test_a_post_judged_ham_in_process_is_asked_at_once(post_comment):
    post_comment(author_email=POSTER, notify_replies="on")

    assert Comment.objects.get().verdict == Comment.Verdict.HAM
    assert [mail.to for mail in confirmations()] == [POSTER]
    assert poster_requests() == [("approval", True, None), ("replies", True, None)]


def test_akismet_spam_mails_nobody_and_akismet_ham_mails_after_the_check(
    akismet_settings, akismet_server, post_comment
):
    post_comment(author_name=SPAM_AUTHOR, author_email=POSTER, notify_replies="on")
    assert Comment.objects.get().status == Comment.Status.SPAM
    assert confirmations() == []

    akismet_server.script("ham", times=1)
    post_comment(author_email="other@example.org", notify_replies="on")
    ham = Comment.objects.get(author_email="other@example.org")
    assert (ham.verdict, ham.verdict_checker) == (Comment.Verdict.HAM, "akismet")
    assert [mail.to for mail in confirmations()] == ["other@example.org"]


def test_during_an_outage_the_request_waits_until_a_moderator_approves(
    akismet_settings, akismet_server, post_comment, moderator
):
    akismet_server.script("503", times=10)
    post_comment(author_email=POSTER, notify_replies="on")
    comment = Comment.objects.get()
    assert comment.check_state == Comment.CheckState.UNCHECKED
    assert confirmations() == []

    comment_approve(comment=comment, actor=moderator)
    assert [mail.to for mail in confirmations()] == [POSTER]


def test_an_address_confirmed_for_the_essay_is_confirmed_at_once_even_unchecked(essay):
    Subscription.objects.create(
        email=POSTER, essay=essay, kind="discussion", confirmed_at=timezone.now()
    )
    comment = CommentFactory(essay=essay, author_email=POSTER, check_state="unchecked")

    assert comment_subscribe_poster(comment=comment) == Outcome.CONFIRMED
    assert confirmations() == []


@pytest.mark.parametrize(
    ("status", "check_state", "verdict", "mailed"),
    [
        ("pending", "unchecked", "", False),
        ("pending", "checked", "spam", False),  # a moderator's hold kept against the verdict
        ("spam", "checked", "spam", False),
        ("trash", "checked", "ham", False),
        ("pending", "checked", "ham", True),
        ("approved", "unchecked", "", True),  # a moderator approved it
    ],
)
def test_who_may_be_asked(essay, status, check_state, verdict, mailed):
    comment = CommentFactory(
        essay=essay, author_email=POSTER, status=status, check_state=check_state, verdict=verdict
    )

    outcome = comment_subscribe_poster(comment=comment)

    assert outcome == (Outcome.MAILED if mailed else Outcome.WAITING)
    assert len(confirmations()) == mailed
    assert poster_confirmation_release(comment=comment) is None, "nothing waits, or not yet"


def test_the_migration_counts_requests_made_before_it_as_asked(essay):
    waiting = Subscription.objects.create(email="old@example.org", essay=essay, kind="discussion")
    done = Subscription.objects.create(
        email="done@example.org", essay=essay, kind="discussion", confirmed_at=timezone.now()
    )
    migration = importlib.import_module("comments.migrations.0018_subscription_asked_at")

    migration.asked_when_created(django_apps, None)

    waiting.refresh_from_db()
    done.refresh_from_db()
    assert waiting.asked_at == waiting.created_at
    assert done.asked_at is None
