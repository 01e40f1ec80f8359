"""The notices an approval queues (once each, never to the poster, three queries however
many follow), their text rendered once per kind with each follower's own links, and digests."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, OutboxMessage, Subscription
from comments.notifications.links import manage_link, unsubscribe_link
from comments.notifications.subscribers import MANAGE_MARK, UNSUBSCRIBE_MARK
from comments.services import (
    ImportedComment,
    comment_approve,
    comment_import,
    comment_unapprove,
)
from comments.services.outbox import outbox_run_once
from comments.services.subscriptions import (
    digests_queue,
)
from tests.comments.factories import CommentFactory
from tests.comments.test_subscriptions import Kind, confirmed, later, notices
from tests.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_approval_queues_each_notice_once_and_none_to_the_poster(essay):
    author_user = UserFactory(username="writer", email="Writer@Example.com")
    essay.authors.add(AuthorFactory(user=author_user))
    parent = CommentFactory(essay=essay, status=Comment.Status.APPROVED, author_email="p@x.org")
    reply = CommentFactory(essay=essay, parent=parent, author_email="poster@x.org")
    confirmed(essay, "p@x.org", kind="replies", comment=parent)
    confirmed(essay, "poster@x.org", kind="approval", comment=reply)
    confirmed(essay, "poster@x.org")  # follows too, but never hears of their own comment
    confirmed(essay, "follower@x.org")
    confirmed(essay, "p@x.org")  # replies and discussion: one mail, the reply notice
    Subscription.objects.create(email="unconfirmed@x.org", essay=essay, kind="discussion")

    comment_approve(comment=reply)
    comment_unapprove(comment=reply)
    comment_approve(comment=reply)

    sent = {to: row.kind for to, row in notices().items()}
    assert sent == {
        "poster@x.org": Kind.APPROVED,
        "p@x.org": Kind.REPLY,
        "follower@x.org": Kind.DISCUSSION,
        "writer@example.com": Kind.AUTHOR,
    }
    assert OutboxMessage.objects.count() == 4, "approved again: no second notice"


def notice_queries_of_an_approval(essay, followers: int) -> list[str]:
    for n in range(followers):
        confirmed(essay, f"follower{followers}-{n}@x.org")
    comment = CommentFactory(essay=essay)
    with CaptureQueriesContext(connection) as queries:
        comment_approve(comment=comment)
    assert len(notices()) >= followers
    tables = ("comments_subscription", "comments_outboxmessage", "essays_author")
    return [query["sql"] for query in queries if any(name in query["sql"] for name in tables)]


def test_queueing_notices_takes_three_queries_however_many_follow(essay):
    essay.authors.add(AuthorFactory(user=UserFactory(username="w", email="w@x.org")))
    comment_approve(comment=CommentFactory(essay=essay))  # the author's subscription is made

    one, many = notice_queries_of_an_approval(essay, 1), notice_queries_of_an_approval(essay, 40)

    assert len(one) == len(many) == 3  # subscriptions, authors' addresses, one insert


def test_an_author_who_unsubscribed_is_not_subscribed_again(essay):
    essay.authors.add(AuthorFactory(user=UserFactory(username="quiet", email="quiet@x.org")))
    comment_approve(comment=CommentFactory(essay=essay))
    author_subscription = Subscription.objects.get(email="quiet@x.org")
    author_subscription.unsubscribed_at = timezone.now()
    author_subscription.save()

    comment_approve(comment=CommentFactory(essay=essay))

    assert OutboxMessage.objects.filter(to="quiet@x.org").count() == 1


def test_each_notice_is_plain_text_with_one_click_unsubscribe_and_a_manage_link(client, essay):
    subscription = confirmed(essay, "follower@x.org")
    comment_approve(comment=CommentFactory(essay=essay, author_name="Rosa", body="Well <b>put</b>"))
    outbox_run_once()

    (message,) = mail.outbox
    assert message.content_subtype == "plain"
    assert message.subject == f"[Marginalia] New comment by Rosa on “{essay.title}”"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/unsubscribe/[^>\s]+/>", unsubscribe)
    assert "Well put" in message.body
    manage = re.search(r"http://testserver(/subscriptions/\S+)", message.body).group(1)
    assert client.get(manage).status_code == 200

    assert client.post(unsubscribe[len("<http://testserver") : -1]).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_digest_subscribers_get_one_mail_a_day_with_the_days_comments(essay, settings):
    settings.COMMENTS_DIGEST_HOURS = 24
    confirmed(essay, "daily@x.org", digest=True)
    first, second = CommentFactory.create_batch(2, essay=essay)
    with later(hours=1):
        comment_approve(comment=first)
        comment_approve(comment=second)
    assert not notices(), "no mail per comment"

    with later(hours=25):
        assert digests_queue() == 1
        assert digests_queue() == 0
    (digest,) = OutboxMessage.objects.filter(kind=Kind.DIGEST)
    assert first.body in digest.body and second.body in digest.body
    assert digest.subject == f"[Marginalia] 2 new comments on “{essay.title}”"
    with later(hours=50):
        assert digests_queue() == 0, "no comments since: no mail"


def test_imported_comments_are_in_no_digest(essay, settings):
    settings.COMMENTS_DIGEST_HOURS = 24
    confirmed(essay, "daily@x.org", digest=True)
    old = ImportedComment(
        "wp-1", "Old Reader", "old@x.org", "", "From 2014.", "approved", timezone.now()
    )
    with later(hours=1):
        comment_import(essay=essay, data=old)
    with later(hours=25):
        assert digests_queue() == 0
    assert not OutboxMessage.objects.exists()


def tokens(text: str, prefix: str) -> list[str]:
    return re.findall(rf"http://testserver/{prefix}/([^/\s>]+)/", text)


def test_each_follower_gets_links_to_their_own_subscription(essay):
    followers = [confirmed(essay, f"follower{n}@x.org") for n in range(5)]
    comment_approve(comment=CommentFactory(essay=essay, author_name="Rosa"))
    mailed = notices(OutboxMessage.Kind.DISCUSSION)
    assert set(mailed) == {each.email for each in followers}
    for each in followers:
        message = mailed[each.email]
        (in_body,) = tokens(message.body, "unsubscribe")
        (in_header,) = tokens(message.headers["List-Unsubscribe"], "unsubscribe")
        assert in_body == in_header and unsubscribe_link.read(in_body) == each.pk
        (manage,) = tokens(message.body, "subscriptions")
        assert manage_link.read(manage) == each.pk
        assert UNSUBSCRIBE_MARK not in message.body and MANAGE_MARK not in message.body


def test_kinds_keep_their_own_text(essay):
    parent = comment_approve(comment=CommentFactory(essay=essay, author_email="p@x.org"))
    confirmed(essay, "p@x.org", kind=Subscription.Kind.REPLIES, comment=parent)
    confirmed(essay, "follower@x.org")
    comment_approve(comment=CommentFactory(essay=essay, parent=parent, author_name="Bo"))
    mailed = notices()
    assert "Bo replied to your comment" in mailed["p@x.org"].body
    assert "Bo commented on" in mailed["follower@x.org"].body


def test_a_comment_quoting_link_like_text_is_mailed_as_written(essay):
    confirmed(essay, "follower@x.org")
    text = "Unsubscribe links look like /unsubscribe/abc/ and manage-0123 is a word."
    comment_approve(comment=CommentFactory(essay=essay, body=text))
    body = notices()["follower@x.org"].body
    assert "/unsubscribe/abc/ and manage-0123 is a word." in body


def test_a_hundred_followers_render_the_text_once(essay):
    Subscription.objects.bulk_create(
        Subscription(
            email=f"f{n}@x.org", essay=essay, kind="discussion", confirmed_at=essay.publish_at
        )
        for n in range(100)
    )
    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        comment_approve(comment=CommentFactory(essay=essay))
    finally:
        template_rendered.disconnect(seen)
    assert len(notices()) == 100
    assert rendered.count("comments/subscriptions/mail/notice.txt") == 1
