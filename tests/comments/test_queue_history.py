"""What each row shows from other rows: "N approved · N spam" by its author's address, and the
notes of its history, each in one statement compiled once per page size (comments.admin.queue)."""

import pytest
from django.urls import reverse

from comments.admin.queue import _author_counts, author_counts, notes_latest_first
from comments.models import Comment, StatusChange
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")


def test_each_address_is_counted_apart_and_an_address_with_neither_is_left_out():
    odd = "o'brien+%s\"<x>@example.com"
    for status, count in ((Status.APPROVED, 3), (Status.SPAM, 2), (Status.PENDING, 4)):
        CommentFactory.create_batch(count, author_email=odd, status=status)
    CommentFactory.create_batch(2, author_email="ann@example.com", status=Status.SPAM)
    CommentFactory(author_email="new@example.com", status=Status.PENDING)

    emails = {odd, "ann@example.com", "new@example.com", "nobody@example.com"}
    counts = author_counts(emails)

    assert counts[odd] == (3, 2)
    assert counts["ann@example.com"] == (0, 2)
    assert counts["new@example.com"] == (0, 0)
    assert "nobody@example.com" not in counts
    assert author_counts(set()) == {}


def test_the_statement_is_compiled_once_per_number_of_addresses(django_assert_num_queries):
    _author_counts.cache_clear()
    CommentFactory(author_email="a@example.com", status=Status.APPROVED)
    for emails in ({"a@example.com", "b@example.com"}, {"c@example.com", "a@example.com"}):
        with django_assert_num_queries(1):
            author_counts(emails)
    assert _author_counts.cache_info().misses == 1
    assert author_counts({"c@example.com", "a@example.com"}) == {"a@example.com": (1, 0)}


def test_the_queue_shows_each_authors_history(moderator_client):
    CommentFactory.create_batch(2, author_email="ann@example.com", status=Status.APPROVED)
    CommentFactory(author_email="ann@example.com", status=Status.SPAM)
    CommentFactory(author_email="ann@example.com", status=Status.PENDING)
    CommentFactory(author_email="bo@example.com", status=Status.PENDING)

    rows = moderator_client.get(CHANGELIST).text.split("<tr>")[2:]

    shown = {row.count("ann@example.com") > 0: row for row in rows}
    assert ">2 approved</a> · <a" in shown[True] and ">1 spam</a>" in shown[True]
    assert ">0 approved</a> · <a" in shown[False] and ">0 spam</a>" in shown[False]


def test_a_pages_notes_come_latest_first_with_their_moderators_name(moderator):
    first, second, quiet = CommentFactory.create_batch(3)
    moderated = StatusChange.objects.create(
        comment=first, to_status=Status.APPROVED, actor=moderator,
        reason=StatusChange.Reason.MODERATOR, note="restored <ok>",
    )  # fmt: skip
    ruled = StatusChange.objects.create(
        comment=second, to_status=Status.PENDING, reason=StatusChange.Reason.RULE, note="links"
    )
    StatusChange.objects.create(comment=quiet, to_status=Status.PENDING, note="")

    notes = notes_latest_first([first.pk, second.pk, quiet.pk])

    assert [note.pk for note in notes] == [ruled.pk, moderated.pk]
    assert [note.actor_name for note in notes] == [None, "moderator"]
    assert notes[1].get_reason_display() == moderated.get_reason_display()
    assert notes_latest_first([]) == []
