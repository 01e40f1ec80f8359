"""One-click actions, bulk actions and Undo apply to the text the moderator was shown: a
comment edited since is refused or left alone, and its new text goes through its own check."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import (
    comment_edit_by_moderator,
    comment_edit_by_poster,
    comment_restore,
    comment_trash,
    spam_queue_run_once,
)
from tests.comments.factories import CommentFactory
from tests.comments.test_admin import (
    ALL_TAB,
    CHANGELIST,
    last_message,
    message_texts,
    status_of,
    undo,
    undo_token,
)

pytestmark = pytest.mark.django_db

Status = Comment.Status
EDITED = "This comment was edited since you loaded the page; review it again."


def button_url(page, comment, action):
    """The URL of a one-click button, as the queue or the change page rendered it."""
    path = reverse("admin:comments_comment_moderate", args=[comment.pk, action])
    match = re.search(rf'action="({re.escape(path)}[^"]*)"', page.text)
    assert match, f"no {action} button for comment {comment.pk}"
    return match.group(1).replace("&amp;", "&")


def seen_versions(page):
    """The versions the queue's rows showed, as the changelist form sends them."""
    return re.findall(r'name="seen_version" value="([^"]+)"', page.text)


def click(client, url):
    return client.post(url, {"next": CHANGELIST})


def act_as_shown(client, comment, action):
    """Press the button the queue shows for `action` on `comment`."""
    return click(client, button_url(client.get(ALL_TAB), comment, action))


def test_the_queue_shows_each_rows_version_in_its_buttons_and_the_bulk_form(moderator_client):
    comment = CommentFactory(content_version=3)
    page = moderator_client.get(ALL_TAB)
    assert button_url(page, comment, "approve").endswith("?version=3")
    assert seen_versions(page) == [f"{comment.pk}:3"]


def test_poster_and_moderator_edits_move_the_version_on(moderator):
    comment = CommentFactory(status=Status.APPROVED)
    assert comment_edit_by_poster(comment=comment, body="Second thoughts.").content_version == 2
    edited = comment_edit_by_moderator(comment=comment, actor=moderator, author_name="R. Q.")
    assert edited.content_version == 3


def test_undo_of_unapprove_after_the_poster_edited_leaves_the_new_text_unpublished(
    moderator_client, essay, posting_settings
):
    comment = CommentFactory(essay=essay, status=Status.APPROVED, body="A fair point.")
    response = act_as_shown(moderator_client, comment, "unapprove")
    assert status_of(comment) == Status.PENDING
    token = undo_token(response)
    comment_edit_by_poster(comment=comment, body="Buy cheap pills at pills.example today.")

    response = undo(moderator_client, token)

    assert status_of(comment) == Status.PENDING
    assert last_message(response) == (
        "Undone: 0 comments back as before. Not undone: 1 comment edited since; review it again."
    )
    assert "pills" not in moderator_client.get(essay.get_absolute_url()).text
    spam_queue_run_once()  # the edit's own check, as the queue runs it
    comment.refresh_from_db()
    assert (comment.status, comment.check_state) == (Status.PENDING, "checked")
    assert not Comment.objects.public().filter(pk=comment.pk).exists()


@pytest.mark.parametrize(
    ("page", "action"),
    [("queue", "approve"), ("queue", "spam"), ("queue", "trash"), ("change", "recheck")],
)
def test_a_one_click_action_on_a_comment_edited_since_is_refused(moderator_client, page, action):
    comment = CommentFactory(verdict=Comment.Verdict.HAM)
    pages = {
        "queue": ALL_TAB,
        "change": reverse("admin:comments_comment_change", args=[comment.pk]),
    }
    url = button_url(moderator_client.get(pages[page]), comment, action)
    comment_edit_by_poster(comment=comment, body="Rewritten after the page was loaded.")
    history = comment.history.count()

    response = click(moderator_client, url)

    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert (comment.status, comment.check_state) == (Status.PENDING, "unchecked")
    assert comment.history.count() == history
    (text,) = message_texts(response)
    assert EDITED in text and "Undo" not in text


def test_a_one_click_action_with_the_current_version_works(moderator_client):
    comment = CommentFactory()
    comment_edit_by_poster(comment=comment, body="Rewritten before the page was loaded.")
    act_as_shown(moderator_client, comment, "approve")
    assert status_of(comment) == Status.APPROVED


def test_a_version_that_is_not_a_number_is_a_bad_request(moderator_client):
    comment = CommentFactory()
    url = reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])
    assert click(moderator_client, f"{url}?version=x").status_code == HTTPStatus.BAD_REQUEST
    assert status_of(comment) == Status.PENDING


def test_a_bulk_action_skips_the_rows_edited_since_the_page_was_loaded(moderator_client):
    edited, untouched = CommentFactory.create_batch(2)
    versions = seen_versions(moderator_client.get(ALL_TAB))
    comment_edit_by_poster(comment=edited, body="Rewritten after the page was loaded.")

    response = moderator_client.post(
        ALL_TAB,
        {"action": "approve", "_selected_action": [edited.pk, untouched.pk],
         "seen_version": versions},
    )  # fmt: skip

    assert (status_of(edited), status_of(untouched)) == (Status.PENDING, Status.APPROVED)
    assert last_message(response).startswith(
        f"Approved: 1 comment. 1 comment left as they were: {EDITED}"
    )
    undo(moderator_client, undo_token(response))
    assert (status_of(edited), status_of(untouched)) == (Status.PENDING, Status.PENDING)


def test_undo_after_a_status_change_and_back_still_reverts(moderator_client, superuser):
    comment = CommentFactory()
    token = undo_token(act_as_shown(moderator_client, comment, "approve"))
    comment_trash(comment=Comment.objects.get(pk=comment.pk), actor=superuser)
    comment_restore(comment=Comment.objects.get(pk=comment.pk), actor=superuser)

    response = undo(moderator_client, token)

    assert status_of(comment) == Status.PENDING
    assert last_message(response) == "Undone: 1 comment back as before."


def test_undo_of_a_block_leaves_a_comment_edited_since_in_the_trash(moderator_client, moderator):
    from tests.comments.test_blocking import block_data, preview_then

    comment, other = CommentFactory.create_batch(2, author_email="pest@example.com")
    data = block_data(("pest@example.com", "", ""))
    _, blocked = preview_then(moderator_client, data, trash_listed="on")
    token = undo_token(blocked)
    comment_edit_by_moderator(comment=other, actor=moderator, body="Redacted by a moderator.")

    response = undo(moderator_client, token)

    assert (status_of(comment), status_of(other)) == (Status.PENDING, Status.TRASH)
    assert last_message(response) == (
        "Undone: 1 comment back as before. The block was lifted. "
        "Not undone: 1 comment edited since; review it again."
    )


@pytest.mark.parametrize("version", ["", "²", "١", "-1", "9" * 30])
def test_a_one_click_action_without_a_plain_version_is_a_bad_request(moderator_client, version):
    comment = CommentFactory()
    url = reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])
    query = f"?version={version}" if version else ""
    assert click(moderator_client, url + query).status_code == HTTPStatus.BAD_REQUEST
    assert status_of(comment) == Status.PENDING
