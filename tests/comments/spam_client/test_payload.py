"""What the client sends: every field, submissions, key verification, usage, user agent."""

import re
from datetime import UTC, datetime

import pytest

from comments.spam.client import (
    DEFAULT_USER_AGENT,
    ROLE_ADMINISTRATOR,
    AkismetClient,
    InvalidKeyError,
    SpamServiceAPIError,
    build_payload,
)
from tests.akismet_server import AkismetTestServer
from tests.comments.spam_client.support import (
    API_KEY,
    BLOG,
    MakeClient,
    comment,
)


def test_every_field_is_sent(akismet_server: AkismetTestServer, client: AkismetClient) -> None:
    payload = build_payload(
        user_ip="203.0.113.7",
        user_agent="Mozilla/5.0 (X11)",
        referrer="https://search.example/?q=essay",
        permalink="https://marginalia.example/essays/on-footnotes/",
        comment_author="Ada Lovelace",
        comment_author_email="ada@example.org",
        comment_author_url="https://ada.example/",
        comment_content="Naïve café — “quotes” & ampersands",
        comment_date_gmt=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        comment_post_modified_gmt="2024-12-31T00:00:00+00:00",
        blog_lang="en, fr",
        user_role=ROLE_ADMINISTRATOR,
        honeypot_field_name="website_confirm",
        honeypot_value="",
        recheck_reason="edit",
    )

    result = client.comment_check(payload)

    form = akismet_server.requests[0].form
    assert form == {
        "api_key": API_KEY,
        "blog": BLOG,
        "blog_charset": "UTF-8",
        "blog_lang": "en, fr",
        "is_test": "1",
        "user_ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (X11)",
        "referrer": "https://search.example/?q=essay",
        "permalink": "https://marginalia.example/essays/on-footnotes/",
        "comment_type": "comment",
        "comment_author": "Ada Lovelace",
        "comment_author_email": "ada@example.org",
        "comment_author_url": "https://ada.example/",
        "comment_content": "Naïve café — “quotes” & ampersands",
        "comment_date_gmt": "2025-01-02T03:04:05+00:00",
        "comment_post_modified_gmt": "2024-12-31T00:00:00+00:00",
        "user_role": "administrator",
        "honeypot_field_name": "website_confirm",
        "website_confirm": "",
        "recheck_reason": "edit",
    }
    assert result.payload == {name: value for name, value in form.items() if name != "api_key"}


def test_build_payload_drops_empty_fields_and_defaults_to_comment_type() -> None:
    payload = build_payload(user_ip="198.51.100.1", comment_author="", referrer="")

    assert payload == {"user_ip": "198.51.100.1", "comment_type": "comment"}


def test_build_payload_rejects_a_honeypot_named_like_a_real_field() -> None:
    with pytest.raises(ValueError, match="honeypot"):
        build_payload(user_ip="198.51.100.1", honeypot_field_name="comment_content")


def test_payload_never_carries_the_key(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    result = client.comment_check({**comment(), "api_key": "smuggled", "key": "smuggled"})

    assert akismet_server.requests[0].form["api_key"] == API_KEY
    assert "api_key" not in result.payload
    assert "key" not in result.payload


@pytest.mark.parametrize("submit", ["submit_spam", "submit_ham"])
def test_submissions_repeat_the_checked_payload_verbatim(
    akismet_server: AkismetTestServer, client: AkismetClient, submit: str
) -> None:
    result = client.comment_check(comment(honeypot_field_name="hp", honeypot_value=""))

    assert getattr(client, submit)(result.payload) is None

    checked, submitted = akismet_server.requests
    assert submitted.endpoint == submit.replace("_", "-")
    assert submitted.form == checked.form


def test_submission_with_unexpected_answer_raises(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("garbage", times=1)

    with pytest.raises(SpamServiceAPIError):
        client.submit_spam(comment())


def test_verify_key_accepts_the_right_key(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    assert client.verify_key() is True
    request = akismet_server.requests[0]
    assert request.endpoint == "verify-key"
    assert request.form == {"key": API_KEY, "blog": BLOG}


def test_verify_key_rejects_a_wrong_key(make_client: MakeClient) -> None:
    assert make_client(api_key="wrong").verify_key() is False


def test_verify_key_with_garbage_answer_raises(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("garbage", times=1)

    with pytest.raises(SpamServiceAPIError):
        client.verify_key()


def test_usage_limit_uses_api_version_1_2(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    usage = client.usage_limit()

    assert usage["limit"] == 350000
    assert usage["throttled"] is False
    assert akismet_server.requests[0].path == "/1.2/usage-limit"


def test_usage_limit_with_wrong_key_raises(make_client: MakeClient) -> None:
    with pytest.raises(InvalidKeyError):
        make_client(api_key="wrong").usage_limit()


def test_user_agent_names_application_and_client(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    client.comment_check(comment())

    user_agent = akismet_server.requests[0].headers["user-agent"]
    assert user_agent == DEFAULT_USER_AGENT
    assert re.fullmatch(r"[\w.-]+/[\w.-]+ \| [\w.-]+/[\w.-]+", user_agent)


@pytest.mark.parametrize(("is_test", "expected"), [(True, "1"), (False, None)])
def test_is_test_flag(
    akismet_server: AkismetTestServer,
    make_client: MakeClient,
    is_test: bool,
    expected: str | None,
) -> None:
    make_client(is_test=is_test).comment_check(comment())

    assert akismet_server.requests[0].form.get("is_test") == expected


def test_client_requires_key_and_blog_and_names_both() -> None:
    with pytest.raises(ValueError, match="api_key, blog"):
        AkismetClient(api_key="", blog="")


def test_key_inside_the_url_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        AkismetClient(api_key=API_KEY, blog=BLOG, api_url=f"https://{API_KEY}.rest.akismet.com/")

    assert API_KEY not in str(caught.value)
