"""The comment list's tab counts: exact for Pending, capped elsewhere, all in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.admin import queue
from comments.models import Comment
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def test_large_tabs_say_more_than_the_cap_and_pending_stays_exact(moderator_client, monkeypatch):
    monkeypatch.setattr(queue, "COUNT_CAP", 2)
    CommentFactory.create_batch(4)
    CommentFactory.create_batch(3, status=Comment.Status.APPROVED)
    CommentFactory(status=Comment.Status.TRASH)

    text = moderator_client.get(CHANGELIST).text

    for label in ("Pending (4)", "Approved (2+)", "All (2+)", "Trash (1)", "Spam (0)"):
        assert label in text
    assert "4 comments awaiting moderation" in text


def test_one_query_counts_every_tab_and_only_pending_reads_past_the_cap(rf):
    CommentFactory.create_batch(2)
    CommentFactory(status=Comment.Status.SPAM, verdict=Comment.Verdict.DISCARD)
    request = rf.get(CHANGELIST)

    with CaptureQueriesContext(connection) as queries:
        counts = queue.tab_counts(request)
        awaiting = queue.awaiting_count(request)

    assert (counts["pending"], counts["spam"], counts["discard"], counts["all"]) == (2, 1, 1, 3)
    assert awaiting == 2  # the header's count, from the same query
    (query,) = (query["sql"] for query in queries)
    limit = f"LIMIT {queue.COUNT_CAP + 1}"
    assert query.count(limit) == len(queue.TABS) + len(queue.CHECKS) - 1
    assert query.count("SELECT COUNT(*)") == len(queue.TABS) + len(queue.CHECKS)
