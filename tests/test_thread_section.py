"""The comment section's costly half, cached (pages/thread_section.py): a full render reuses
the page of threads and the body with margins while neither changed, per reader where the
thread shows them something of their own, and never stores a pending comment."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.services import comment_approve, comment_edit_by_moderator
from tests.factories import EssayFactory
from tests.test_performance_cache import new_comment, post_as_reader, stored_values
from tests.test_personal_page import own_comments

pytestmark = pytest.mark.django_db


def queries(client: Client, path: str, **query) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, query)
    assert response.status_code == HTTPStatus.OK
    return len(captured), response.text


@pytest.fixture
def comments(essay):
    return [comment_approve(comment=new_comment(essay, body=f"Remark {n}.")) for n in range(3)]


def test_a_page_cache_miss_with_the_same_comments_reuses_the_section(essay, comments):
    cold, _ = queries(Client(), essay.get_absolute_url())
    # Another copy of the page (a reply form), made of the same comments and body.
    warm, page = queries(Client(), essay.get_absolute_url(), replyto=comments[0].pk)
    assert warm <= cold - 3  # the page of threads, its replies, the passages
    assert "Remark 2." in page and "Reply to" in page


def test_a_new_neighbour_changes_the_page_and_keeps_the_section(essay, comments):
    cold, _ = queries(Client(), essay.get_absolute_url())
    EssayFactory(title="An older neighbour", publish_at=essay.publish_at - datetime.timedelta(1))
    warm, page = queries(Client(), essay.get_absolute_url())
    assert "An older neighbour" in page and "Remark 0." in page
    assert warm <= cold - 3


def test_moderation_shows_at_once(essay, comments):
    queries(Client(), essay.get_absolute_url())
    comment_edit_by_moderator(comment=comments[1], body="Remark one, corrected.")
    _, page = queries(Client(), essay.get_absolute_url(), replyto=comments[0].pk)
    assert "Remark one, corrected." in page and "Remark 1." not in page


def test_own_approved_comment_is_shown_to_its_poster_only(essay, comments):
    reader = own_comments(Client(), comments[2].pk)
    for _ in range(2):  # built, then from the cache: the same for the poster
        _, page = queries(reader, essay.get_absolute_url())
        assert page.count("Edit or withdraw") == 1
    _, anonymous = queries(Client(), essay.get_absolute_url(), replyto=comments[0].pk)
    assert "Edit or withdraw" not in anonymous


def test_own_pending_comment_is_shown_and_never_stored(client, essay, comments, settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    post_as_reader(client, essay, "Pending, for my eyes only.")
    client.cookies.pop("messages", None)
    for _ in range(2):
        _, page = queries(client, essay.get_absolute_url())
        assert "Pending, for my eyes only." in page
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1
    assert all(b"for my eyes only" not in value for value in stored_values())
    _, others = queries(Client(), essay.get_absolute_url(), replyto=comments[0].pk)
    assert "for my eyes only" not in others
