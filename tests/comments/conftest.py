"""Fixtures for the spam check: a scripted Akismet server, settings that point at it, posting."""

import itertools
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from django.core import signing
from django.db import connection, connections
from django.urls import reverse

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment
from comments.services import CommentData, RequestMeta, comment_create
from comments.spam.checkers import spam_check_reset
from tests.akismet_server import AkismetTestServer
from tests.smtp_server import SmtpTestServer

AKISMET_KEY = "marginalia-test-key-5f2a"


@pytest.fixture(autouse=True)
def fresh_spam_check(settings) -> Iterator[None]:
    """Each test starts with the embedded checker and no cached key, model or alert."""
    settings.SPAM_CHECKER = "embedded"
    spam_check_reset()
    yield
    spam_check_reset()


@pytest.fixture
def akismet_server() -> Iterator[AkismetTestServer]:
    with AkismetTestServer(valid_key=AKISMET_KEY) as server:
        yield server


@pytest.fixture
def akismet_settings(settings, akismet_server):
    """The site checks with Akismet at the test server, with timeouts short enough for tests."""
    settings.SPAM_CHECKER = "akismet"
    settings.AKISMET_API_KEY = AKISMET_KEY
    settings.AKISMET_API_URL = akismet_server.url
    settings.AKISMET_IS_TEST = True
    settings.AKISMET_CONNECT_TIMEOUT = 0.2
    settings.AKISMET_READ_TIMEOUT = 0.25
    settings.AKISMET_RETRIES = 1
    settings.AKISMET_BACKOFF = 0.01
    return settings


@pytest.fixture
def posting_settings(settings):
    """No flood control, the first-time policy, and a form old enough to be human."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_CAP_PER_IP = 100_000
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    settings.COMMENTS_MODERATION_POLICY = "first-time"
    return settings


def aged_timestamp(essay, seconds: float = 60) -> str:
    """A signed form timestamp as if the form had been shown `seconds` ago."""
    return signing.dumps({"essay": essay.pk, "t": time.time() - seconds}, salt=TIMESTAMP_SALT)


@pytest.fixture
def post_comment(client, essay, posting_settings) -> Callable[..., object]:
    """Post through the real form, from a new IP address each time; returns the response."""
    numbers = itertools.count(1)

    def post(*, essay=essay, ip: str | None = None, headers: dict | None = None, **fields):
        n = next(numbers)
        data = {
            "author_name": f"Reader {n}",
            "author_email": f"reader{n}@example.org",
            "author_url": "",
            "body": f"A considered remark, number {n}, about the second section.",
            "timestamp": aged_timestamp(essay),
            "homepage_url": "",
        } | fields
        return client.post(
            reverse("comments:post", args=[essay.slug]),
            data,
            REMOTE_ADDR=ip or f"10.{n // 65536}.{n // 256 % 256}.{n % 256}",
            **(headers or {}),
        )

    return post


@pytest.fixture
def make_comment(essay) -> Callable[..., Comment]:
    """A saved comment, pending and not yet checked, as comment_create leaves it."""
    numbers = itertools.count(1)

    def make(*, body: str | None = None, ip: str = "192.0.2.10", **fields) -> Comment:
        n = next(numbers)
        data = {
            "author_name": f"Writer {n}",
            "author_email": f"writer{n}@example.org",
            "author_url": "",
            "body": body or f"Comment {n} on the argument of the essay.",
        } | fields
        signals = data.pop("signals", {"honeypot_field": "homepage_url", "honeypot": ""})
        return comment_create(
            essay=data.pop("essay", essay),
            data=CommentData(**data),
            meta=RequestMeta(ip_address=ip, user_agent="Mozilla/5.0 (tests)"),
            signals=signals,
        )

    return make


@pytest.fixture
def database_for_threads(tmp_path) -> Iterator[None]:
    """A database that worker threads share as in production; on SQLite, a file.

    The in-memory test database is opened in shared-cache mode, where one connection's write
    makes the others fail at once ("database table is locked") instead of waiting on the busy
    timeout. The test's data is copied to a file in WAL mode and every thread uses that.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    path = tmp_path / "threads.sqlite3"
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    in_memory = connections["default"]
    settings_dict = in_memory.settings_dict  # the dict new connections in any thread are built from
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    connections["default"] = type(in_memory)(settings_dict, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = in_memory
        settings_dict["NAME"] = name


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpTestServer]:
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to (fails on demand)."""
    with SmtpTestServer() as server:
        server.use_in(settings)
        yield server


def in_two_workers(work: Callable[[], int], *, passes: int = 3) -> tuple[Counter, list]:
    """Run `work` `passes` times in each of two threads started together, as two worker
    processes would; returns what each counted, and any errors."""
    errors, done = [], Counter()
    start = threading.Barrier(2)

    def worker(name):
        try:
            start.wait(timeout=10)
            for _ in range(passes):
                done[name] += work()
        except Exception as error:  # surfaced by the caller's assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return done, errors
