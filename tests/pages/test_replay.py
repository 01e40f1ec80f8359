"""Whole anonymous essay pages answered from the top of the middleware stack (pages/replay.py):
only to a request the whole stack answered the same way before, and never after a change."""

import gzip
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from pages.views.essays import EssayDetailView
from tests.pages.test_page_cache_keys import CHANGES, shown  # noqa: F401 - a fixture
from tests.test_performance_cache import post_as_reader

pytestmark = pytest.mark.django_db


def reader_get(essay, *, query: str = "", reader=None, **extra):
    url = essay.get_absolute_url() + (f"?{query}" if query else "")
    return (reader or Client()).get(url, **extra)


def whole(response) -> tuple:
    return response.status_code, dict(response.items()), response.content


class ViewRan(Exception):
    pass


def view_runs(*args, **kwargs):
    raise ViewRan


def replayed(essay, **request) -> bool:
    """Whether this request is answered with nothing below ReplayMiddleware running."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EssayDetailView, "get", view_runs)
        try:
            reader_get(essay, **request)
        except ViewRan:
            return False
    return True


def test_a_second_anonymous_visit_gets_the_stacks_response_without_the_stack(
    essay, django_assert_num_queries, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)  # within one form window
    first = reader_get(essay)
    assert replayed(essay)
    with django_assert_num_queries(1):  # the page's stamps
        again = reader_get(essay)
    assert whole(again) == whole(first)
    assert again["Cache-Control"].startswith("public,") and "Set-Cookie" not in again
    assert again["Content-Security-Policy"] and again["X-Frame-Options"] == "DENY"


def test_a_new_form_window_is_answered_by_the_stack_once(essay, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    first = reader_get(essay)
    time_machine.shift(60)  # ESSAY_PAGE_FORM_WINDOW_SECONDS
    assert not replayed(essay)
    again = reader_get(essay)
    assert replayed(essay) and again["ETag"] != first["ETag"]


def test_gzip_and_plain_readers_each_get_their_own_copy(essay):
    plain = reader_get(essay)
    packed = reader_get(essay, headers={"accept-encoding": "gzip, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert replayed(essay) and replayed(essay, headers={"accept-encoding": "gzip"})
    assert reader_get(essay).content == plain.content
    again = reader_get(essay, headers={"accept-encoding": "gzip"})
    assert gzip.decompress(again.content) == plain.content
    assert "Content-Encoding" not in reader_get(essay, headers={"accept-encoding": "br"})


@pytest.mark.parametrize("what", CHANGES)
def test_every_change_to_what_the_page_shows_is_answered_by_the_stack(shown, what):  # noqa: F811
    change, expected = CHANGES[what]
    before = reader_get(shown.essay)
    assert replayed(shown.essay)
    change(shown)
    expected = expected(shown) if callable(expected) else expected
    assert not replayed(shown.essay)
    after = reader_get(shown.essay)
    assert after["ETag"] != before["ETag"]
    text = expected.removeprefix("!")
    assert (text in after.text) is not expected.startswith("!")


# Requests the stack answers otherwise than with the kept page: each must still reach it
# once the page is kept for the plain request.
ANSWERED_OTHERWISE = {
    "host outside ALLOWED_HOSTS": ({"HTTP_HOST": "evil.example"}, HTTPStatus.BAD_REQUEST),
    "forwarded host not trusted": (
        {"HTTP_X_FORWARDED_HOST": "evil.example"},
        HTTPStatus.OK,
    ),
    "NUL in the query": ({"query": "cpage=1%00"}, HTTPStatus.BAD_REQUEST),
    "revisit": ({"headers": {"if-none-match": "*"}}, HTTPStatus.NOT_MODIFIED),
    "remembered name": ({"headers": {"cookie": "comment_author=x"}}, HTTPStatus.OK),
    "session": ({"headers": {"cookie": "sessionid=x"}}, HTTPStatus.OK),
    "flash message": ({"headers": {"cookie": "messages=x"}}, HTTPStatus.OK),
}


@pytest.mark.parametrize("case", ANSWERED_OTHERWISE)
def test_a_request_the_stack_answers_otherwise_never_gets_the_kept_page(essay, case):
    request, status = ANSWERED_OTHERWISE[case]
    kept = reader_get(essay)
    assert replayed(essay)
    response = reader_get(essay, **request)
    assert response.status_code == status
    if "cookie" in request.get("headers", {}):
        assert response["Cache-Control"] == "private, no-cache"
    if status == HTTPStatus.OK:
        assert "evil.example" not in response.text
        assert (response["Cache-Control"] == kept["Cache-Control"]) is (
            "cookie" not in str(request)
        )


def test_plain_http_is_redirected_once_https_is_required(essay, settings):
    secure = reader_get(essay, secure=True)
    assert replayed(essay, secure=True)
    settings.SECURE_SSL_REDIRECT = True
    assert reader_get(essay).status_code == HTTPStatus.MOVED_PERMANENTLY
    assert reader_get(essay, secure=True).content == secure.content


def test_a_post_reaches_the_view(essay):
    reader_get(essay)
    assert Client().post(essay.get_absolute_url()).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_pages_own_queries_and_head_are_kept_apart(essay, django_assert_num_queries):
    plain = reader_get(essay)
    oldest = reader_get(essay, query="order=oldest")
    assert replayed(essay, query="order=oldest")
    assert reader_get(essay, query="order=oldest").content == oldest.content
    head = Client().head(essay.get_absolute_url())
    assert head.status_code == HTTPStatus.OK and head["ETag"] == plain["ETag"]
    assert replayed(essay) and reader_get(essay).content == plain.content


def test_a_query_the_page_does_not_read_is_never_kept(essay, django_assert_num_queries):
    plain = reader_get(essay)
    for n in range(3):  # served from the page cache each time, never kept whole
        with django_assert_num_queries(1):
            assert reader_get(essay, query=f"utm_source={n}").content == plain.content
        assert not replayed(essay, query=f"utm_source={n}")


def test_a_missing_essay_is_never_kept():
    for _ in range(2):
        assert Client().get("/essays/no-such-essay/").status_code == HTTPStatus.NOT_FOUND


def test_a_pending_comment_is_never_replayed_to_anyone(essay):
    reader_get(essay)
    poster = Client()
    post_as_reader(poster, essay, "My own remark, held.", headers={"sec-fetch-site": "same-origin"})
    assert "My own remark, held." in poster.get(essay.get_absolute_url()).text
    assert "My own remark, held." not in reader_get(essay).text
    assert replayed(essay)
