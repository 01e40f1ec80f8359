"""What readers see of comments: only approved ones on pages, counts and feeds, never an
email; the page's queries fixed however many; long threads paged; the privacy page."""

from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import CommentData, RequestMeta, comment_create
from tests.comments.test_posting import (
    approved_comment,
    comment_settings,  # noqa: F401 - autouse fixture
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_comments(essay):
    visible = approved_comment(essay, name="Visible", body="Approved words")
    hidden = {}
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH):
        comment = comment_create(
            essay=essay,
            data=CommentData(
                author_name=f"Hidden {status}",
                author_email=f"{status}@example.com",
                author_url="",
                body=f"Secret {status} words",
            ),
            meta=RequestMeta(ip_address="192.0.2.9"),
        )
        Comment.objects.filter(pk=comment.pk).update(status=status)
        hidden[status] = comment
    return visible, hidden


def test_pending_spam_and_trash_never_leak_into_pages_counts_or_feeds(
    client, essay, mixed_comments
):
    pages = [
        client.get(essay.get_absolute_url()).text,
        client.get(reverse("essays:index")).text,
        client.get(reverse("comments:feed")).content.decode(),
        client.get(reverse("comments:essay-feed", args=[essay.slug])).content.decode(),
    ]
    for text in pages:
        assert "Secret" not in text
        assert "Hidden" not in text
    assert "1 comment<" in pages[0]
    assert "Approved words" in pages[0]


def test_comment_feed_items_link_to_permalinks_and_keep_their_guid(client, essay, settings):
    comment = approved_comment(essay)
    (entry,) = feedparser.parse(client.get(reverse("comments:feed")).content).entries
    assert entry.link == f"{settings.SITE_URL}/comments/{comment.pk}/"
    assert entry.id == f"{settings.SITE_URL}{essay.get_absolute_url()}#comment-{comment.pk}"


def test_comment_feeds_are_valid(client, essay, mixed_comments):
    for url in (reverse("comments:feed"), reverse("comments:essay-feed", args=[essay.slug])):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        assert [e.title for e in feed.entries] == [f"Visible on “{essay.title}”"]


def test_email_is_never_shown_publicly(client, essay, mixed_comments):
    assert "earlier@example.com" not in client.get(essay.get_absolute_url()).text


@pytest.mark.parametrize("count", [0, 10, 500])
def test_essay_page_query_count_does_not_grow_with_comments(
    client, essay, count, django_assert_max_num_queries
):
    top = None
    for n in range(count):
        parent = top if n % 3 else None
        comment = approved_comment(essay, email=f"r{n}@example.com", body=f"Remark {n}")
        if parent:
            Comment.objects.filter(pk=comment.pk).update(parent=parent, root=parent, depth=2)
        else:
            top = comment
    with django_assert_max_num_queries(11):  # 9, the essay's corrections, its passage comments
        response = client.get(essay.get_absolute_url())
    assert response.status_code == HTTPStatus.OK


def test_long_threads_are_paginated(client, essay, settings):
    settings.COMMENTS_PER_PAGE = 5
    for n in range(7):
        approved_comment(essay, email=f"r{n}@example.com", body=f"Remark number {n}")
    first = client.get(essay.get_absolute_url()).text
    second = client.get(essay.get_absolute_url(), {"cpage": 2}).text
    assert "Remark number 0" in first and "Remark number 5" not in first
    assert "Remark number 5" in second
    assert "7 comments" in first


def test_privacy_page_says_what_is_stored(client):
    response = client.get(reverse("comments:privacy"))
    assert response.status_code == HTTPStatus.OK
    for phrase in ("IP address", "30 days", "on its own server", "Remember me"):
        assert phrase in response.text


def test_privacy_page_says_what_the_spam_service_receives_when_akismet_is_used(client, settings):
    settings.SPAM_CHECKER = "akismet"
    text = client.get(reverse("comments:privacy")).text
    assert "The service receives your comment, name, email, website, IP address" in text


def test_comment_form_links_to_the_privacy_page(client, essay):
    assert reverse("comments:privacy") in client.get(essay.get_absolute_url()).text


def test_index_shows_approved_comment_counts_only(client, essay, mixed_comments):
    approved_comment(essay, name="Second", email="second@example.com", body="More")
    response = client.get(reverse("essays:index"))
    listed = {e.pk: e.comment_count for e in response.context["essay_list"]}
    assert listed[essay.pk] == 2
    assert "2 comments</a>" in response.text
