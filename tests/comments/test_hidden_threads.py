"""A reply whose parent leaves the page (trash, spam, unapproved) leaves counts and feeds too."""

import re

import feedparser
import pytest
from django.urls import reverse

from comments.models import Comment
from comments.selectors import comment_thread, with_public_comment_counts
from comments.services import comment_approve, comment_restore, comment_trash, comment_unapprove
from essays.models import Essay

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(make_comment):
    parent = comment_approve(comment=make_comment(body="The parent remark."))
    reply = comment_approve(comment=make_comment(body="A reply beneath.", parent=parent))
    deeper = comment_approve(comment=make_comment(body="Deeper still.", parent=reply))
    return parent, reply, deeper


def what_readers_get(client, essay) -> dict:
    page = client.get(essay.get_absolute_url()).content.decode()
    heading = re.search(r"(\d+|No) comments?", page)
    essay_feed = client.get(reverse("comments:essay-feed", args=[essay.slug])).content
    site_feed = client.get(reverse("comments:feed")).content
    listed = with_public_comment_counts(Essay.objects.filter(pk=essay.pk)).get()
    return {
        "page": {text for text in ("A reply beneath.", "Deeper still.") if text in page},
        "essay feed": len(feedparser.parse(essay_feed).entries),
        "site feed": len(feedparser.parse(site_feed).entries),
        "count": listed.comment_count,
        "thread count": comment_thread(essay=essay).count,
        "public": Comment.objects.public().count(),
        "heading": heading[0] if heading else None,
    }


@pytest.mark.parametrize("leave", [comment_trash, comment_unapprove])
def test_replies_under_a_parent_that_left_leave_every_public_place(client, essay, thread, leave):
    parent, _reply, deeper = thread
    leave(comment=parent)
    seen = what_readers_get(client, essay)
    assert seen == {
        "page": set(),
        "essay feed": 0,
        "site feed": 0,
        "count": 0,
        "thread count": 0,
        "public": 0,
        "heading": "0 comments",
    }
    assert Comment.objects.get(pk=deeper.pk).status == Comment.Status.APPROVED  # kept


def test_replies_come_back_with_their_parent(client, essay, thread):
    parent, _reply, _deeper = thread
    comment_trash(comment=parent)
    comment_restore(comment=parent)
    seen = what_readers_get(client, essay)
    assert (seen["page"], seen["count"], seen["essay feed"]) == (
        {"A reply beneath.", "Deeper still."},
        3,
        3,
    )


def test_a_middle_reply_hides_only_what_is_beneath_it(client, essay, thread):
    _parent, reply, _deeper = thread
    comment_trash(comment=reply)
    seen = what_readers_get(client, essay)
    assert (seen["page"], seen["count"], seen["public"]) == (set(), 1, 1)
