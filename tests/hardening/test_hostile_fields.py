"""Hostile values in every field of the real comment form: refused with a message, or stored
and shown intact; never a 500, never a link a browser would run."""

from __future__ import annotations

import html
import re
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_approve
from tests.hardening.conftest import form_data, load, report

pytestmark = pytest.mark.django_db

WEBSITE_VECTORS = load("website_url_vectors.json")
UNICODE_CASES = load("unicode_edge_cases.json")
LONG_INPUTS = load("long_input_generators.json")
FIELD_NAMES = {"name": "author_name", "email": "author_email", "website": "author_url"}
HREF_RE = re.compile(r'\shref="([^"]*)"')


def essay_page(client, essay, settings) -> str:
    settings.COMMENTS_PER_PAGE = 10_000
    response = client.get(essay.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.text


def approve_all() -> None:
    for comment in Comment.objects.exclude(status=Comment.Status.APPROVED):
        comment_approve(comment=comment)


def test_every_hostile_website_is_refused_or_shown_as_a_plain_web_link(
    client, essay, post_form, settings
):
    refused = stored = 0
    for n, case in enumerate(WEBSITE_VECTORS):
        response = post_form(essay, author_url=case["value"], body=f"Website case {n}.")
        if response.status_code == HTTPStatus.BAD_REQUEST:
            assert 'id="id_author_url_error"' in response.text, case
            refused += 1
        else:
            assert response.status_code == HTTPStatus.FOUND, case
            assert case["expect"] != "reject", f"accepted a must-refuse address: {case}"
            stored += 1
    approve_all()
    page = essay_page(client, essay, settings)
    for href in HREF_RE.findall(page):
        target = html.unescape(href)
        assert re.match(r"(https?://|/|#|\?)", target), f"unsafe link on the page: {target!r}"
    for comment in Comment.objects.exclude(author_url=""):
        assert comment.author_url.startswith(("https://", "http://"))
        assert f'href="{html.escape(comment.author_url)}"' in page
    report("website URLs", {"cases": len(WEBSITE_VECTORS), "refused": refused, "linked": stored})
    assert refused + stored == len(WEBSITE_VECTORS)


def test_unicode_names_and_bodies_are_stored_and_shown_intact_or_refused_with_a_message(
    client, essay, post_form, settings
):
    posted = {}
    refused = 0
    for n, case in enumerate(UNICODE_CASES):
        value = case["value"]
        name = value.strip()[:80].strip() or f"Reader {n}"
        response = post_form(
            essay, author_name=name, author_email=f"u{n}@example.org", body=f"{n}: {value}"
        )
        if response.status_code == HTTPStatus.BAD_REQUEST:
            assert "Error: " in response.text, case
            refused += 1
        else:
            assert response.status_code == HTTPStatus.FOUND, (case, response.status_code)
            posted[f"u{n}@example.org"] = (name, f"{n}: {value}".strip())
    approve_all()
    page = essay_page(client, essay, settings)
    shown_names = {html.unescape(name) for name in re.findall(r"<bdi>(.*?)</bdi>", page, re.S)}
    for comment in Comment.objects.all():
        name, body = posted[comment.author_email]
        assert comment.author_name == name
        assert comment.body == body
        # Names sit in <bdi>, so a right-to-left override cannot flip the text around them.
        assert name in shown_names, name
    report(
        "unicode cases", {"cases": len(UNICODE_CASES), "refused": refused, "stored": len(posted)}
    )
    assert len(posted) > len(UNICODE_CASES) / 2


RAW_VALUES = {
    "NUL byte": b"before%00after",
    "NUL only": b"%00",
    "lone surrogate": b"%ED%A0%80",
    "overlong <": b"%C0%BC",
    "invalid UTF-8 escaped": b"%FF%FEtext",
    "invalid UTF-8 raw": b"\xff\xfe\xfdtext",
    "truncated sequence": b"caf%C3",
}


@pytest.mark.parametrize("field", ["author_name", "author_email", "body", "author_url"])
@pytest.mark.parametrize("raw", RAW_VALUES.values(), ids=RAW_VALUES.keys())
def test_nul_bytes_and_invalid_utf8_get_a_form_error_not_a_500(
    client, essay, open_posting, field, raw
):
    fields = form_data(essay, 1)
    fields.pop(field)
    body = urlencode(fields).encode() + b"&" + field.encode() + b"=" + raw
    response = client.generic(
        "POST",
        reverse("comments:post", args=[essay.slug]),
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert f'id="id_{field}_error"' in response.text
    assert not Comment.objects.exists()


def generated(entry) -> list[tuple[int, str]]:
    sizes = entry.get("n") or entry.get("k")
    values = {
        "'A'*n": lambda n: "A" * n,
        "'a'*64+'@'+'b'*k+'.com'": lambda k: "a" * 64 + "@" + "b" * k + ".com",
        "'https://e.com/'+'a'*n": lambda n: "https://e.com/" + "a" * n,
        "'x'*n": lambda n: "x" * n,
        "'<b>'*n": lambda n: "<b>" * n,
        "'<'*n + 'a'*n": lambda n: "<" * n + "a" * n,
        "'&#'+'9'*n+';'": lambda n: "&#" + "9" * n + ";",
        "'\\u0301'*n": lambda n: "\u0301" * n,
    }
    return [(size, values[entry["gen"]](size)) for size in sizes]


SIZE_CASES = [
    pytest.param(
        FIELD_NAMES.get(entry["field"], entry["field"]),
        size,
        value,
        id=f"{entry['field']}-{entry['gen']}-{size}",
    )
    for entry in LONG_INPUTS
    if entry["field"] != "any"
    for size, value in generated(entry)
]


@pytest.mark.parametrize(("field", "size", "value"), SIZE_CASES)
def test_every_size_answers_with_a_message_never_a_500(
    client, essay, post_form, settings, field, size, value
):
    response = post_form(essay, **{field: value})
    if len(value.encode()) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        # Django refuses the body before the form sees it: our 400 page says why.
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "too large" in response.text
    elif response.status_code == HTTPStatus.BAD_REQUEST:
        assert f'id="id_{field}_error"' in response.text
    else:
        assert response.status_code == HTTPStatus.FOUND, response.status_code
        assert Comment.objects.get().__dict__[field] == value.strip()


def test_more_fields_than_django_allows_gets_the_friendly_400_page(client, essay, open_posting):
    fields = form_data(essay, 1) | {f"extra{i}": "x" for i in range(1001)}
    response = client.post(reverse("comments:post", args=[essay.slug]), fields)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "too many fields" in response.text
    assert not Comment.objects.exists()


def test_sql_ish_text_reads_back_exactly_as_typed_through_the_form(
    client, essay, post_form, settings
):
    from tests.hardening.conftest import DATA

    lines = [line for line in (DATA / "sql_ish.txt").read_text().splitlines() if line.strip()]
    for n, line in enumerate(lines):
        response = post_form(essay, author_email=f"s{n}@example.org", body=f"{n} {line}")
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST), line
    bodies = set(Comment.objects.values_list("body", flat=True))
    stored = [line for n, line in enumerate(lines) if f"{n} {line}".strip() in bodies]
    report("sql-ish", {"lines": len(lines), "stored intact": len(stored)})
    assert len(stored) == len(lines)
