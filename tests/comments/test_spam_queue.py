"""process_spam_queue: re-checks with backoff, durable feedback, several workers on one queue."""

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment, SpamFeedback, SpamModelState
from comments.services import comment_mark_ham, comment_mark_spam
from comments.services.queue import spam_queue_run_forever, spam_queue_run_once
from comments.services.screening import comment_screen, next_check_delay
from comments.spam.bayes import NaiveBayesModel
from tests.akismet_server import SPAM_CONTENT
from tests.comments.conftest import in_two_workers

pytestmark = pytest.mark.django_db


def later(**delta):
    return time_machine.travel(timezone.now() + datetime.timedelta(**delta))


def checks(server):
    return [r.form for r in server.requests if r.endpoint == "comment-check"]


def test_backoff_doubles_up_to_the_cap(settings):
    settings.SPAM_RETRY_BASE_SECONDS = 60
    settings.SPAM_RETRY_MAX_SECONDS = 3600
    delays = [next_check_delay(n).total_seconds() for n in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert next_check_delay(1, retry_after=300).total_seconds() == 300


def test_a_failed_check_waits_for_its_backoff_and_is_retried_with_reason_retry(
    akismet_settings, akismet_server, make_comment, capsys
):
    akismet_server.script("500")
    comment = comment_screen(comment=make_comment())
    assert (comment.check_attempts, comment.recheck_reason) == (1, "retry")
    akismet_server.script("auto")

    call_command("process_spam_queue")  # due in a minute: nothing to do yet
    assert "Checked 0 comment(s)" in capsys.readouterr().out

    with later(minutes=2):
        call_command("process_spam_queue")
    comment.refresh_from_db()
    assert "Checked 1 comment(s) (1 ham)" in capsys.readouterr().out
    assert checks(akismet_server)[-1]["recheck_reason"] == "retry"
    assert (comment.check_state, comment.check_attempts, comment.check_error) == (
        Comment.CheckState.CHECKED,
        2,
        "",
    )


def test_each_failure_doubles_the_wait(akismet_settings, akismet_server, make_comment):
    akismet_server.script("503")
    comment = comment_screen(comment=make_comment())
    waits = [(comment.check_next_at - timezone.now()).total_seconds()]
    for _ in range(3):
        with time_machine.travel(comment.check_next_at + datetime.timedelta(seconds=1)):
            with pytest.raises(CommandError, match="1 check"):
                call_command("process_spam_queue")
            comment.refresh_from_db()
            waits.append((comment.check_next_at - timezone.now()).total_seconds())
    assert comment.check_attempts == 4
    assert [round(w, -1) for w in waits] == [60, 120, 240, 480]


def test_the_command_fails_loudly_on_a_bad_key_and_checks_nothing(
    akismet_settings, akismet_server, make_comment, caplog
):
    comment = make_comment()
    akismet_settings.AKISMET_API_KEY = "wrong-key"
    with pytest.raises(CommandError, match="rejects the API key"):
        call_command("process_spam_queue")
    assert "every comment is held unchecked" in caplog.text
    assert "wrong-key" not in caplog.text
    comment.refresh_from_db()
    assert (comment.check_state, comment.check_attempts) == (Comment.CheckState.UNCHECKED, 0)
    assert checks(akismet_server) == []


def test_service_status_reports_a_bad_key_for_the_admin_banner(
    akismet_settings, akismet_server, post_comment
):
    from comments.spam.health import spam_service_status

    akismet_settings.AKISMET_API_KEY = "wrong-key"
    post_comment()
    status = spam_service_status()
    assert (status["checker"], status["key"], status["level"]) == ("akismet", "invalid", "error")
    assert "AKISMET_API_KEY" in status["message"]
    assert status["unchecked"] == 1


def test_service_status_can_verify_the_key_for_a_fresh_process(akismet_settings, akismet_server):
    from comments.spam.health import spam_service_status

    assert spam_service_status()["key"] == "unknown"
    assert spam_service_status(verify=True)["key"] == "valid"
    assert [r.endpoint for r in akismet_server.requests] == ["verify-key"]


def test_embedded_status_is_ok():
    from comments.spam.health import spam_service_status

    status = spam_service_status()
    assert (status["checker"], status["key"], status["level"], status["message"]) == (
        "embedded",
        None,
        "ok",
        "",
    )


def test_feedback_replays_the_stored_payload_and_survives_an_outage(
    akismet_settings, akismet_server, make_comment, moderator
):
    spam = comment_screen(comment=make_comment(body="Subtle spam the service missed."))
    ham = comment_screen(comment=make_comment(body=f"Not spam at all: {SPAM_CONTENT}"))
    akismet_server.script("500")
    comment_mark_spam(comment=spam, actor=moderator)
    comment_mark_ham(comment=ham, actor=moderator)

    with pytest.raises(CommandError, match="2 report"):
        call_command("process_spam_queue")
    assert SpamFeedback.objects.filter(sent_at=None, attempts=1).count() == 2
    assert "500" in SpamFeedback.objects.first().last_error

    akismet_server.script("auto")
    with later(minutes=5):
        call_command("process_spam_queue")
    sent = {r.endpoint: r.form for r in akismet_server.requests if r.endpoint.startswith("submit")}
    assert sent["submit-spam"] == {"api_key": akismet_settings.AKISMET_API_KEY} | spam.spam_payload
    assert sent["submit-ham"] == {"api_key": akismet_settings.AKISMET_API_KEY} | ham.spam_payload
    assert not SpamFeedback.objects.filter(sent_at=None).exists()


def test_embedded_feedback_trains_the_model_and_a_reversal_untrains_it(make_comment, moderator):
    comment = make_comment(body="Buy cheap pills online now")
    comment_mark_spam(comment=comment, actor=moderator)
    call_command("process_spam_queue")
    state = SpamModelState.objects.get().state
    assert (state["spam_docs"], state["ham_docs"]) == (1, 0)

    comment_mark_ham(comment=comment, actor=moderator)
    call_command("process_spam_queue")
    state = SpamModelState.objects.get().state
    assert (state["spam_docs"], state["ham_docs"]) == (0, 1)
    model = NaiveBayesModel.from_dict(state)
    assert model.vocabulary_size > 0


def test_the_forever_loop_drains_the_queue_and_stops_when_told(make_comment):
    comment = make_comment()
    Comment.objects.filter(pk=comment.pk).update(check_attempts=1, recheck_reason="retry")
    stop = threading.Event()
    passes = []

    def on_pass(report):
        passes.append(report)
        stop.set()

    # Bounded: were the loop to fail before reporting, the test must still end.
    threading.Timer(10, stop.set).start()
    spam_queue_run_forever(stop=stop, sleep=0.01, on_pass=on_pass)
    comment.refresh_from_db()
    assert comment.check_state == Comment.CheckState.CHECKED
    assert passes[0].checked == {"ham": 1}


@pytest.mark.django_db(transaction=True)
def test_two_workers_drain_one_queue_checking_each_comment_once(
    akismet_settings, akismet_server, make_comment, database_for_threads
):
    akismet_settings.SPAM_QUEUE_BATCH = 3
    comments = [make_comment(body=f"Queued comment {n}") for n in range(40)]

    done, errors = in_two_workers(lambda: sum(spam_queue_run_once().checked.values()))

    assert errors == []
    assert done["a"] + done["b"] == 40
    assert done["a"] and done["b"], "both workers took a share"
    checked = Counter(form["comment_content"] for form in checks(akismet_server))
    assert checked == Counter(comment.body for comment in comments)
    assert set(checked.values()) == {1}
    assert not Comment.objects.filter(check_state=Comment.CheckState.UNCHECKED).exists()
