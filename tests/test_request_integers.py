"""Every whole number a request carries, in a query, a form or a path, is parsed safely.

`"²".isdigit()` is True and `int("²")` fails; `int("١٢")` reads Arabic-Indic digits; a
number of thirty digits overflows SQLite. None of these may give a server error anywhere.
"""

from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.params import positive_int
from tests.comments.test_posting import approved_comment, form_data
from tests.factories import AuthorFactory, EssayFactory, TopicFactory

pytestmark = pytest.mark.django_db

ODD_NUMBERS = [
    "²", "¹²", "١٢", "۳", "१२", "１２", "𝟏", "Ⅻ", "½", "1e3", "-0", "-1", "0", "+1", " 1",
    "1 ", "0x10", "1_000", "1.0", "", " ", "9" * 19, "9" * 30, "9" * 400, "NaN", "inf",
    "\x00", "1\x00", "%00", "1%2F2", "true", "[]", "1,2",
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("42", 42), (" 7 ", 7), ("0", None), ("-1", None), ("²", None), ("١٢", None),
     ("１２", None), ("9" * 19, None), ("1e3", None), (None, None), (5, 5), (True, None)],
)  # fmt: skip
def test_positive_int_takes_ascii_digits_only(value, expected):
    assert positive_int(value) == expected


@pytest.fixture
def site(db):
    essay = EssayFactory(slug="an-essay")
    approved_comment(essay)
    return {"essay": essay, "topic": TopicFactory(slug="t"), "author": AuthorFactory(slug="a")}


def reader_urls(site) -> list[tuple[str, list[str]]]:
    """Each reader URL with the query parameters it reads."""
    slug = site["essay"].slug
    return [
        (reverse("essays:detail", args=[slug]), ["replyto", "cpage", "page"]),
        (reverse("essays:index"), ["page"]),
        (reverse("essays:topics"), ["page"]),
        (reverse("essays:topic", args=["t"]), ["page"]),
        (reverse("essays:author", args=["a"]), ["page"]),
        (reverse("essays:archive"), ["page"]),
        (reverse("essays:search") + "?q=essay&", ["page"]),
        (reverse("essays:rss"), ["page"]),
        (reverse("comments:feed"), ["page"]),
        (reverse("comments:essay-feed", args=[slug]), ["page"]),
        (reverse("essays:sources-csl", args=[slug]), ["page"]),
        ("/sitemap.xml", ["p"]),
    ]


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_no_reader_page_fails_on_an_odd_number(client, site, value):
    for url, parameters in reader_urls(site):
        for parameter in parameters:
            joiner = "&" if "?" in url else "?"
            response = client.get(url + joiner, {parameter: value})
            assert response.status_code < 500, (url, parameter, value)


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_posting_with_an_odd_parent_keeps_the_comment_and_never_fails(client, site, value):
    essay = site["essay"]
    url = reverse("comments:post", args=[essay.slug])
    response = client.post(url, form_data(essay, parent=value), REMOTE_ADDR="192.0.2.77")
    assert response.status_code < 500, value
    if response.status_code == HTTPStatus.BAD_REQUEST:
        assert "A thoughtful remark" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/comments/99999999999999999999999999/edit/",
        "/comments/99999999999999999999999999/withdraw/",
        "/preview/99999999999999999999999999/",
        "/archive/99999999999999999999/1/",
        "/archive/2024/99999999999999999999/",
        "/archive/0/0/",
        "/admin/comments/comment/99999999999999999999999999/change/",
        "/admin/essays/essay/99999999999999999999999999/change/",
    ],
)
def test_huge_numbers_in_paths_are_not_found_never_a_server_error(admin_client, path):
    for method in ("get", "post"):
        response = getattr(admin_client, method)(path)
        assert response.status_code < 500, (method, path, response.status_code)


@pytest.mark.parametrize("value", ["²", "9" * 30, "-1", "abc"])
def test_admin_lists_survive_odd_numbers_in_their_parameters(admin_client, site, value):
    for url in ("/admin/comments/comment/", "/admin/essays/essay/"):
        for parameter in ("p", "tab", "essay__id__exact", "o", "id"):
            response = admin_client.get(url, {parameter: value})
            assert response.status_code < 500, (url, parameter, value)


@pytest.mark.parametrize(
    "url", ["/", "/search/?q=a", "/archive/", "/admin/comments/comment/", "/feed/rss/"]
)
def test_a_nul_in_any_query_value_is_a_bad_request_on_every_database(admin_client, site, url):
    joiner = "&" if "?" in url else "?"
    for query in ("q=%00", "page=1%00", "author_email=%00", "%00=1"):
        response = admin_client.get(f"{url}{joiner}{query}")
        assert response.status_code == HTTPStatus.BAD_REQUEST, (url, query)
