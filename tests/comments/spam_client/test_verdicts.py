"""The client's verdicts and the errors the service reports, against a real HTTP server."""

import logging

import pytest

from comments.spam.client import (
    ROLE_ADMINISTRATOR,
    AkismetClient,
    CheckResult,
    InvalidKeyError,
    SpamServiceAPIError,
)
from tests.akismet_server import SPAM_AUTHOR, SPAM_CONTENT, AkismetTestServer
from tests.comments.spam_client.support import (
    MakeClient,
    comment,
)


def test_ordinary_comment_is_ham(client: AkismetClient) -> None:
    result = client.comment_check(comment())

    assert isinstance(result, CheckResult)
    assert result.is_spam is False
    assert result.discard is False
    assert result.recheck_after is None
    assert result.raw_body == "false"
    assert result.attempts == 1
    assert result.elapsed_ms >= 0


@pytest.mark.parametrize(
    "fields",
    [
        {"comment_author": SPAM_AUTHOR},
        {"comment_content": f"Buy now {SPAM_CONTENT} cheap"},
    ],
)
def test_akismet_test_triggers_are_spam(client: AkismetClient, fields: dict[str, str]) -> None:
    assert client.comment_check(comment(**fields)).is_spam is True


def test_administrator_is_always_ham(client: AkismetClient) -> None:
    payload = comment(comment_author=SPAM_AUTHOR, user_role=ROLE_ADMINISTRATOR)

    assert client.comment_check(payload).is_spam is False


@pytest.mark.parametrize(("mode", "is_spam"), [("ham", False), ("spam", True)])
def test_forced_verdict_modes(
    akismet_server: AkismetTestServer, client: AkismetClient, mode: str, is_spam: bool
) -> None:
    akismet_server.script(mode, times=1)

    assert client.comment_check(comment(comment_author=SPAM_AUTHOR)).is_spam is is_spam
    # The script is used up; the content rule answers again.
    assert client.comment_check(comment(comment_author=SPAM_AUTHOR)).is_spam is True


def test_discard_pro_tip_is_reported(akismet_server: AkismetTestServer, client: AkismetClient):
    akismet_server.script("discard", times=1)

    result = client.comment_check(comment())

    assert result.is_spam is True
    assert result.discard is True


def test_recheck_after_marks_a_provisional_ham(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("recheck", times=1, recheck_after=900)

    result = client.comment_check(comment())

    assert result.is_spam is False
    assert result.recheck_after == 900


def test_alert_headers_are_kept_and_logged(
    akismet_server: AkismetTestServer, client: AkismetClient, caplog: pytest.LogCaptureFixture
) -> None:
    akismet_server.script("alert", times=1, alert_code="10001", alert_msg="Renew your plan.")

    with caplog.at_level(logging.WARNING, logger="comments.spam.client"):
        result = client.comment_check(comment())

    assert result.is_spam is False
    assert (result.alert_code, result.alert_msg) == ("10001", "Renew your plan.")
    assert "10001" in caplog.text


def test_invalid_key_mode_raises_invalid_key_error(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("invalid_key", times=1)

    with pytest.raises(InvalidKeyError) as caught:
        client.comment_check(comment())

    assert caught.value.debug_help
    assert caught.value.body == "invalid"


def test_wrong_key_raises_invalid_key_error(make_client: MakeClient) -> None:
    with pytest.raises(InvalidKeyError):
        make_client(api_key="not-the-key").comment_check(comment())


def test_error_header_raises_api_error_with_debug_help(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("error_header", times=1)

    with pytest.raises(SpamServiceAPIError) as caught:
        client.comment_check(comment())

    assert "Missing required field" in str(caught.value)
    assert caught.value.debug_help == "Send user_ip."
    assert len(akismet_server.requests) == 1


def test_missing_user_ip_is_reported_by_the_server_as_an_api_error(client: AkismetClient):
    with pytest.raises(SpamServiceAPIError, match="user_ip"):
        client.comment_check({"comment_content": "no ip"})
