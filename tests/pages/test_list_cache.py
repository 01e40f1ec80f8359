"""The reader lists and feeds from the cache (pages/list_caching.py): one query a hit, every
change readers can see shown at once, nothing personal stored, no answer served in place of
another (junk page numbers, old WordPress addresses)."""

import datetime
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.services import comment_approve, comment_trash
from essays.models import Essay
from essays.services.corrections import essay_add_correction
from tests.factories import AuthorFactory, EssayFactory, TopicFactory
from tests.test_performance_cache import new_comment, stored_values

pytestmark = pytest.mark.django_db

LISTS = {
    "index": reverse("essays:index"),
    "topics": reverse("essays:topics"),
    "archive": reverse("essays:archive"),
    "rss": reverse("essays:rss"),
    "atom": reverse("essays:atom"),
    "comments feed": reverse("comments:feed"),
}


def reader_get(path, **query):
    return Client().get(path, query)


@pytest.fixture
def essay(db):
    return EssayFactory(
        title="The Weir", authors=[AuthorFactory(name="Ada Byline")], topics=[TopicFactory()]
    )


@pytest.mark.parametrize("path", LISTS.values(), ids=LISTS)
def test_a_second_visit_is_one_query(essay, path, django_assert_num_queries):
    first = reader_get(path)
    with django_assert_num_queries(1):
        second = reader_get(path)
    assert second.status_code == HTTPStatus.OK and second.content == first.content
    assert second["ETag"] == first["ETag"] and "public" in second["Cache-Control"]


def test_a_revisit_gets_304_without_a_render(essay, django_assert_num_queries):
    etag = reader_get(LISTS["index"])["ETag"]
    with django_assert_num_queries(1):
        again = Client().get(LISTS["index"], headers={"if-none-match": etag})
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_approved_and_trashed_comments_show_at_once(essay):
    reader_get(LISTS["index"])
    comment = comment_approve(comment=new_comment(essay, body="A remark for the feed."))
    assert "1 comment" in reader_get(LISTS["index"]).text
    assert "A remark for the feed." in reader_get(LISTS["comments feed"]).text
    comment_trash(comment=comment)
    assert "1 comment" not in reader_get(LISTS["index"]).text
    assert "A remark for the feed." not in reader_get(LISTS["comments feed"]).text


def test_a_pending_comment_changes_nothing_shared(essay):
    before = reader_get(LISTS["comments feed"]).content
    new_comment(essay, body="Held for a moderator.")
    assert reader_get(LISTS["comments feed"]).content == before
    assert all(b"Held for a moderator." not in value for value in stored_values())


def test_essay_author_and_topic_edits_show_at_once(essay):
    for path in LISTS.values():
        reader_get(path)
    essay.title = "The Weir, Revisited"
    essay.save()
    assert "The Weir, Revisited" in reader_get(LISTS["rss"]).text
    author = essay.authors.get()
    author.name = "Ada Lovelace-Byline"
    author.save()
    assert "Ada Lovelace-Byline" in reader_get(LISTS["index"]).text
    topic = essay.topics.get()
    topic.name = "Charts and Maps"
    topic.save()
    assert "Charts and Maps" in reader_get(LISTS["topics"]).text


def test_unpublishing_and_a_new_essay_show_at_once(essay):
    reader_get(LISTS["index"])
    EssayFactory(title="A newer essay")
    assert "A newer essay" in reader_get(LISTS["index"]).text
    essay.status = Essay.Status.DRAFT
    essay.save()
    assert "The Weir" not in reader_get(LISTS["index"]).text


def test_a_scheduled_essay_appears_when_its_time_comes(essay, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    EssayFactory(title="Due soon", publish_at=timezone.now() + datetime.timedelta(minutes=5))
    assert "Due soon" not in reader_get(LISTS["index"]).text
    time_machine.shift(datetime.timedelta(minutes=6))  # well within the cache's timeout
    assert "Due soon" in reader_get(LISTS["index"]).text


def test_a_correction_shows_in_the_feed_at_once(essay, editor):
    reader_get(LISTS["atom"])
    essay_add_correction(essay=essay, text="The weir is 4 m high, not 40 m.", user=editor)
    assert "not 40 m" in reader_get(LISTS["atom"]).text


def test_junk_page_numbers_are_never_answered_from_another_page(essay):
    assert reader_get(LISTS["index"]).status_code == HTTPStatus.OK
    for junk in ("abc", "0", "-1", "2", "9" * 30):
        assert reader_get(LISTS["index"], page=junk).status_code == HTTPStatus.NOT_FOUND
    assert reader_get(LISTS["index"], page="last").status_code == HTTPStatus.OK


def test_old_wordpress_addresses_still_redirect_once_the_front_page_is_cached(essay):
    essay.old_addresses.create(path="/?p=4")
    reader_get(LISTS["index"])
    response = reader_get(LISTS["index"], p="4")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].endswith(essay.get_absolute_url())


def test_personal_readers_get_fresh_lists_and_nothing_of_theirs_is_stored(essay, editor_client):
    response = editor_client.get(LISTS["index"])
    assert response["Cache-Control"] == "private, no-cache" and "ETag" not in response
    assert not [value for value in stored_values() if b"The Weir" in value]
