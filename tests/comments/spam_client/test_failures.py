"""Unexpected answers, retries, timeouts and the time budget of one check."""

import time

import pytest

from comments.spam.client import (
    AkismetClient,
    RateLimited,
    SpamServiceAPIError,
    SpamServiceTimeout,
    SpamServiceUnavailable,
)
from tests.akismet_server import SPAM_AUTHOR, AkismetTestServer
from tests.comments.spam_client.support import (
    TIME_BOUND,
    MakeClient,
    comment,
    free_port,
)


@pytest.mark.parametrize("mode", ["empty", "garbage", "html", "huge"])
def test_unexpected_bodies_raise_api_error(
    akismet_server: AkismetTestServer, client: AkismetClient, mode: str
) -> None:
    akismet_server.script(mode, times=1)
    started = time.monotonic()

    with pytest.raises(SpamServiceAPIError) as caught:
        client.comment_check(comment())

    assert time.monotonic() - started < TIME_BOUND
    assert len(caught.value.body) <= 201
    assert caught.value.status_code == 200
    assert len(akismet_server.requests) == 1


def test_huge_body_is_read_only_up_to_the_cap(
    akismet_server: AkismetTestServer, make_client: MakeClient
) -> None:
    akismet_server.script("huge", times=1)
    client = make_client(max_body_bytes=1024)

    with pytest.raises(SpamServiceAPIError) as caught:
        client.comment_check(comment())

    assert set(caught.value.body.rstrip("…")) == {"x"}
    # The connection was dropped mid-body; the next call still works.
    assert client.comment_check(comment()).is_spam is False


@pytest.mark.parametrize("mode", ["500", "503"])
def test_server_errors_are_retried_then_reported_unavailable(
    akismet_server: AkismetTestServer, client: AkismetClient, mode: str
) -> None:
    akismet_server.script(mode, times=None)

    with pytest.raises(SpamServiceUnavailable) as caught:
        client.comment_check(comment())

    assert caught.value.status_code == int(mode)
    assert len(akismet_server.requests) == 3


def test_one_server_error_then_ham_succeeds_on_retry(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("500", times=1)

    result = client.comment_check(comment())

    assert result.is_spam is False
    assert result.attempts == 2
    assert [request.mode for request in akismet_server.requests] == ["500", "auto"]


def test_closed_connection_is_retried(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("close", times=1)

    assert client.comment_check(comment()).attempts == 2


def test_connection_closed_every_time_is_unavailable(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("close", times=None)

    with pytest.raises(SpamServiceUnavailable) as caught:
        client.comment_check(comment())

    assert not isinstance(caught.value, SpamServiceTimeout)
    assert len(akismet_server.requests) == 3


def test_connection_refused_is_unavailable_and_quick(make_client: MakeClient) -> None:
    client = make_client(api_url=f"http://127.0.0.1:{free_port()}/1.1/")
    started = time.monotonic()

    with pytest.raises(SpamServiceUnavailable):
        client.comment_check(comment())

    assert time.monotonic() - started < TIME_BOUND


def test_client_error_is_not_retried(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("403", times=None)

    with pytest.raises(SpamServiceUnavailable) as caught:
        client.comment_check(comment())

    assert caught.value.status_code == 403
    assert len(akismet_server.requests) == 1


def test_short_retry_after_is_honoured(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("rate_limited", times=1, retry_after="0.2")
    started = time.monotonic()

    result = client.comment_check(comment())

    assert result.attempts == 2
    assert time.monotonic() - started >= 0.2


def test_long_retry_after_raises_rate_limited_at_once(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("rate_limited", times=None, retry_after="30")

    with pytest.raises(RateLimited) as caught:
        client.comment_check(comment())

    assert caught.value.retry_after == 30
    assert caught.value.status_code == 429
    assert len(akismet_server.requests) == 1


def test_rate_limited_after_all_retries(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("rate_limited", times=None, retry_after="0")

    with pytest.raises(RateLimited):
        client.comment_check(comment())

    assert len(akismet_server.requests) == 3


def test_slow_answer_times_out_without_retry(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("slow", times=None, slow_seconds=5)
    started = time.monotonic()

    with pytest.raises(SpamServiceTimeout):
        client.comment_check(comment())

    assert time.monotonic() - started < TIME_BOUND
    assert len(akismet_server.requests) == 1


def test_slow_but_timely_answer_is_accepted(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("slow", times=1, slow_seconds=0.2)

    assert client.comment_check(comment(comment_author=SPAM_AUTHOR)).is_spam is True


def test_dripping_body_is_cut_off_by_the_deadline(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("drip", times=None, drip_seconds=8)
    started = time.monotonic()

    with pytest.raises(SpamServiceTimeout):
        client.comment_check(comment())

    assert time.monotonic() - started < TIME_BOUND


def test_retry_then_slow_answer_stays_within_the_budget(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.script("500", times=1)
    akismet_server.script("slow", times=None, slow_seconds=5)
    started = time.monotonic()

    with pytest.raises(SpamServiceTimeout):
        client.comment_check(comment())

    assert time.monotonic() - started < TIME_BOUND
    assert len(akismet_server.requests) == 2


def test_random_failures_are_mostly_absorbed_by_retries(
    akismet_server: AkismetTestServer, client: AkismetClient
) -> None:
    akismet_server.random_failure(rate=0.3, seed=7)
    outcomes = []
    for _ in range(20):
        try:
            outcomes.append(client.comment_check(comment()).is_spam)
        except SpamServiceUnavailable:
            outcomes.append(None)

    modes = [request.mode for request in akismet_server.requests]
    assert "500" in modes
    assert outcomes.count(False) >= 15
    assert None not in outcomes or modes.count("500") >= 3
