"""Screening through the real comment form, against the scripted Akismet server."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, StatusChange
from comments.services import comment_approve, comment_edit_by_poster
from comments.services.screening import (
    RECHECK_SCHEDULED,
    comment_claim,
    comment_record_verdict,
    comment_screen,
)
from comments.spam.checkers import Verdict
from tests.akismet_server import SPAM_CONTENT
from tests.comments.conftest import AKISMET_KEY

pytestmark = pytest.mark.django_db


def checks(server):
    return [r.form for r in server.requests if r.endpoint == "comment-check"]


def test_the_form_sends_akismet_every_field_it_knows(
    akismet_settings, akismet_server, post_comment, essay
):
    response = post_comment(
        author_name="Ada Byron",
        author_email="ada@example.org",
        author_url="https://ada.example.org/",
        body="On the analytical engine: a note.",
        ip="203.0.113.9",
        headers={
            "HTTP_USER_AGENT": "Mozilla/5.0 (Ada)",
            "HTTP_REFERER": "https://example.net/",
            "HTTP_SEC_FETCH_SITE": "same-origin",  # a browser says so; Referer alone is refused
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get()
    [verify, check] = akismet_server.requests
    assert verify.endpoint == "verify-key"
    assert verify.form == {"key": AKISMET_KEY, "blog": "http://testserver"}
    assert check.headers["user-agent"].startswith("Marginalia/")
    assert check.form == {
        "api_key": AKISMET_KEY,
        "blog": "http://testserver",
        "blog_charset": "UTF-8",
        "blog_lang": "en",
        "is_test": "1",
        "user_ip": "203.0.113.9",
        "user_agent": "Mozilla/5.0 (Ada)",
        "referrer": "https://example.net/",
        "permalink": "http://testserver" + essay.get_absolute_url(),
        "comment_type": "comment",
        "comment_author": "Ada Byron",
        "comment_author_email": "ada@example.org",
        "comment_author_url": "https://ada.example.org/",
        "comment_content": "On the analytical engine: a note.",
        "comment_date_gmt": comment.submitted_at.isoformat(),
        "comment_post_modified_gmt": essay.updated_at.isoformat(),
        "honeypot_field_name": "homepage_url",
        "homepage_url": "",
    }
    # The payload is kept without the key, to be repeated by submit-spam / submit-ham.
    assert comment.spam_payload == {k: v for k, v in check.form.items() if k != "api_key"}
    assert (comment.check_state, comment.verdict, comment.verdict_checker) == (
        Comment.CheckState.CHECKED,
        Comment.Verdict.HAM,
        "akismet",
    )
    assert comment.status == Comment.Status.PENDING  # first-time commenter


def test_the_key_is_verified_once_per_process(akismet_settings, akismet_server, post_comment):
    for _ in range(3):
        post_comment()
    endpoints = [r.endpoint for r in akismet_server.requests]
    assert endpoints == ["verify-key", "comment-check", "comment-check", "comment-check"]


def test_staff_comments_are_approved_without_calling_the_service(
    akismet_settings, akismet_server, post_comment, client, editor
):
    client.force_login(editor)
    post_comment(body=f"Editors may quote {SPAM_CONTENT} without being spam.")
    comment = Comment.objects.get()
    assert (comment.status, comment.verdict_checker) == (Comment.Status.APPROVED, "rules")
    assert checks(akismet_server) == []


def test_akismet_spam_goes_to_spam_with_its_reason(akismet_settings, akismet_server, post_comment):
    post_comment(body=f"Cheap watches {SPAM_CONTENT}")
    comment = Comment.objects.get()
    assert (comment.status, comment.verdict) == (Comment.Status.SPAM, Comment.Verdict.SPAM)
    assert comment.verdict_reasons == [
        {"code": "akismet_spam", "text": "Akismet: spam", "values": {"answer": "true"}}
    ]
    assert comment.verdict_codes == ",akismet_spam,"
    assert comment.verdict_raw == "true"
    assert comment.history.last().reason == StatusChange.Reason.SPAM_CHECK


def test_discard_is_spam_marked_discard_and_kept_out_of_the_queue(
    akismet_settings, akismet_server, post_comment
):
    akismet_server.script("discard", times=2)
    response = post_comment()
    comment = Comment.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert comment.is_discard
    assert comment.verdict_raw == "true; X-akismet-pro-tip: discard"
    assert not Comment.objects.in_moderation().exists()


def test_discarded_comments_are_deleted_after_the_keep_days(
    akismet_settings, akismet_server, post_comment, settings
):
    settings.SPAM_DISCARD_KEEP_DAYS = 15
    akismet_server.script("discard", times=2)
    post_comment()
    post_comment(body=f"Plain spam, kept for review {SPAM_CONTENT}")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14)):
        call_command("process_spam_queue")
    assert Comment.objects.count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(days=16)):
        call_command("process_spam_queue")
    assert list(Comment.objects.values_list("verdict", flat=True)) == [Comment.Verdict.SPAM]


def test_discard_drop_deletes_blatant_spam_at_once(
    akismet_settings, akismet_server, make_comment, settings
):
    settings.SPAM_DISCARD_DROP = True
    akismet_server.script("discard", times=2)
    comment = comment_screen(comment=make_comment())
    assert comment.pk is None
    assert not Comment.objects.exists()


def test_a_filled_honeypot_is_discarded_without_calling_akismet(
    akismet_settings, akismet_server, post_comment
):
    post_comment(homepage_url="https://seo.example.com/")
    comment = Comment.objects.get()
    assert comment.is_discard
    assert comment.verdict_checker == "rules"
    assert checks(akismet_server) == []


def test_provisional_ham_is_decided_then_checked_again_later(
    akismet_settings, akismet_server, post_comment, settings
):
    settings.COMMENTS_MODERATION_POLICY = "none"
    akismet_server.script("recheck", times=2, recheck_after=3600)
    before = timezone.now()
    post_comment()
    comment = Comment.objects.get()
    assert (comment.status, comment.verdict) == (Comment.Status.APPROVED, Comment.Verdict.HAM)
    assert comment.recheck_reason == RECHECK_SCHEDULED
    assert comment.check_next_at >= before + datetime.timedelta(seconds=3600)

    call_command("process_spam_queue")  # not due yet
    assert len(checks(akismet_server)) == 1

    akismet_server.script("spam", times=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("process_spam_queue")
    comment.refresh_from_db()
    assert checks(akismet_server)[-1]["recheck_reason"] == RECHECK_SCHEDULED
    assert (comment.status, comment.verdict) == (Comment.Status.SPAM, Comment.Verdict.SPAM)
    assert comment.recheck_reason == ""
    assert comment.history.last().reason == StatusChange.Reason.RECHECK


def test_an_edit_is_checked_again_with_recheck_reason_edit(
    akismet_settings, akismet_server, post_comment, client
):
    post_comment()
    comment = Comment.objects.get()
    response = client.post(
        reverse("comments:edit", args=[comment.pk]), {"body": f"Now {SPAM_CONTENT} here"}
    )
    assert response.status_code == HTTPStatus.FOUND
    last = checks(akismet_server)[-1]
    assert last["recheck_reason"] == "edit"
    assert last["comment_content"] == f"Now {SPAM_CONTENT} here"
    comment.refresh_from_db()
    assert (comment.status, comment.verdict) == (Comment.Status.SPAM, Comment.Verdict.SPAM)


def test_account_alerts_are_kept_for_staff(akismet_settings, akismet_server, post_comment):
    from comments.spam.health import spam_service_status

    akismet_server.script("alert", times=2, alert_code="10003", alert_msg="Pay your bill.")
    post_comment()
    status = spam_service_status()
    assert status["level"] == "warning"
    assert status["alert"]["code"] == "10003"
    assert "Pay your bill." in status["message"]
    post_comment()  # no alert header any more: the alert is over
    assert spam_service_status()["alert"] is None


def test_an_answer_for_the_text_before_an_edit_is_dropped(make_comment):
    comment = make_comment()
    token = comment_claim(comment_id=comment.pk)
    comment_edit_by_poster(comment=comment, body="Rewritten while the check was running.")
    stale = comment_record_verdict(
        comment_id=comment.pk, token=token, verdict=Verdict("ham", "embedded")
    )
    comment.refresh_from_db()
    assert stale is None
    assert comment.check_state == Comment.CheckState.UNCHECKED
    assert comment.recheck_reason == "edit"


def test_a_comment_another_worker_holds_is_not_checked_twice(make_comment):
    comment = make_comment()
    assert comment_claim(comment_id=comment.pk) is not None
    screened = comment_screen(comment=comment)
    assert screened.check_state == Comment.CheckState.UNCHECKED
    assert comment_claim(comment_id=comment.pk) is None


def test_a_moderators_decision_stands_when_the_check_comes_later(
    akismet_settings, akismet_server, make_comment, moderator
):
    akismet_server.script("500")
    comment = comment_screen(comment=make_comment(body=f"Hmm {SPAM_CONTENT}"))
    assert comment.check_state == Comment.CheckState.UNCHECKED
    comment_approve(comment=comment, actor=moderator)

    akismet_server.script("auto")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        call_command("process_spam_queue")
    comment.refresh_from_db()
    assert comment.verdict == Comment.Verdict.SPAM  # recorded for the moderator to see
    assert comment.status == Comment.Status.APPROVED


def test_unchecked_comments_are_never_approved_even_for_known_commenters(
    akismet_settings, akismet_server, post_comment, make_comment
):
    earlier = make_comment(author_name="Rosa", author_email="rosa@example.org")
    Comment.objects.filter(pk=earlier.pk).update(
        status=Comment.Status.APPROVED, check_state=Comment.CheckState.CHECKED
    )
    akismet_server.script("503")
    post_comment(author_name="Rosa", author_email="rosa@example.org")
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.check_state) == (
        Comment.Status.PENDING,
        Comment.CheckState.UNCHECKED,
    )
    assert "503" in comment.check_error
