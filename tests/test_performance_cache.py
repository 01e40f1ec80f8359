"""The anonymous essay page cache: exact invalidation, one copy for every reader, 304s."""

import datetime
import re
import time
from http import HTTPStatus

import pytest
from django.core import signing
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment
from comments.services import (
    CommentData,
    RequestMeta,
    comment_approve,
    comment_create,
    comment_edit_by_moderator,
    comment_edit_by_poster,
    comment_trash,
    comment_unapprove,
)
from comments.services.privacy import privacy_erase
from essays.models import Essay
from essays.services import source_update
from pages.caching import essay_page_stamps
from tests.factories import AuthorFactory, EssayFactory, FootnoteFactory, TopicFactory

pytestmark = pytest.mark.django_db


def reader_get(essay, **headers):
    """A first-time anonymous reader's request (no cookies at all)."""
    return Client().get(essay.get_absolute_url(), headers=headers)


def warm(essay):
    """Render the page into the cache and check the second visit is a hit."""
    reader_get(essay)
    return reader_get(essay)


def new_comment(essay, *, body="A remark worth keeping.", email="reader@example.com"):
    return comment_create(
        essay=essay,
        data=CommentData(author_name="Rosa Quill", author_email=email, author_url="", body=body),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )


def stored_values() -> list[bytes]:
    """Every value in the cache as stored (pickled): locmem's, or Redis's (.ci/run)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        return [client.get(key) for key in client.scan_iter()]
    return list(backend._cache.values())


def aged_timestamp(essay):
    """A signed form timestamp as if the form had been shown a minute ago."""
    return signing.dumps({"essay": essay.pk, "t": time.time() - 60}, salt=TIMESTAMP_SALT)


def post_as_reader(client, essay, body: str, **fields):
    """Post the essay's comment form as a reader (Pat Poster) with `client`."""
    data = {"author_name": "Pat Poster", "author_email": "pat@example.com", "author_url": "",
            "body": body, "homepage_url": "", "timestamp": aged_timestamp(essay)}  # fmt: skip
    return client.post(reverse("comments:post", args=[essay.slug]), data | fields)


@pytest.fixture
def approved(essay):
    return comment_approve(comment=new_comment(essay))


def test_second_anonymous_visit_is_one_query(essay, approved, django_assert_num_queries):
    reader_get(essay)
    with django_assert_num_queries(1):
        response = reader_get(essay)
    assert response.status_code == HTTPStatus.OK
    assert "A remark worth keeping." in response.text


@pytest.mark.parametrize("count", [0, 10, 500])
def test_essay_page_queries_are_fixed_cached_or_not(
    essay, count, django_assert_max_num_queries, django_assert_num_queries
):
    Comment.objects.bulk_create(
        Comment(
            essay=essay,
            author_name=f"Reader {n}",
            author_email=f"r{n}@example.com",
            body=f"Remark {n}",
            body_html=f"<p>Remark {n}</p>",
            body_hash=str(n),
            status=Comment.Status.APPROVED,
        )
        for n in range(count)
    )
    with django_assert_max_num_queries(11):  # 9, the essay's corrections, its passage comments
        assert reader_get(essay).status_code == HTTPStatus.OK
    with django_assert_num_queries(1):
        assert reader_get(essay).status_code == HTTPStatus.OK


