"""Readers' subscriptions: double opt-in, unsubscribing, the manage page, following a
discussion, privacy (test_notices.py: what an approval mails)."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, OutboxMessage, Subscription
from comments.notifications.links import confirm_link, manage_link, unsubscribe_link
from comments.services import (
    comment_approve,
    privacy_erase,
    privacy_export,
)
from comments.services.outbox import outbox_run_once
from comments.services.subscriptions import (
    Outcome,
    comment_subscribe_poster,
    discussion_follow,
)
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

Kind = OutboxMessage.Kind


def later(**delta):
    return time_machine.travel(timezone.now() + datetime.timedelta(**delta), tick=False)


def confirmed(essay, email, kind="discussion", comment=None, **fields) -> Subscription:
    return Subscription.objects.create(
        email=email,
        essay=essay,
        kind=kind,
        comment=comment,
        confirmed_at=timezone.now(),
        **fields,
    )


def notices(kind=None) -> dict[str, OutboxMessage]:
    rows = OutboxMessage.objects.exclude(kind=Kind.CONFIRM)
    return {row.to: row for row in (rows.filter(kind=kind) if kind else rows)}


def link_in(body: str, name: str) -> str:
    """The path of the first link in a mail's body to the named URL."""
    (url,) = re.findall(r"http://testserver(/\S+)", body)[:1] or [""]
    assert reverse(name, args=["x"]).rsplit("x", 1)[0] in url
    return url


def test_ticking_notify_queues_one_confirmation_and_confirms_nothing(post_comment, essay):
    post_comment(author_email="Poster@Example.org", notify_replies="on")

    comment = Comment.objects.get()
    kinds = set(Subscription.objects.values_list("kind", "email", "confirmed_at", "comment_id"))
    assert kinds == {
        ("approval", "poster@example.org", None, comment.pk),
        ("replies", "poster@example.org", None, comment.pk),
    }
    (mail_row,) = OutboxMessage.objects.all()
    assert (mail_row.kind, mail_row.to) == (Kind.CONFIRM, "poster@example.org")
    assert "My comment published" in mail_row.body and "Replies to a comment" in mail_row.body
    link_in(mail_row.body, "comments:subscription-confirm")


def test_not_ticking_notify_subscribes_nothing(post_comment):
    post_comment()
    assert not Subscription.objects.exists() and not OutboxMessage.objects.exists()


def test_the_confirm_link_shows_a_button_and_only_the_post_confirms(client, essay):
    discussion_follow(email="reader@example.org", essay=essay)
    url = link_in(OutboxMessage.objects.get().body, "comments:subscription-confirm")

    page = client.get(url)
    assert page.status_code == 200 and "<button" in page.text
    assert Subscription.objects.get().confirmed_at is None, "a mail scanner's GET confirms nothing"

    done = client.post(url)
    assert done.status_code == 200 and "Confirmed" in done.text
    assert Subscription.objects.get().confirmed_at is not None


def test_an_address_confirmed_for_the_essay_is_not_mailed_again(essay):
    confirmed(essay, "known@example.org")
    comment = CommentFactory(essay=essay, author_email="known@example.org")

    assert comment_subscribe_poster(comment=comment) == Outcome.CONFIRMED
    assert not OutboxMessage.objects.exists()
    assert Subscription.objects.active().count() == 3
    assert discussion_follow(email="known@example.org", essay=essay) == Outcome.ALREADY


def test_confirmation_mails_to_one_address_are_rate_limited(essay, settings):
    settings.COMMENTS_CONFIRM_MAILS_PER_HOUR = 2
    outcomes = [
        discussion_follow(email="target@example.org", essay=EssayFactory()) for _ in range(4)
    ]
    assert outcomes == [Outcome.MAILED, Outcome.MAILED, Outcome.RATE_LIMITED, Outcome.RATE_LIMITED]
    assert OutboxMessage.objects.filter(to="target@example.org").count() == 2
    with later(hours=1, minutes=1):
        assert discussion_follow(email="target@example.org", essay=essay) == Outcome.MAILED


def test_expired_tampered_and_wrong_purpose_links_are_refused_with_a_clear_page(
    client, essay, settings
):
    settings.COMMENTS_CONFIRM_LINK_DAYS = 3
    discussion_follow(email="reader@example.org", essay=essay)
    subscription = Subscription.objects.get()
    token = confirm_link.token(subscription.pk)
    confirm = reverse("comments:subscription-confirm", args=[token])

    with later(days=3, hours=1):
        expired = client.post(confirm)
    tampered = client.post(confirm.replace(token, token[:-2] + "xx"))
    other_id = client.post(
        reverse("comments:subscription-confirm", args=[token.replace(f"{subscription.pk}:", "9:")])
    )
    wrong = client.post(
        reverse("comments:subscription-confirm", args=[unsubscribe_link.token(subscription.pk)])
    )

    assert expired.status_code == 400 and "This link has expired" in expired.text
    for response in (tampered, other_id, wrong):
        assert response.status_code == 400
        assert "not valid" in response.text and "Nothing was changed" in response.text
    assert Subscription.objects.get().confirmed_at is None
    manage_with_unsubscribe_token = reverse(
        "comments:subscriptions", args=[unsubscribe_link.token(subscription.pk)]
    )
    assert client.get(manage_with_unsubscribe_token).status_code == 400


