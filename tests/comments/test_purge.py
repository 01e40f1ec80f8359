"""purge_comments deletes old blatant spam and trash, and never a live comment."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments import services
from comments.models import Comment
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status


def aged(days, **fields):
    """A comment last changed (and checked) `days` ago."""
    comment = CommentFactory(**fields)
    then = timezone.now() - datetime.timedelta(days=days)
    Comment.objects.filter(pk=comment.pk).update(
        updated_at=then, checked_at=then, submitted_at=then
    )
    return comment


def purge():
    out = StringIO()
    call_command("purge_comments", stdout=out)
    return out.getvalue()


def test_purge_deletes_old_discards_and_old_trash_and_reports_counts(settings):
    settings.SPAM_DISCARD_KEEP_DAYS = 15
    settings.COMMENTS_TRASH_KEEP_DAYS = 30
    old_discard = aged(16, status=Status.SPAM, verdict="discard")
    young_discard = aged(14, status=Status.SPAM, verdict="discard")
    old_spam = aged(100, status=Status.SPAM, verdict="spam")
    old_trash = aged(31, status=Status.TRASH)
    young_trash = aged(29, status=Status.TRASH)
    old_pending = aged(400, status=Status.PENDING, verdict="discard")
    old_approved = aged(400, status=Status.APPROVED)

    report = purge()

    assert report.strip() == (
        "Deleted 1 blatant spam comment(s) older than 15 days and 1 trashed comment(s) older "
        "than 30 days."
    )
    kept = set(Comment.objects.values_list("pk", flat=True))
    assert kept == {c.pk for c in (young_discard, old_spam, young_trash, old_pending, old_approved)}
    assert old_discard.pk not in kept and old_trash.pk not in kept


def test_purge_keeps_trash_that_live_replies_hang_from(essay):
    parent = aged(60, essay=essay, status=Status.TRASH)
    middle = aged(60, essay=essay, parent=parent, status=Status.TRASH)
    reply = aged(60, essay=essay, parent=middle, status=Status.APPROVED)
    lonely = aged(60, essay=essay, status=Status.TRASH)

    assert "1 trashed comment(s)" in purge()
    assert set(Comment.objects.values_list("pk", flat=True)) == {parent.pk, middle.pk, reply.pk}
    assert not Comment.objects.filter(pk=lonely.pk).exists()


def test_purge_of_nothing_says_so():
    CommentFactory()
    assert "Deleted 0 blatant spam comment(s)" in purge()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("live", [Status.APPROVED, Status.PENDING])
def test_every_deleting_path_keeps_a_comment_with_a_live_reply_beneath(essay, settings, live):
    """Regression: the spam queue purged expired blatant spam with CASCADE, replies and all.

    Every path that deletes comments on a schedule is swept here: purge_comments, the spam
    queue's pass (process_spam_queue), and the services they call.
    """
    settings.SPAM_DISCARD_KEEP_DAYS = 15
    settings.COMMENTS_TRASH_KEEP_DAYS = 30
    discard = aged(60, essay=essay, status=Status.SPAM, verdict="discard")
    trash = aged(60, essay=essay, status=Status.TRASH)
    below_discard = aged(60, essay=essay, parent=discard, status=live)
    below_trash = aged(60, essay=essay, parent=trash, status=live)
    keep = {discard.pk, trash.pk, below_discard.pk, below_trash.pk}

    call_command("process_spam_queue", stdout=StringIO())
    assert keep <= set(Comment.objects.values_list("pk", flat=True))
    purge()
    assert keep <= set(Comment.objects.values_list("pk", flat=True))
    assert services.comment_purge_discards() == 0
    assert services.comment_purge_expired() == services.PurgeCount(discarded=0, trashed=0)
    assert keep <= set(Comment.objects.values_list("pk", flat=True))
