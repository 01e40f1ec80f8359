"""The moderation queue's actions: one click and undo, bulk actions, check again, delete
permanently; each a CSRF-protected POST that changes what it says and can be taken back."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.admin.columns import action_url
from comments.models import BlockedCommenter, Comment, SpamFeedback
from comments.services import comment_trash
from comments.services.screening import comment_screen
from tests.comments.factories import CommentFactory
from tests.comments.test_admin import (
    CHANGELIST,
    Status,
    act,
    bulk,
    last_message,
    message_texts,
    status_of,
    undo,
    undo_token,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", Status.APPROVED), ("spam", Status.SPAM), ("trash", Status.TRASH)],
)
def test_one_click_changes_status_and_undo_brings_it_back(moderator_client, action, status):
    comment = CommentFactory()
    next_url = f"{CHANGELIST}?tab=pending"

    response = act(moderator_client, comment, action, next_url=next_url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == next_url
    assert status_of(comment) == status
    token = undo_token(response)

    response = undo(moderator_client, token, next_url=next_url)

    assert response["Location"] == next_url
    assert status_of(comment) == Status.PENDING
    assert last_message(response) == "Undone: 1 comment back as before."
    changes = list(comment.history.values_list("from_status", "to_status", "actor__username"))
    assert changes == [("pending", status, "moderator"), (status, "pending", "moderator")]
    assert not SpamFeedback.objects.exists()


def test_the_undo_button_is_a_csrf_protected_post_form_in_the_message(moderator_client):
    comment = CommentFactory()
    response = act(moderator_client, comment, "approve")
    (text,) = message_texts(response)
    assert text.startswith('Approved: 1 comment. <form method="post" action="/admin/')
    assert 'name="csrfmiddlewaretoken"' in text

    page = moderator_client.get(CHANGELIST)
    assert '<form method="post" action="/admin/comments/comment/undo/" class="cm-undo">' in (
        page.text
    )


@pytest.mark.parametrize("action", ["approve", "spam", "trash", "ham", "restore", "recheck"])
def test_one_click_get_changes_nothing(moderator_client, action):
    comment = CommentFactory(status=Status.SPAM)
    url = action_url(comment, action)
    assert moderator_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert status_of(comment) == Status.SPAM
    assert not BlockedCommenter.objects.exists()


def test_undo_by_get_changes_nothing(moderator_client):
    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))
    url = reverse("admin:comments_comment_undo")
    assert moderator_client.get(url, {"token": token}).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert status_of(comment) == Status.APPROVED


def test_one_click_and_undo_need_the_csrf_token(client, moderator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    comment = CommentFactory()
    assert act(strict, comment, "approve").status_code == HTTPStatus.FORBIDDEN
    assert status_of(comment) == Status.PENDING

    page = strict.get(CHANGELIST)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    url = action_url(comment, "approve")
    response = strict.post(url, {"csrfmiddlewaretoken": token, "next": CHANGELIST})
    assert response.status_code == HTTPStatus.FOUND
    assert status_of(comment) == Status.APPROVED

    undo_url = reverse("admin:comments_comment_undo")
    assert strict.post(undo_url, {"token": undo_token(response)}).status_code == 403
    assert status_of(comment) == Status.APPROVED


def test_one_click_never_redirects_off_site(moderator_client):
    response = act(moderator_client, CommentFactory(), "approve", next_url="https://evil.example/")
    assert response["Location"] == CHANGELIST


def test_an_unknown_action_is_not_found(moderator_client):
    assert act(moderator_client, CommentFactory(), "publish").status_code == HTTPStatus.NOT_FOUND


def test_restore_and_delete_refusals_are_explained(moderator_client):
    comment = CommentFactory(status=Status.APPROVED)
    response = act(moderator_client, comment, "restore")
    (text,) = message_texts(response)
    assert "Only spam or trashed comments can be restored" in text
    assert status_of(comment) == Status.APPROVED


def test_a_forged_or_foreign_undo_is_refused(moderator_client, superuser):
    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))

    response = undo(moderator_client, token[:-2] + "xx")
    assert "has expired or belongs to another moderator" in last_message(response)
    moderator_client.force_login(superuser)
    undo(moderator_client, token)
    assert status_of(comment) == Status.APPROVED


def test_an_old_undo_has_expired(moderator_client, settings):
    import time_machine

    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        response = undo(moderator_client, token)
    assert "has expired" in last_message(response)
    assert status_of(comment) == Status.APPROVED


def test_undo_skips_a_comment_someone_changed_since(moderator_client, superuser):
    comment = CommentFactory()
    token = undo_token(act(moderator_client, comment, "approve"))
    comment_trash(comment=Comment.objects.get(pk=comment.pk), actor=superuser)
    response = undo(moderator_client, token)
    assert status_of(comment) == Status.TRASH
    assert "1 comment changed again since" in last_message(response)


def test_check_again_screens_the_comment_now(moderator_client):
    comment = CommentFactory(verdict="spam", verdict_checker="old")
    response = act(moderator_client, comment, "recheck")
    comment.refresh_from_db()
    assert comment.verdict_checker != "old"
    assert comment.check_state == Comment.CheckState.CHECKED
    assert last_message(response) == "Checked 1 comment for spam again."


def test_check_pending_again_queues_the_whole_pending_queue(moderator_client):
    pending = CommentFactory.create_batch(2)
    approved = CommentFactory(status=Status.APPROVED)
    url = reverse("admin:comments_comment_recheck_pending")

    assert moderator_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = moderator_client.post(url, {"next": CHANGELIST})

    assert response["Location"] == CHANGELIST
    unchecked = Comment.objects.filter(check_state="unchecked", recheck_reason="moderator")
    assert set(unchecked.values_list("pk", flat=True)) == {c.pk for c in pending}
    assert Comment.objects.get(pk=approved.pk).check_state == "checked"
    assert message_texts(response) == [
        "2 comments awaiting moderation will be checked for spam again."
    ]
    assert (
        'action="/admin/comments/comment/recheck-pending/"' in moderator_client.get(CHANGELIST).text
    )


def test_spam_and_not_spam_reach_the_spam_service(
    moderator_client, akismet_settings, akismet_server, make_comment
):
    spam = comment_screen(comment=make_comment(body="Subtle spam the service missed."))
    ham = comment_screen(comment=make_comment(body="Flagged, but a real reader.", ip="192.0.2.99"))
    Comment.objects.filter(pk=ham.pk).update(status=Status.SPAM)

    act(moderator_client, spam, "spam")
    act(moderator_client, ham, "ham")
    call_command("process_spam_queue")

    sent = {r.endpoint: r.form for r in akismet_server.requests if r.endpoint.startswith("submit")}
    key = {"api_key": akismet_settings.AKISMET_API_KEY}
    assert sent["submit-spam"] == key | spam.spam_payload
    assert sent["submit-ham"] == key | ham.spam_payload


# Bulk actions ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("approve", Status.APPROVED, "Approved: 2 comments."),
        ("unapprove", Status.PENDING, "Back to moderation: 1 comment."),
        ("mark_spam", Status.SPAM, "Marked as spam: 3 comments."),
        ("trash", Status.TRASH, "Moved to the trash: 3 comments."),
    ],
)
def test_bulk_actions_change_every_selected_comment_and_undo_as_one(
    moderator_client, action, status, message
):
    comments = [*CommentFactory.create_batch(2), CommentFactory(status=Status.APPROVED)]
    before = {c.pk: c.status for c in comments}
    left_alone = CommentFactory()

    response = bulk(moderator_client, action, comments)

    assert response.status_code == HTTPStatus.FOUND
    assert {status_of(c) for c in comments} == {status}
    assert status_of(left_alone) == Status.PENDING
    assert last_message(response).startswith(message)
    undo(moderator_client, undo_token(response))
    assert {c.pk: status_of(c) for c in comments} == before


def test_bulk_spam_and_not_spam_queue_feedback(moderator_client):
    spam = CommentFactory.create_batch(2)
    flagged = CommentFactory.create_batch(2, status=Status.SPAM, verdict="spam")
    bulk(moderator_client, "mark_spam", spam)
    bulk(moderator_client, "mark_ham", flagged)
    assert {status_of(c) for c in flagged} == {Status.APPROVED}
    kinds = dict(SpamFeedback.objects.values_list("comment_id", "kind"))
    assert kinds == {c.pk: "spam" for c in spam} | {c.pk: "ham" for c in flagged}


def test_bulk_restore_restores_spam_and_trash_and_explains_the_rest(moderator_client, moderator):
    trashed = CommentFactory(status=Status.APPROVED)
    comment_trash(comment=trashed, actor=moderator)
    spam = CommentFactory(status=Status.SPAM)
    pending = CommentFactory()

    response = bulk(moderator_client, "restore", [trashed, spam, pending])

    assert [status_of(c) for c in (trashed, spam, pending)] == [Status.APPROVED, Status.PENDING,
                                                                Status.PENDING]  # fmt: skip
    text = last_message(response)
    assert text.startswith("Restored: 2 comments. 1 comment left as they were: Only spam")


def test_bulk_check_again(moderator_client):
    comments = CommentFactory.create_batch(2, verdict="spam")
    response = bulk(moderator_client, "recheck", comments)
    assert last_message(response) == "Checked 2 comments for spam again."
    assert set(Comment.objects.values_list("verdict", flat=True)) == {"ham"}


def test_delete_permanently_confirms_and_deletes_only_spam_and_trash(moderator_client):
    spam = CommentFactory(status=Status.SPAM)
    trash = CommentFactory(status=Status.TRASH)
    approved = CommentFactory(status=Status.APPROVED)
    selected = [spam, trash, approved]

    confirm = bulk(moderator_client, "delete_selected", selected)

    assert confirm.status_code == HTTPStatus.OK
    assert "Are you sure" in confirm.text
    assert Comment.objects.count() == 3
    response = bulk(moderator_client, "delete_selected", selected, post="yes")
    assert response.status_code == HTTPStatus.FOUND
    assert list(Comment.objects.values_list("pk", flat=True)) == [approved.pk]
    assert "1 comment left alone" in " ".join(message_texts(response))


def test_delete_permanently_of_only_live_comments_deletes_nothing(moderator_client):
    comments = [CommentFactory(), CommentFactory(status=Status.APPROVED)]
    response = bulk(moderator_client, "delete_selected", comments, post="yes")
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 2


def test_delete_from_the_change_page_only_for_spam_and_trash(moderator_client):
    live = CommentFactory(status=Status.APPROVED)
    trash = CommentFactory(status=Status.TRASH)
    live_url = reverse("admin:comments_comment_delete", args=[live.pk])
    assert moderator_client.post(live_url, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    trash_url = reverse("admin:comments_comment_delete", args=[trash.pk])
    assert moderator_client.post(trash_url, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert list(Comment.objects.values_list("pk", flat=True)) == [live.pk]


# The change page -------------------------------------------------------------------------
