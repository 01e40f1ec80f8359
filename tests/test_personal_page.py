"""The essay page for a reader with a cookie of their own (pages/personal.py): the shared page
with their own form, byte for byte what a full render gives them, or the full render itself."""

import gzip
import json
import re
from http import HTTPStatus

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.cookies import OWN_COMMENTS_SALT, REMEMBER_SALT
from comments.models import Comment
from comments.services import comment_approve
from tests.factories import EssayFactory
from tests.test_performance_cache import new_comment, post_as_reader, stored_values, warm

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'(name="(?:timestamp|csrfmiddlewaretoken)" value=")[^"]*"')
NAME = "Ada <b>Quill</b> & co"


def remembered(client: Client, name: str = NAME, email: str = "ada@example.com") -> Client:
    """`client` carrying the remember-me cookie the comment form sets."""
    value = json.dumps({"author_name": name, "author_email": email, "author_url": ""})
    client.cookies["comment_author"] = signing.get_cookie_signer(
        salt="comment_author" + REMEMBER_SALT
    ).sign(value)
    return client


def own_comments(client: Client, *ids: int) -> Client:
    value = ",".join(map(str, ids))
    client.cookies["own_comments"] = signing.get_cookie_signer(
        salt="own_comments" + OWN_COMMENTS_SALT
    ).sign(value)
    return client


def without_tokens(html: str) -> str:
    return TOKENS.sub(r'\1"', html)


def fast_and_full(reader: Client, path: str, **query) -> tuple[str, str]:
    """The page from the shared copy (warm cache), then the full render (empty cache)."""
    Client().get(path, query)  # an anonymous reader fills the cache
    with CaptureQueriesContext(connection) as fast_queries:
        fast = reader.get(path, query)
    cache.clear()
    with CaptureQueriesContext(connection) as full_queries:
        full = reader.get(path, query)
    # Stamps, then at most the session and its user (or the reader's own comments).
    assert len(fast_queries) <= 3 < len(full_queries)
    assert fast.status_code == full.status_code == HTTPStatus.OK
    return without_tokens(fast.text), without_tokens(full.text)


@pytest.fixture
def approved(essay):
    return comment_approve(comment=new_comment(essay))


@pytest.mark.parametrize("query", [{}, {"order": "newest"}, "replyto"])
def test_remembered_reader_gets_what_a_full_render_gives(essay, approved, query):
    query = {"replyto": approved.pk} if query == "replyto" else query
    fast, full = fast_and_full(remembered(Client()), essay.get_absolute_url(), **query)
    assert fast == full
    assert 'value="Ada &lt;b&gt;Quill&lt;/b&gt; &amp; co"' in fast
    assert "<b>Quill</b>" not in fast


def test_logged_in_reader_gets_what_a_full_render_gives(editor_client, essay, approved):
    fast, full = fast_and_full(editor_client, essay.get_absolute_url())
    assert fast == full
    assert fast.count('name="csrfmiddlewaretoken"') == 2  # the comment form and Follow


def test_reader_with_comments_elsewhere_gets_what_a_full_render_gives(essay, approved):
    elsewhere = new_comment(EssayFactory(), body="Posted on another essay.")
    fast, full = fast_and_full(own_comments(Client(), elsewhere.pk), essay.get_absolute_url())
    assert fast == full


def test_the_shared_copy_costs_one_query(essay, approved, django_assert_num_queries):
    warm(essay)
    reader = remembered(Client())
    with django_assert_num_queries(1):  # the page's stamps; the form region is cached too
        reader.get(essay.get_absolute_url())
    with django_assert_num_queries(1):
        response = reader.get(essay.get_absolute_url())
    assert NAME not in response.text and "Ada &lt;b&gt;" in response.text
    assert response["Cache-Control"] == "private, no-cache" and "ETag" not in response


@pytest.mark.parametrize("who", ["remembered", "logged in"])
def test_a_reader_who_accepts_gzip_gets_the_same_page_compressed(essay, approved, editor, who):
    reader = remembered(Client())
    if who == "logged in":
        reader.force_login(editor)
    path = essay.get_absolute_url()
    warm(essay)
    plain = reader.get(path)
    assert "Content-Encoding" not in plain  # Accept-Encoding is what decides
    # The first deflates the shared part and keeps it; the second splices its form onto that.
    packed = [reader.get(path, headers={"accept-encoding": "gzip, deflate, br"}) for _ in "12"]
    for response in packed:
        assert response["Content-Encoding"] == "gzip"
        assert set(response["Vary"].split(", ")) == {"Accept-Encoding", "Cookie"}
        assert response["Cache-Control"] == "private, no-cache"
        page = gzip.decompress(response.content).decode()
        assert without_tokens(page) == without_tokens(plain.text)
        assert page.count('name="timestamp"') == 1


def test_each_reader_gets_their_own_form(essay):
    warm(essay)
    ada = remembered(Client()).get(essay.get_absolute_url()).text
    bo = remembered(Client(), name="Bo Reed", email="bo@example.com").get(essay.get_absolute_url())
    assert 'value="Bo Reed"' in bo.text and "Ada" not in bo.text
    assert "Bo Reed" not in ada
    anonymous = Client().get(essay.get_absolute_url()).text
    assert "Ada" not in anonymous and "Bo Reed" not in anonymous
    assert all(b"Bo Reed" not in value for value in stored_values() if b"<html" in value)


def test_logged_in_form_token_is_accepted(essay, editor):
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(editor)
    warm(essay)
    page = reader.get(essay.get_absolute_url()).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = "Posted with the token of a page made from the shared copy."
    response = post_as_reader(reader, essay, body, csrfmiddlewaretoken=token)
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(body=body).exists()


def test_own_comment_on_this_essay_gets_the_full_render(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    warm(essay)
    post_as_reader(client, essay, "Held for now, visible to me.")
    client.cookies.pop("messages", None)  # the flash message would force a full render anyway
    pending = client.get(essay.get_absolute_url()).text
    assert "Held for now, visible to me." in pending and "awaiting moderation" in pending
    comment_approve(comment=Comment.objects.get())
    warm(essay)
    approved_page = client.get(essay.get_absolute_url()).text
    assert "Edit or withdraw" in approved_page
    assert "Edit or withdraw" not in Client().get(essay.get_absolute_url()).text


def test_flash_message_gets_the_full_render(essay):
    warm(essay)
    reader = Client()
    reader.cookies["messages"] = "x"  # unreadable: the full render shows no message, no error
    response = reader.get(essay.get_absolute_url())
    assert response.status_code == HTTPStatus.OK and "private" in response["Cache-Control"]


def test_closed_comments_serve_the_shared_page_as_it_is(essay, approved):
    essay.comments_mode = essay.Comments.CLOSED
    essay.save()
    fast, full = fast_and_full(remembered(Client()), essay.get_absolute_url())
    assert fast == full and "Comments are closed." in fast and "Ada" not in fast


def test_unknown_essay_is_404_for_a_personal_reader(db):
    response = remembered(Client()).get(reverse("essays:detail", args=["no-such-essay"]))
    assert response.status_code == HTTPStatus.NOT_FOUND
