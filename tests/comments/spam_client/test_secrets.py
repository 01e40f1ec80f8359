"""The API key never shows: not in errors, logs or reprs, even when the server echoes it."""

import logging
import traceback

import pytest

from comments.spam.client import (
    AkismetClient,
    InvalidKeyError,
    RateLimited,
    SpamServiceAPIError,
    SpamServiceError,
    SpamServiceTimeout,
    SpamServiceUnavailable,
)
from tests.akismet_server import AkismetTestServer
from tests.comments.spam_client.support import (
    API_KEY,
    MakeClient,
    comment,
    free_port,
)


def error_scenarios() -> list[tuple[str, dict[str, object], type[SpamServiceError]]]:
    return [
        ("invalid_key", {}, InvalidKeyError),
        ("error_header", {}, SpamServiceAPIError),
        ("empty", {}, SpamServiceAPIError),
        ("garbage", {}, SpamServiceAPIError),
        ("html", {}, SpamServiceAPIError),
        ("huge", {}, SpamServiceAPIError),
        ("403", {}, SpamServiceUnavailable),
        ("500", {}, SpamServiceUnavailable),
        ("503", {}, SpamServiceUnavailable),
        ("close", {}, SpamServiceUnavailable),
        ("rate_limited", {"retry_after": "0"}, RateLimited),
        ("rate_limited", {"retry_after": "60"}, RateLimited),
        ("slow", {"slow_seconds": 5}, SpamServiceTimeout),
        ("drip", {"drip_seconds": 8}, SpamServiceTimeout),
    ]


@pytest.mark.parametrize(("mode", "options", "expected"), error_scenarios())
def test_api_key_never_appears_in_errors_or_logs(
    akismet_server: AkismetTestServer,
    client: AkismetClient,
    caplog: pytest.LogCaptureFixture,
    mode: str,
    options: dict[str, object],
    expected: type[SpamServiceError],
) -> None:
    akismet_server.script(mode, times=None, **options)

    with caplog.at_level(logging.DEBUG), pytest.raises(expected) as caught:
        client.comment_check(comment())

    assert_no_key(caught.value, caplog)


def test_api_key_never_appears_when_the_server_is_unreachable(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(api_url=f"http://127.0.0.1:{free_port()}/1.1/")

    with caplog.at_level(logging.DEBUG), pytest.raises(SpamServiceUnavailable) as caught:
        client.verify_key()

    assert_no_key(caught.value, caplog)


def test_api_key_echoed_by_the_server_is_redacted(
    akismet_server: AkismetTestServer, client: AkismetClient, caplog: pytest.LogCaptureFixture
) -> None:
    akismet_server.script("alert", times=1, alert_msg=f"Key {API_KEY} is over its limit.")

    with caplog.at_level(logging.DEBUG):
        result = client.comment_check(comment())

    assert result.alert_msg == "Key [redacted] is over its limit."
    assert API_KEY not in caplog.text


def test_reprs_do_not_show_the_key(client: AkismetClient) -> None:
    result = client.comment_check(comment())

    assert API_KEY not in repr(client)
    assert API_KEY not in repr(result)


def assert_no_key(error: SpamServiceError, caplog: pytest.LogCaptureFixture) -> None:
    texts = [
        str(error),
        repr(error),
        error.body,
        error.debug_help or "",
        "".join(traceback.format_exception(error)),
        caplog.text,
        *(record.getMessage() for record in caplog.records),
    ]
    for text in texts:
        assert API_KEY not in text
