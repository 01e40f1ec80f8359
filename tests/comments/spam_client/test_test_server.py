"""The scripted Akismet server itself (tests/akismet_server/)."""

import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from comments.spam.client import (
    AkismetClient,
)
from tests.akismet_server import MODES, AkismetTestServer
from tests.comments.spam_client.support import (
    API_KEY,
    BLOG,
    TIME_BOUND,
    MakeClient,
    comment,
)


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
        cwd=Path(__file__).resolve().parents[3],  # the project root
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