def test_two_anonymous_readers_get_the_same_bytes_and_no_cookie(essay, time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # within one form window
    first, second = reader_get(essay), reader_get(essay)  # a render, then a cache hit
    assert first.status_code == second.status_code == HTTPStatus.OK
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert not first.cookies and not second.cookies and "Set-Cookie" not in second
    assert "csrfmiddlewaretoken" not in second.text
    stamp = re.search(r'name="timestamp" value="([^"]+)"', second.text)[1]
    assert signing.loads(stamp, salt=TIMESTAMP_SALT)["essay"] == essay.pk


def test_anonymous_pages_may_be_shared_and_personal_ones_may_not(client, essay, settings):
    settings.ESSAY_PAGE_S_MAXAGE, settings.ESSAY_PAGE_STALE_SECONDS = 7, 40
    shared = reader_get(essay)
    assert shared["Cache-Control"] == "public, max-age=0, s-maxage=7, stale-while-revalidate=40"
    assert set(shared["Vary"].split(", ")) == {"Cookie", "Accept-Encoding"}
    reader = Client()
    reader.cookies["comment_author"] = "x"
    assert reader.get(essay.get_absolute_url())["Cache-Control"] == "private, no-cache"


def test_a_cached_page_posts_with_csrf_checks_on(essay):
    reader = Client(enforce_csrf_checks=True)
    reader_get(essay)  # someone else filled the cache
    page = reader.get(essay.get_absolute_url()).text
    stamp = re.search(r'name="timestamp" value="([^"]+)"', page)[1]
    response = reader.post(
        reverse("comments:post", args=[essay.slug]),
        {"author_name": "A", "author_email": "a@example.com",
         "body": "Hello there.", "timestamp": stamp, "homepage_url": ""},
        headers={"sec-fetch-site": "same-origin"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(body="Hello there.").exists()


def test_approving_shows_the_comment_at_once(essay):
    comment = new_comment(essay)
    assert "A remark worth keeping." not in warm(essay).text
    comment_approve(comment=comment)
    page = reader_get(essay).text
    assert "A remark worth keeping." in page and "1 comment" in page


def test_moderator_edit_shows_at_once(essay, approved):
    warm(essay)
    comment_edit_by_moderator(comment=approved, body="Corrected text.", author_name="R. Quill")
    page = reader_get(essay).text
    assert "Corrected text." in page and "R. Quill" in page
    assert "A remark worth keeping." not in page


def test_poster_edit_takes_the_comment_off_the_page_until_approved(essay, approved):
    warm(essay)
    comment = comment_edit_by_poster(comment=approved, body="Second thoughts.")
    page = reader_get(essay).text
    assert "A remark worth keeping." not in page and "Second thoughts." not in page
    comment_approve(comment=comment)
    assert "Second thoughts." in reader_get(essay).text


@pytest.mark.parametrize("action", [comment_unapprove, comment_trash])
def test_unapproving_or_trashing_hides_the_comment_at_once(essay, approved, action):
    warm(essay)
    action(comment=approved)
    page = reader_get(essay).text
    assert "A remark worth keeping." not in page and "0 comments" in page


def test_erasing_a_commenters_data_removes_their_name_at_once(essay, approved):
    reply = comment_approve(comment=new_comment(essay, body="A reply.", email="b@example.com"))
    Comment.objects.filter(pk=reply.pk).update(parent=approved, depth=2)
    warm(essay)
    privacy_erase(email="reader@example.com")
    page = reader_get(essay).text
    assert "A remark worth keeping." not in page
    assert "removed at its author" in page


def test_essay_edit_shows_at_once(essay):
    warm(essay)
    essay.title = "A better title"
    essay.save()
    assert "A better title" in reader_get(essay).text


def test_source_edit_shows_in_the_notes_at_once():
    footnote = FootnoteFactory(label="a")
    essay = footnote.essay
    essay.body = "A claim.[^a]"
    essay.save()
    assert footnote.source.title in warm(essay).text
    source = footnote.source
    source.title = "A corrected report title"
    source_update(source=source)
    assert "A corrected report title" in reader_get(essay).text


def test_footnote_edit_shows_in_the_notes_at_once():
    footnote = FootnoteFactory(label="a", source=None, commentary="First wording of the note.")
    essay = footnote.essay
    essay.body = "A claim.[^a]"
    essay.save()
    assert "First wording of the note." in warm(essay).text
    footnote.commentary = "Second wording of the note."
    footnote.save()
    Essay.objects.get(pk=essay.pk).save()  # as the admin does after saving the footnotes
    assert "Second wording of the note." in reader_get(essay).text


def test_author_rename_shows_at_once():
    author = AuthorFactory(name="Ada Byline")
    essay = EssayFactory(authors=[author])
    assert "Ada Byline" in warm(essay).text
    author.name = "Ada Lovelace-Byline"
    author.save()
    assert "Ada Lovelace-Byline" in reader_get(essay).text


def test_topic_rename_shows_at_once_with_a_new_etag():
    topic = TopicFactory(name="Old Maps")
    essay = EssayFactory(topics=[topic])
    cached = warm(essay)
    assert "Old Maps" in cached.text
    topic.name = "Charts and Maps"
    topic.save()
    page = reader_get(essay, if_none_match=cached["ETag"])
    assert page.status_code == HTTPStatus.OK and "Charts and Maps" in page.text
    assert page["ETag"] != cached["ETag"]


def test_a_newly_published_neighbour_shows_at_once(essay):
    warm(essay)
    EssayFactory(title="A later essay")
    assert "A later essay" in reader_get(essay).text


def test_a_pending_comment_never_reaches_the_cache(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    warm(essay)
    post_as_reader(client, essay, "Held for now, visible to me.")
    assert Comment.objects.get().status == Comment.Status.PENDING
    own = client.get(essay.get_absolute_url())
    assert "Held for now, visible to me." in own.text and "awaiting moderation" in own.text
    assert "ETag" not in own and "private" in own["Cache-Control"]
    assert "Held for now" not in reader_get(essay).text
    stored = stored_values()
    assert stored and all(b"Held for now" not in value for value in stored)


def test_logged_in_readers_bypass_the_cache(editor_client, essay):
    warm(essay)
    response = editor_client.get(essay.get_absolute_url())
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response


def test_readers_with_a_message_or_remembered_name_bypass_the_cache(client, essay):
    warm(essay)
    for cookie in ("messages", "comment_author", "own_comments", "sessionid"):
        reader = Client()
        reader.cookies[cookie] = "x"
        assert "ETag" not in reader.get(essay.get_absolute_url())


def test_revisit_answers_304_only_while_nothing_changed(essay, approved):
    first = reader_get(essay)
    etag = first["ETag"]
    assert first["Vary"] and "Cookie" in first["Vary"]
    assert first["Last-Modified"]
    again = reader_get(essay, if_none_match=etag)
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    comment_edit_by_moderator(comment=approved, body="Changed.")
    changed = reader_get(essay, if_none_match=etag)
    assert changed.status_code == HTTPStatus.OK and "Changed." in changed.text
    assert changed["ETag"] != etag


def test_if_modified_since_alone_never_answers_304(essay):
    first = reader_get(essay)
    again = reader_get(essay, if_modified_since=first["Last-Modified"])
    assert again.status_code == HTTPStatus.OK


def test_reply_target_pages_are_cached_apart(essay, approved):
    warm(essay)
    reply_page = Client().get(essay.get_absolute_url(), {"replyto": approved.pk}).text
    assert "Reply to <bdi>Rosa Quill</bdi>" in reply_page
    assert "Reply to <bdi>Rosa Quill</bdi>" not in reader_get(essay).text


def test_closing_comments_by_date_changes_the_page_without_an_edit(essay, approved, time_machine):
    essay.comments_mode = Essay.Comments.AFTER_DAYS
    essay.comments_close_after_days = 5
    essay.save()
    assert 'class="reply-link"' in warm(essay).text
    time_machine.move_to(essay.publish_at + datetime.timedelta(days=6))
    page = reader_get(essay).text
    assert 'class="reply-link"' not in page and "Comments are closed." in page


def test_page_stamps_agree_with_published():
    published = EssayFactory()
    draft = EssayFactory(status=Essay.Status.DRAFT)
    scheduled = EssayFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert essay_page_stamps(slug=published.slug)["pk"] == published.pk
    assert essay_page_stamps(slug=draft.slug) is None
    assert essay_page_stamps(slug=scheduled.slug) is None
    assert Client().get(scheduled.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
