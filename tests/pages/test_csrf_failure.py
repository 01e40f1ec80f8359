"""A reader who logs in (in another tab) after loading an essay posts a form without a token:
refused, but their comment comes back in the form with a token, and posts the second time."""

import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.test_performance_cache import aged_timestamp

pytestmark = pytest.mark.django_db

BODY = "A long thought about weirs, typed before logging in elsewhere."
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}


def form(essay, **fields) -> dict:
    typed = {"author_name": "Ed Itor", "author_email": "ed@example.com", "author_url": ""}
    return typed | {"body": BODY, "homepage_url": "", "timestamp": aged_timestamp(essay)} | fields


@pytest.fixture
def reader(essay, editor):
    """A browser that loaded the essay anonymously, then logged in in another tab."""
    browser = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" not in browser.get(essay.get_absolute_url()).text
    browser.force_login(editor)
    return browser


def test_the_comment_comes_back_with_a_token_and_posts_the_second_time(reader, essay):
    post = reverse("comments:post", args=[essay.slug])
    refused = reader.post(post, form(essay), headers=SAME_ORIGIN)
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert (
        BODY in refused.text and "You logged in or out since this page was loaded" in refused.text
    )
    assert not Comment.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', refused.text).group(1)

    posted = reader.post(post, form(essay, csrfmiddlewaretoken=token), headers=SAME_ORIGIN)
    assert posted.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().body == BODY


def test_a_cross_site_post_is_still_refused_without_showing_the_page(reader, essay):
    post = reverse("comments:post", args=[essay.slug])
    response = reader.post(post, form(essay), headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert 'name="csrfmiddlewaretoken"' not in response.text
    assert not Comment.objects.exists()


def test_other_forms_get_djangos_own_failure_page(reader):
    response = reader.post(reverse("admin:logout"), headers=SAME_ORIGIN)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "CSRF verification failed" in response.text
