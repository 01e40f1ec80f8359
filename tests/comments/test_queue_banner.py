"""The spam check's banner reads its state row and the backlog in one query
(comments/spam/health.py), with the values the ORM would give."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.spam import status
from comments.spam.health import spam_service_headline, spam_service_status
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")
UNCHECKED = Comment.CheckState.UNCHECKED


def waiting_since(minutes: int, **fields) -> Comment:
    at = timezone.now() - datetime.timedelta(minutes=minutes)
    return CommentFactory(check_state=UNCHECKED, submitted_at=at, **fields)


@pytest.mark.parametrize("recorded", [False, True])
def test_a_backlog_is_counted_from_its_oldest_pending_comment(
    moderator_client, django_assert_num_queries, recorded
):
    if recorded:  # a state row, or none yet: the same query
        status.record_failure("timed out <after 2 s>")
    oldest = waiting_since(40)
    waiting_since(5)
    waiting_since(90, status=Comment.Status.APPROVED)  # not pending: not waiting
    CommentFactory(submitted_at=timezone.now() - datetime.timedelta(hours=3))  # checked

    with django_assert_num_queries(1):
        level, message = spam_service_headline()

    report = spam_service_status()
    assert (report["unchecked"], report["oldest_unchecked_at"]) == (2, oldest.submitted_at)
    error = (report["last_error"] or {}).get("message")
    assert error == ("timed out <after 2 s>" if recorded else None)
    assert level == "warning"
    assert message.startswith(
        f"2 comment(s) wait for a spam check, the oldest since {oldest.submitted_at:%Y-%m-%d %H:%M}"
    )
    page = moderator_client.get(CHANGELIST).text
    assert "cm-service--warning" in page
    if recorded:
        assert "timed out &lt;after 2 s&gt;" in page


def test_no_backlog_reads_as_none_waiting():
    waiting_since(5)  # too recent to warn about
    report = spam_service_status()
    assert (report["level"], report["unchecked"]) == ("ok", 1)
    Comment.objects.update(check_state=Comment.CheckState.CHECKED)
    report = spam_service_status()
    assert (report["unchecked"], report["oldest_unchecked_at"], report["last_error"]) == (
        0,
        None,
        None,
    )
