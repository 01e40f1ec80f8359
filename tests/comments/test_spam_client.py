"""The Akismet client against a real HTTP server on 127.0.0.1; no database, no mocked requests."""

import logging
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from comments.spam.client import (
    DEFAULT_USER_AGENT,
    ROLE_ADMINISTRATOR,
    AkismetClient,
    CheckResult,
    InvalidKeyError,
    RateLimited,
    SpamServiceAPIError,
    SpamServiceError,
    SpamServiceTimeout,
    SpamServiceUnavailable,
    build_payload,
)
from tests.akismet_server import MODES, SPAM_AUTHOR, SPAM_CONTENT, AkismetTestServer

API_KEY = "k3y-0f-the-marginalia-7d1e"
BLOG = "https://marginalia.example/"
# Correctness bounds, not benchmarks: default budget is 2 s, with up to one connect timeout over.
TIME_BOUND = 4.0

MakeClient = Callable[..., AkismetClient]


@pytest.fixture
def akismet_server() -> Iterator[AkismetTestServer]:
    with AkismetTestServer(valid_key=API_KEY) as server:
        yield server


@pytest.fixture
def make_client(akismet_server: AkismetTestServer) -> Iterator[MakeClient]:
    sessions: list[requests.Session] = []

    def make(**overrides: object) -> AkismetClient:
        session = requests.Session()
        # Ignore proxy variables from the environment: tests talk to 127.0.0.1 only.
        session.trust_env = False
        sessions.append(session)
        settings = {
            "api_key": API_KEY,
            "blog": BLOG,
            "api_url": akismet_server.url,
            "is_test": True,
            "session": session,
            **overrides,
        }
        return AkismetClient(**settings)

    yield make
    for session in sessions:
        session.close()


@pytest.fixture
def client(make_client: MakeClient) -> AkismetClient:
    return make_client()


def comment(**fields: str) -> dict[str, str]:
    return build_payload(
        **{
            "user_ip": "203.0.113.7",
            "user_agent": "Mozilla/5.0 (test)",
            "comment_author": "Ada",
            "comment_content": "A thoughtful remark about footnotes.",
            **fields,
        }
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def test_server_records_requests_thread_safely(
    akismet_server: AkismetTestServer, make_client: MakeClient
) -> None:
    def check() -> None:
        client = make_client()
        for _ in range(5):
            client.comment_check(comment())

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIME_BOUND)

    assert len(akismet_server.requests) == 20
    akismet_server.clear()
    assert akismet_server.requests == []


def test_server_rejects_unknown_modes_and_options(akismet_server: AkismetTestServer) -> None:
    with pytest.raises(ValueError, match="Unknown mode"):
        akismet_server.script("teapot")
    with pytest.raises(TypeError, match="Unknown options"):
        akismet_server.script("slow", slow_secs=1)
    assert {"ham", "spam", "slow", "drip", "close", "rate_limited", "random"} <= set(MODES)


def test_server_stops_promptly_while_a_handler_sleeps() -> None:
    server = AkismetTestServer(valid_key=API_KEY, default_mode="slow", slow_seconds=30).start()
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(requests.post(server.url + "comment-check", timeout=60))
        except requests.RequestException as exc:
            outcome.append(exc)

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    deadline = time.monotonic() + TIME_BOUND
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()

    server.stop()

    assert time.monotonic() - started < 2
    caller.join(timeout=TIME_BOUND)
    assert not caller.is_alive()
    assert isinstance(outcome[0], requests.ConnectionError)
    alive = [thread.name for thread in threading.enumerate() if thread.is_alive()]
    assert not [name for name in alive if name.startswith("akismet-test-server")]


def test_server_runs_from_the_command_line() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.akismet_server", "--port", "0", "--mode", "spam"],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], TIME_BOUND)
        assert ready, "the server printed no URL"
        url = re.search(r"http://\S+/1\.1/", process.stdout.readline()).group(0)
        with requests.Session() as session:
            session.trust_env = False
            client = AkismetClient(api_key="any", blog=BLOG, api_url=url, session=session)
            assert client.comment_check(comment()).is_spam is True
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIME_BOUND) == 0
