"""The anonymous comment form is protected by Fetch Metadata, not a per-reader CSRF token;
logged-in readers need the token as well (pages/crossorigin.py)."""

import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.hardening.conftest import form_data

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TYPED = "A remark typed with care <about> the weir & its gauge."


@pytest.fixture(autouse=True)
def open_posting(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.CSRF_TRUSTED_ORIGINS = ["http://testserver", "https://*.example.org"]


def post(essay, headers: dict, client=None):
    """A post through the real endpoint with CSRF checks on, as a browser's would be."""
    client = client or Client(enforce_csrf_checks=True)
    url = reverse("comments:post", args=[essay.slug])
    return client.post(url, form_data(essay, 1, body=TYPED), headers=headers)


CROSS_SITE = {
    "cross-site fetch": {"sec-fetch-site": "cross-site"},
    "same-site fetch": {"sec-fetch-site": "same-site"},
    "cross-site despite a forged origin": {
        "sec-fetch-site": "cross-site",
        "origin": "http://testserver",
    },
    "other origin": {"origin": "https://evil.example.com"},
    "other scheme": {"origin": "https://testserver"},
    "null origin": {"origin": "null"},
    "old browser from elsewhere": {"referer": "https://evil.example.com/page"},
}


@pytest.mark.parametrize("headers", CROSS_SITE.values(), ids=CROSS_SITE)
def test_a_post_from_another_site_is_refused_and_what_was_typed_is_shown(essay, headers):
    response = post(essay, headers)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "from another site" in response.text
    assert "A remark typed with care &lt;about&gt; the weir &amp; its gauge." in response.text
    assert not Comment.objects.exists()


SAME_ORIGIN = {
    "same-origin fetch": {"sec-fetch-site": "same-origin"},
    "user-initiated fetch": {"sec-fetch-site": "none"},
    "site origin": {"origin": "http://testserver"},
    "trusted subdomain": {"origin": "https://www.example.org"},
    "old browser with a referer": {"referer": "http://testserver/essays/x/"},
    # No browser since 2020 posts without all three; a program could post directly anyway.
    "no header at all": {},
}


@pytest.mark.parametrize("headers", SAME_ORIGIN.values(), ids=SAME_ORIGIN)
def test_a_post_from_the_site_itself_needs_no_token(essay, headers):
    response = post(essay, headers)
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().body == TYPED


def test_the_anonymous_form_carries_no_token_and_sets_no_cookie(essay):
    response = Client().get(essay.get_absolute_url())
    assert 'action="/essays/' in response.text and not TOKEN.search(response.text)
    assert not response.cookies


def test_a_logged_in_reader_gets_a_token_and_needs_it(essay, editor):
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(editor)
    same_origin = {"sec-fetch-site": "same-origin"}
    assert post(essay, same_origin, reader).status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()
    token = TOKEN.search(reader.get(essay.get_absolute_url()).text)[1]
    url = reverse("comments:post", args=[essay.slug])
    data = form_data(essay, 2, body=TYPED) | {"csrfmiddlewaretoken": token}
    assert reader.post(url, data, headers=same_origin).status_code == HTTPStatus.FOUND
    assert Comment.objects.get().user == editor


def test_a_logged_in_reader_is_refused_from_another_site_even_with_a_token(essay, editor):
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(editor)
    token = TOKEN.search(reader.get(essay.get_absolute_url()).text)[1]
    url = reverse("comments:post", args=[essay.slug])
    data = form_data(essay, 3) | {"csrfmiddlewaretoken": token}
    response = reader.post(url, data, headers={"sec-fetch-site": "cross-site"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()
