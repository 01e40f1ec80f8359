"""The spam service failing in every way the Akismet test server knows, while readers post
through the real form: nothing lost, no 5xx, nothing approved without a verdict, and one queue
run after recovery settles every held comment. Posts per mode: 200 x HARDENING_SCALE."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from comments.spam.checkers import spam_check_reset
from tests.akismet_server import AkismetTestServer
from tests.hardening.conftest import report, scaled

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

KEY = "marginalia-hardening-key"
# Akismet test server mode for each failure the issue lists ("refused": the server is gone).
FAILURES = {
    "500": "500",
    "503": "503",
    "empty 200": "empty",
    "unexpected word": "garbage",
    "HTML page": "html",
    "10 MB body": "huge",
    "connection refused": None,
    "read timeout": "slow",
    "slow drip": "drip",
    "invalid key": "invalid_key",
    "429 Retry-After": "rate_limited",
    "connection closed": "close",
}


@pytest.fixture
def akismet(settings, open_posting):
    spam_check_reset()
    with AkismetTestServer(valid_key=KEY) as server:
        settings.SPAM_CHECKER = "akismet"
        settings.AKISMET_API_KEY = KEY
        settings.AKISMET_API_URL = server.url
        settings.AKISMET_IS_TEST = True
        settings.AKISMET_CONNECT_TIMEOUT = 0.2
        settings.AKISMET_READ_TIMEOUT = 0.25
        settings.AKISMET_RETRIES = 1
        settings.AKISMET_BACKOFF = 0.01
        settings.COMMENTS_MODERATION_POLICY = "none"
        yield server
    spam_check_reset()


@pytest.mark.parametrize("failure", FAILURES)
def test_posts_during_a_spam_service_failure_are_all_kept_and_settle_after_recovery(
    akismet, essay, post_form, failure
):
    posts = scaled(200)
    assert post_form(essay).status_code == HTTPStatus.FOUND  # the key is verified while all is well
    port = akismet.port
    if FAILURES[failure] is None:
        akismet.stop()
    else:
        akismet.script(FAILURES[failure], slow_seconds=2, drip_seconds=2, retry_after="30")
    started = time.monotonic()
    statuses = Counter(
        post_form(essay, body=f"Remark {n} while the service fails.").status_code
        for n in range(posts)
    )
    seconds = time.monotonic() - started
    held = Comment.objects.exclude(body__startswith="A considered remark")
    stored = held.count()
    approved_unchecked = held.filter(status=Comment.Status.APPROVED, verdict="").count()

    server = akismet
    if FAILURES[failure] is None:
        server = AkismetTestServer(port=port, valid_key=KEY).start()
    try:
        server.script("auto")
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=7)):
            call_command("process_spam_queue")
    finally:
        if server is not akismet:
            server.stop()
    settled = held.filter(check_state=Comment.CheckState.CHECKED).exclude(verdict="").count()

    figures = {
        "posted": posts,
        "acknowledged (302)": statuses[HTTPStatus.FOUND],
        "stored": stored,
        "lost": statuses[HTTPStatus.FOUND] - stored,
        "5xx": sum(count for status, count in statuses.items() if status >= 500),
        "approved without verdict": approved_unchecked,
        "settled after recovery": settled,
        "post seconds (mean)": round(seconds / posts, 3),
    }
    report(f"spam service {failure}", figures)
    assert statuses == {HTTPStatus.FOUND: posts}
    assert stored == posts
    assert approved_unchecked == 0
    assert settled == posts
    assert not held.filter(status=Comment.Status.APPROVED, verdict="").exists()
