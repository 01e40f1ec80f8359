"""What each moderation service does to status, history and spam-service feedback."""

import pytest
from django.utils import timezone

from comments.models import Comment, SpamFeedback, StatusChange
from comments.services import (
    EditedSince,
    ModerationError,
    StatusUndo,
    Undone,
    comment_approve,
    comment_as_seen,
    comment_delete_permanently,
    comment_edit_by_moderator,
    comment_mark_ham,
    comment_mark_spam,
    comment_recheck,
    comment_recheck_pending,
    comment_restore,
    comment_trash,
    comment_undo,
)
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status


def history(comment):
    return list(
        comment.history.order_by("created_at", "pk").values_list(
            "from_status", "to_status", "reason", "actor__username", "note"
        )
    )


def feedback(comment):
    return list(comment.feedback.order_by("pk").values_list("kind", "sent_at"))


def test_approve_records_who_did_it(moderator):
    comment = CommentFactory()
    comment_approve(comment=comment, actor=moderator)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert history(comment) == [("pending", "approved", "moderator", "moderator", "")]


def test_spam_queues_one_report_for_the_spam_service(moderator):
    comment = CommentFactory()
    comment_mark_spam(comment=comment, actor=moderator)
    comment_mark_spam(comment=comment, actor=moderator)
    assert Comment.objects.get().status == Status.SPAM
    assert feedback(comment) == [("spam", None)]


def test_restore_from_trash_returns_to_the_status_before(moderator):
    comment = CommentFactory(status=Status.APPROVED)
    comment_trash(comment=comment, actor=moderator)
    comment_restore(comment=comment, actor=moderator)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert history(comment)[-1] == ("trash", "approved", "moderator", "moderator", "restored")


def test_restore_from_spam_withdraws_the_unsent_spam_report(moderator):
    comment = CommentFactory()
    comment_mark_spam(comment=comment, actor=moderator)
    comment_restore(comment=comment, actor=moderator)
    assert Comment.objects.get().status == Status.PENDING
    assert feedback(comment) == []


def test_restore_of_spam_already_reported_to_approved_sends_not_spam(moderator):
    comment = CommentFactory(status=Status.APPROVED)
    comment_mark_spam(comment=comment, actor=moderator)
    SpamFeedback.objects.update(sent_at=timezone.now())
    comment_restore(comment=comment, actor=moderator)
    assert Comment.objects.get().status == Status.APPROVED
    assert [kind for kind, _ in feedback(comment)] == ["spam", "ham"]


def test_restore_without_history_goes_to_pending(moderator):
    comment = CommentFactory(status=Status.TRASH)
    comment_restore(comment=comment, actor=moderator)
    assert Comment.objects.get().status == Status.PENDING


@pytest.mark.parametrize("status", [Status.PENDING, Status.APPROVED])
def test_restore_refuses_live_comments(status, moderator):
    comment = CommentFactory(status=status)
    with pytest.raises(ModerationError, match="Only spam or trashed"):
        comment_restore(comment=comment, actor=moderator)
    assert Comment.objects.get().status == status


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH])
def test_delete_permanently_removes_spam_and_trash(status, moderator):
    comment = CommentFactory(status=status)
    comment_delete_permanently(comment=comment, actor=moderator)
    assert not Comment.objects.exists()
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("status", [Status.PENDING, Status.APPROVED])
def test_delete_permanently_refuses_pending_and_approved(status, moderator):
    comment = CommentFactory(status=status)
    with pytest.raises(ModerationError, match="Move it to the trash first"):
        comment_delete_permanently(comment=comment, actor=moderator)
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_delete_permanently_refuses_a_comment_with_approved_replies(moderator, essay):
    parent = CommentFactory(essay=essay, status=Status.APPROVED)
    child = CommentFactory(essay=essay, parent=parent, status=Status.TRASH)
    CommentFactory(essay=essay, parent=child, status=Status.APPROVED)
    comment_trash(comment=parent, actor=moderator)
    for comment in (parent, child):
        with pytest.raises(ModerationError, match="would delete them"):
            comment_delete_permanently(comment=comment, actor=moderator)
    assert Comment.objects.count() == 3


def test_recheck_resets_the_check_and_screens_again(moderator):
    comment = CommentFactory(verdict=Comment.Verdict.SPAM, check_attempts=3)
    comment = comment_recheck(comment=comment, actor=moderator, screen=False)
    assert comment.check_state == Comment.CheckState.UNCHECKED
    assert comment.recheck_reason == "moderator"
    assert comment.check_next_at <= timezone.now()
    assert comment.check_attempts == 0
    assert history(comment)[-1][2:] == ("recheck", "moderator", "check requested by a moderator")

    comment = comment_recheck(comment=comment, actor=moderator)
    assert comment.check_state == Comment.CheckState.CHECKED
    assert comment.verdict == Comment.Verdict.HAM
    assert comment.history.order_by("-pk").first().reason == StatusChange.Reason.RECHECK


