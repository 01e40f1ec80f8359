"""A notice's text is rendered once per kind and each subscriber's own links filled in: every
follower gets links to their own subscription, in the body and the headers alike."""

import re

import pytest
from django.test.signals import template_rendered

from comments.models import OutboxMessage, Subscription
from comments.notifications.links import manage_link, unsubscribe_link
from comments.notifications.subscribers import MANAGE_MARK, UNSUBSCRIBE_MARK
from comments.services import comment_approve
from tests.comments.factories import CommentFactory
from tests.comments.test_subscriptions import confirmed, notices

pytestmark = pytest.mark.django_db


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
