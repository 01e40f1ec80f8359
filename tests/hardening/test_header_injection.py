"""Header-injection strings in name and email: refused by the form with a message, or saved,
with the moderators' mail carrying no header the commenter wrote."""

from __future__ import annotations

import email
import email.policy
from http import HTTPStatus
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.cache import cache

from comments.models import Comment
from comments.notifications import build_messages
from tests.hardening.conftest import load, report

pytestmark = pytest.mark.django_db

# Python's email package raises on CR/LF in a header but folds on \x0b and \x0c, which
# str.splitlines() (and so some mail clients) read as line breaks: test both kinds.
EXTRA = [
    "Eve\x0bBcc: victim@example.org",
    "Eve\x0cBcc: victim@example.org",
    "Eve\x85Bcc: victim@example.org",
    "Eve\u2028Bcc: victim@example.org",
    "Eve\u2029Bcc: victim@example.org",
    "Eve\x1cBcc: victim@example.org",
    "eve@example.org\x0bBcc: victim@example.org",
    "eve@example.org\x0cCc: victim@example.org",
]


def variants() -> list[str]:
    values = []
    for case in load("header_injection_vectors.json"):
        value = case["value"]
        values += [value, unquote(value), unquote(unquote(value))]
    return list(dict.fromkeys(values + EXTRA))


VALUES = variants()
ALLOWED_HEADERS = {
    "content-type",
    "mime-version",
    "content-transfer-encoding",
    "subject",
    "from",
    "to",
    "date",
    "message-id",
}


def assert_no_injected_header(message) -> None:
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    names = {name.lower() for name in parsed}
    assert names <= ALLOWED_HEADERS, names - ALLOWED_HEADERS
    for name, value in parsed.items():
        unfolded = str(value)
        assert not any(ch in unfolded for ch in "\r\n\x0b\x0c\x85\u2028\u2029"), (name, value)
    assert len(parsed.get_all("to")) == 1


@pytest.mark.parametrize("field", ["author_name", "author_email"])
def test_header_injection_strings_are_refused_or_mailed_without_an_injected_header(
    essay, post_form, settings, django_capture_on_commit_callbacks, field
):
    settings.COMMENTS_MODERATOR_EMAILS = ["moderators@example.org"]
    refused = saved = mailed = 0
    for n, value in enumerate(VALUES):
        cache.clear()  # every held comment mails at once, not in a digest
        mail.outbox.clear()
        fields = {field: value, "body": f"Injection case {n}."}
        if field == "author_name":
            fields["author_email"] = f"h{n}@example.org"
        with django_capture_on_commit_callbacks(execute=True):
            response = post_form(essay, **fields)
        if response.status_code == HTTPStatus.BAD_REQUEST:
            assert f'id="id_{field}_error"' in response.text, repr(value)
            refused += 1
            continue
        assert response.status_code == HTTPStatus.FOUND, (repr(value), response.status_code)
        comment = Comment.objects.get(body=f"Injection case {n}.")
        saved += 1
        for message in mail.outbox + build_messages([comment], ["moderators@example.org"]):
            assert_no_injected_header(message)
        mailed += len(mail.outbox)
    report(
        f"header injection in {field}",
        {"values": len(VALUES), "refused": refused, "saved": saved, "mails": mailed},
    )
    assert refused + saved == len(VALUES)


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\x0b", "\x0c", "\x85", "\u2028"])
def test_an_essay_title_with_line_breaks_does_not_break_the_subject(essay, make_held, breaker):
    essay.title = f"On rivers{breaker}Bcc: victim@example.org"
    essay.save()
    for message in build_messages([make_held(essay)], ["moderators@example.org"]):
        assert_no_injected_header(message)
        assert "Bcc" in message.subject  # kept as text, on one line


@pytest.fixture
def make_held():
    from comments.services import CommentData, RequestMeta, comment_create

    def make(essay):
        return comment_create(
            essay=essay,
            data=CommentData(
                author_name="Eve",
                author_email="eve@example.org",
                author_url="",
                body="Held for the subject test.",
            ),
            meta=RequestMeta(ip_address="192.0.2.1", user_agent="tests"),
            signals={"honeypot_field": "homepage_url", "honeypot": ""},
        )

    return make
