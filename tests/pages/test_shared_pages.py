"""Every reader page an anonymous reader opens is the same bytes for everyone: no CSRF token,
no cookie, nothing of the reader, so any HTTP cache may hold one copy for all."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from comments.services import CommentData, RequestMeta, comment_approve, comment_create
from tests.factories import EssayFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(time_machine):
    time_machine.move_to("2026-03-01 12:00:00+00:00", tick=False)  # one form window
    topic = TopicFactory(slug="rivers")
    essay = EssayFactory(slug="the-weir", topics=[topic])
    comment = comment_create(
        essay=essay,
        data=CommentData(
            author_name="Rosa Quill", author_email="r@example.com", author_url="", body="Yes."
        ),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )
    comment_approve(comment=comment)
    return essay


PAGES = {
    "index": reverse("essays:index"),
    "essay": "/essays/the-weir/",
    "topics": reverse("essays:topics"),
    "topic": "/topics/rivers/",
    "archive": reverse("essays:archive"),
    "rss": reverse("essays:rss"),
    "atom": reverse("essays:atom"),
    "comments feed": reverse("comments:feed"),
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES)
def test_two_anonymous_readers_get_the_same_bytes_and_no_cookie(publication, path):
    first, second = Client().get(path), Client().get(path)
    assert first.status_code == second.status_code == HTTPStatus.OK
    assert first.content == second.content
    assert not first.cookies and not second.cookies
    assert b"csrfmiddlewaretoken" not in first.content


LISTS = {name: PAGES[name] for name in ("index", "topics", "topic", "archive", "rss", "atom")}


@pytest.mark.parametrize("path", LISTS.values(), ids=LISTS)
def test_lists_and_feeds_may_be_shared_and_revisits_get_304(publication, path, settings):
    settings.ESSAY_PAGE_S_MAXAGE, settings.ESSAY_PAGE_STALE_SECONDS = 7, 40
    first = Client().get(path)
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=7, stale-while-revalidate=40"
    assert "Cookie" in first["Vary"] and first["ETag"].startswith('W/"')
    again = Client().get(path, headers={"if-none-match": first["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED and not again.content


def test_a_new_essay_changes_the_index_etag(publication):
    first = Client().get(PAGES["index"])
    EssayFactory(title="A newer essay")
    again = Client().get(PAGES["index"], headers={"if-none-match": first["ETag"]})
    assert again.status_code == HTTPStatus.OK and "A newer essay" in again.text


def test_readers_with_a_cookie_of_their_own_get_lists_fresh(publication):
    reader = Client()
    reader.cookies["comment_author"] = "x"
    response = reader.get(PAGES["index"])
    assert response["Cache-Control"] == "private, no-cache" and "ETag" not in response
