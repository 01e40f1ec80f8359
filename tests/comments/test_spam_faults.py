"""Outages of the spam service: no comment is lost, none is approved unchecked, all settle."""

import contextlib
import datetime
from collections import Counter
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment
from tests.akismet_server import SPAM_CONTENT, AkismetTestServer
from tests.comments.conftest import AKISMET_KEY

pytestmark = pytest.mark.django_db

FAILURES = [
    "500",
    "503",
    "403",
    "empty",
    "garbage",
    "html",
    "huge",
    "slow",
    "drip",
    "close",
    "invalid_key",
    "error_header",
    "rate_limited",
]


def drain_queue(*, passes: int = 12) -> int:
    """Run process_spam_queue, hours later each time, until nothing is left unchecked."""
    for n in range(1, passes + 1):
        # Some checks fail again (CommandError); the next pass retries them.
        hours = datetime.timedelta(hours=7 * n)
        with time_machine.travel(timezone.now() + hours), contextlib.suppress(CommandError):
            call_command("process_spam_queue")
        if not Comment.objects.filter(check_state=Comment.CheckState.UNCHECKED).exists():
            return n
    raise AssertionError(f"comments still unchecked after {passes} passes")


def recover_and_run_once():
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=7)):
        call_command("process_spam_queue")


def assert_held(comments):
    for comment in comments:
        assert comment.status == Comment.Status.PENDING
        assert comment.check_state == Comment.CheckState.UNCHECKED
        assert comment.verdict == ""
        assert comment.check_error
        assert AKISMET_KEY not in comment.check_error


@pytest.mark.parametrize("failure", FAILURES)
def test_comments_posted_during_a_failure_are_kept_held_and_settled_later(
    akismet_settings, akismet_server, post_comment, failure, settings
):
    settings.COMMENTS_MODERATION_POLICY = "none"
    assert post_comment().status_code == HTTPStatus.FOUND  # the key is verified while all is well
    akismet_server.script(failure, slow_seconds=2, drip_seconds=2, retry_after="30")

    responses = [post_comment(), post_comment(body=f"Cheap pills {SPAM_CONTENT}")]

    assert [r.status_code for r in responses] == [HTTPStatus.FOUND] * 2
    held = list(Comment.objects.order_by("pk")[1:])
    assert len(held) == 2
    assert_held(held)

    akismet_server.script("auto")
    recover_and_run_once()
    for comment in held:
        comment.refresh_from_db()
    assert [(c.check_state, c.verdict, c.status) for c in held] == [
        (Comment.CheckState.CHECKED, Comment.Verdict.HAM, Comment.Status.APPROVED),
        (Comment.CheckState.CHECKED, Comment.Verdict.SPAM, Comment.Status.SPAM),
    ]
    rechecks = [r.form for r in akismet_server.requests if r.endpoint == "comment-check"][-2:]
    assert [form["recheck_reason"] for form in rechecks] == ["retry", "retry"]


def test_a_rate_limit_waits_at_least_as_long_as_the_service_asks(
    akismet_settings, akismet_server, post_comment
):
    post_comment()
    akismet_server.script("rate_limited", retry_after="600")
    before = timezone.now()
    post_comment()
    comment = Comment.objects.latest("pk")
    assert comment.check_next_at >= before + datetime.timedelta(seconds=600)


def test_the_server_going_away_mid_run(akismet_settings, akismet_server, post_comment, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    post_comment()
    post_comment()
    port = akismet_server.port
    akismet_server.stop()

    for _ in range(3):
        assert post_comment().status_code == HTTPStatus.FOUND
    assert_held(Comment.objects.order_by("pk")[2:])

    with AkismetTestServer(port=port, valid_key=AKISMET_KEY) as revived:
        recover_and_run_once()
        assert len([r for r in revived.requests if r.endpoint == "comment-check"]) == 3
    assert set(Comment.objects.values_list("check_state", "status")) == {
        (Comment.CheckState.CHECKED, Comment.Status.APPROVED)
    }


def test_two_hundred_comments_while_a_third_of_requests_fail(
    akismet_settings, akismet_server, post_comment, settings
):
    settings.COMMENTS_MODERATION_POLICY = "none"
    settings.AKISMET_RETRIES = 0  # let the failures through to the pipeline
    akismet_server.random_failure(rate=1 / 3, seed=5)

    for n in range(200):
        spammy = f" {SPAM_CONTENT}" if n % 10 == 0 else ""
        response = post_comment(body=f"Comment {n} on the essay.{spammy}")
        assert response.status_code == HTTPStatus.FOUND

    comments = Comment.objects.all()
    held = comments.filter(check_state=Comment.CheckState.UNCHECKED)
    assert comments.count() == 200
    assert 30 < held.count() < 110
    assert not comments.filter(status=Comment.Status.APPROVED).exclude(
        check_state=Comment.CheckState.CHECKED, verdict=Comment.Verdict.HAM
    )
    assert set(held.values_list("status", flat=True)) == {Comment.Status.PENDING}

    drain_queue()

    assert comments.count() == 200
    assert comments.filter(check_state=Comment.CheckState.CHECKED).count() == 200
    outcomes = Counter(comments.values_list("status", "verdict"))
    assert outcomes == {
        (Comment.Status.APPROVED, Comment.Verdict.HAM): 180,
        (Comment.Status.SPAM, Comment.Verdict.SPAM): 20,
    }


def test_one_run_after_a_long_outage_settles_every_held_comment(
    akismet_settings, akismet_server, post_comment
):
    akismet_server.script("503")
    for _ in range(3):
        post_comment()
    # Hours into the outage, the next tries are far off.
    Comment.objects.update(
        check_attempts=8, check_next_at=timezone.now() + datetime.timedelta(hours=2)
    )
    akismet_server.script("auto")

    call_command("process_spam_queue")

    assert not Comment.objects.filter(check_state=Comment.CheckState.UNCHECKED).exists()


def test_comments_a_worker_holds_are_not_brought_forward(
    akismet_settings, akismet_server, make_comment
):
    from comments.services.screening import comment_claim

    comment = make_comment()
    Comment.objects.filter(pk=comment.pk).update(check_error="SpamServiceTimeout: slow")
    token = comment_claim(comment_id=comment.pk)
    call_command("process_spam_queue")
    comment.refresh_from_db()
    assert comment.check_next_at == token