def test_one_click_unsubscribe_needs_no_csrf_token_and_a_get_changes_nothing(essay):
    subscription = confirmed(essay, "reader@example.org")
    url = reverse("comments:unsubscribe", args=[unsubscribe_link.token(subscription.pk)])
    strict = Client(enforce_csrf_checks=True)

    page = strict.get(url)
    assert page.status_code == 200 and "<button" in page.text
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None

    response = strict.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 200 and "Unsubscribed" in response.text
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert strict.post(url).status_code == 200  # again: still unsubscribed, no error


def test_the_manage_page_lists_the_address_and_changes_only_its_own(client, essay):
    mine = confirmed(essay, "me@example.org")
    other_essay = confirmed(EssayFactory(title="Another essay"), "me@example.org")
    stranger = confirmed(essay, "stranger@example.org")
    url = reverse("comments:subscriptions", args=[manage_link.token(mine.pk)])

    page = client.get(url)
    assert page.status_code == 200
    assert "Another essay" in page.text and "stranger@example.org" not in page.text

    client.post(url, {"subscription": other_essay.pk, "action": "digest"})
    client.post(url, {"subscription": mine.pk, "action": "unsubscribe"})
    refused = client.post(url, {"subscription": stranger.pk, "action": "unsubscribe"}, follow=True)
    client.post(url, {"subscription": "１", "action": "unsubscribe"})  # a full-width digit

    assert "not one of your subscriptions" in refused.text
    other_essay.refresh_from_db()
    mine.refresh_from_db()
    stranger.refresh_from_db()
    assert other_essay.digest and other_essay.unsubscribed_at is None
    assert mine.unsubscribed_at is not None
    assert stranger.unsubscribed_at is None


def test_the_manage_page_refuses_a_post_without_the_csrf_token(essay):
    mine = confirmed(essay, "me@example.org")
    url = reverse("comments:subscriptions", args=[manage_link.token(mine.pk)])
    response = Client(enforce_csrf_checks=True).post(
        url, {"subscription": mine.pk, "action": "unsubscribe"}
    )
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.unsubscribed_at is None


def test_the_follow_form_subscribes_after_confirmation(client, essay):
    response = client.post(reverse("comments:follow", args=[essay.slug]), {"email": "f@x.org"})
    assert response.status_code == 302
    assert Subscription.objects.get().email == "f@x.org"
    assert OutboxMessage.objects.get().kind == Kind.CONFIRM


def test_the_follow_form_refuses_a_bad_address_and_keeps_it(client, essay):
    url = reverse("comments:follow", args=[essay.slug])
    response = client.post(url, {"email": "not an address\u2028Bcc: x@y.org"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.text
    assert "not an address" in response.text
    assert not Subscription.objects.exists()


def test_one_network_may_ask_to_follow_only_so_often(client, essay, settings):
    settings.COMMENTS_FOLLOWS_PER_HOUR = 2
    url = reverse("comments:follow", args=[essay.slug])
    answers = [
        client.post(url, {"email": f"v{n}@x.org"}, REMOTE_ADDR="203.0.113.9") for n in range(3)
    ]
    elsewhere = client.post(url, {"email": "v3@x.org"}, REMOTE_ADDR="198.51.100.4")

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 3600
    assert "Too many requests from your network" in answers[2].text
    assert 'value="v2@x.org"' in answers[2].text, "the address typed is kept"
    assert elsewhere.status_code == 302
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "v0@x.org",
        "v1@x.org",
        "v3@x.org",
    ]


def test_the_follow_form_refuses_another_sites_post(client, essay):
    response = client.post(
        reverse("comments:follow", args=[essay.slug]),
        {"email": "victim@x.org"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_subscriptions_never_reach_the_shared_essay_page(client, essay):
    with time_machine.travel(timezone.now(), tick=False):
        before = Client().get(essay.get_absolute_url()).content
        client.post(reverse("comments:follow", args=[essay.slug]), {"email": "f@x.org"})
        Subscription.objects.update(confirmed_at=timezone.now())
        after = Client().get(essay.get_absolute_url()).content
    assert after == before
    assert b"f@x.org" not in after
    assert b"Follow this discussion" in after and b"Notify me of replies" in after


def test_export_includes_subscriptions_and_erase_removes_them_with_their_mail(essay):
    comment = CommentFactory(essay=essay, author_email="gone@x.org")
    comment_subscribe_poster(comment=comment)
    confirmed(EssayFactory(), "gone@x.org")
    confirmed(essay, "stays@x.org")

    exported = privacy_export(email="Gone@x.org")["subscriptions"]
    assert sorted(row["kind"] for row in exported) == ["approval", "discussion", "replies"]

    privacy_erase(email="gone@x.org")
    assert list(Subscription.objects.values_list("email", flat=True)) == ["stays@x.org"]
    assert not OutboxMessage.objects.filter(to="gone@x.org").exists()


def test_erasure_takes_back_mail_to_others_that_quotes_the_erased_comments(essay):
    confirmed(essay, "follower@x.org")
    erased = CommentFactory(essay=essay, author_email="gone@x.org", author_name="Rosa Quill")
    other = CommentFactory(essay=essay, author_email="stays@x.org")
    comment_approve(comment=erased)
    comment_approve(comment=other)
    outbox_run_once()  # one sent, as a log, and one queued after it
    comment_approve(comment=CommentFactory(essay=essay, author_email="gone@x.org", body="Two"))

    privacy_erase(email="gone@x.org")

    (left,) = OutboxMessage.objects.all()
    assert other.get_absolute_url() in left.body and "Rosa Quill" not in left.body