def test_recheck_refuses_comments_not_pending(moderator):
    comment = CommentFactory(status=Status.APPROVED)
    with pytest.raises(ModerationError, match="awaiting moderation"):
        comment_recheck(comment=comment, actor=moderator)


def test_recheck_pending_queues_every_pending_comment_and_nothing_else(moderator):
    pending = CommentFactory.create_batch(3)
    approved = CommentFactory(status=Status.APPROVED)
    assert comment_recheck_pending(actor=moderator) == 3
    unchecked = Comment.objects.filter(check_state=Comment.CheckState.UNCHECKED)
    assert set(unchecked.values_list("pk", flat=True)) == {c.pk for c in pending}
    assert set(unchecked.values_list("recheck_reason", flat=True)) == {"moderator"}
    assert not approved.history.exists()
    assert StatusChange.objects.filter(reason="recheck", actor=moderator).count() == 3


def test_undo_leaves_comments_changed_again_since(moderator):
    first, second = CommentFactory.create_batch(2)
    undo = StatusUndo(tuple((c.pk, Status.PENDING, Status.APPROVED, 1) for c in (first, second)))
    comment_approve(comment=first, actor=moderator)
    comment_approve(comment=second, actor=moderator)
    comment_trash(comment=second, actor=moderator)
    assert comment_undo(undo=undo, actor=moderator).reverted == 1
    assert Comment.objects.get(pk=first.pk).status == Status.PENDING
    assert Comment.objects.get(pk=second.pk).status == Status.TRASH


def test_undo_leaves_comments_edited_since_and_counts_them_apart(moderator):
    comments = edited, moved, _ = CommentFactory.create_batch(3)
    undo = StatusUndo(tuple((c.pk, Status.PENDING, Status.APPROVED, 1) for c in comments))
    for comment in comments:
        comment_approve(comment=comment, actor=moderator)
    comment_edit_by_moderator(comment=edited, actor=moderator, body="Corrected.")
    comment_trash(comment=moved, actor=moderator)

    assert comment_undo(undo=undo, actor=moderator) == Undone(reverted=1, edited=1)
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in comments] == [Status.APPROVED, Status.TRASH, Status.PENDING]


def test_as_seen_refuses_a_comment_edited_since_the_version_shown(moderator):
    comment = CommentFactory()
    assert comment_as_seen(comment=comment, version=1, lock=False).pk == comment.pk
    comment_edit_by_moderator(comment=comment, actor=moderator, author_name="R. Q.")
    with pytest.raises(EditedSince, match="edited since you loaded the page"):
        comment_as_seen(comment=comment, version=1, lock=False)
    assert comment_as_seen(comment=comment, version=None, lock=False).content_version == 2


def test_undo_of_spam_withdraws_the_report_and_of_not_spam_too(moderator):
    comment = CommentFactory()
    comment_mark_spam(comment=comment, actor=moderator)
    comment_undo(undo=StatusUndo(((comment.pk, Status.PENDING, Status.SPAM, 1),)), actor=moderator)
    assert feedback(comment) == []

    comment = CommentFactory(status=Status.SPAM, verdict=Comment.Verdict.SPAM)
    comment_mark_ham(comment=comment, actor=moderator)
    comment_undo(undo=StatusUndo(((comment.pk, Status.SPAM, Status.APPROVED, 1),)), actor=moderator)
    assert Comment.objects.get(pk=comment.pk).status == Status.SPAM
    assert feedback(comment) == []


def test_undo_of_not_spam_already_sent_reports_spam_again(moderator):
    comment = CommentFactory(status=Status.SPAM, verdict=Comment.Verdict.SPAM)
    comment_mark_ham(comment=comment, actor=moderator)
    SpamFeedback.objects.update(sent_at=timezone.now())
    comment_undo(undo=StatusUndo(((comment.pk, Status.SPAM, Status.APPROVED, 1),)), actor=moderator)
    assert [kind for kind, _ in feedback(comment)] == ["ham", "spam"]


def test_moderator_edit_is_resanitised_recorded_and_keeps_the_status(moderator):
    comment = CommentFactory(status=Status.APPROVED, body="Original text.")
    comment_edit_by_moderator(
        comment=comment,
        actor=moderator,
        body='Fixed <a href="javascript:alert(1)">link</a> <script>x</script>',
        author_name="Renamed",
    )
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.author_name == "Renamed"
    assert "javascript" not in comment.body_html
    assert "<script>" not in comment.body_html
    assert "&lt;script&gt;" in comment.body_html
    assert history(comment)[-1] == (
        "approved", "approved", "edit", "moderator", "by a moderator: body, name"
    )  # fmt: skip


def test_moderator_edit_without_changes_records_nothing(moderator):
    comment = CommentFactory(body="Same.")
    comment_edit_by_moderator(comment=comment, actor=moderator, body="Same.")
    assert history(comment) == []


def test_moderator_edit_refuses_fields_moderators_may_not_change(moderator):
    with pytest.raises(TypeError, match="status"):
        comment_edit_by_moderator(comment=CommentFactory(), actor=moderator, status="approved")
