"""Who may moderate: Moderators triage and edit comments, Editors do not, superusers do all."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from comments.admin.columns import action_url
from comments.models import BlockedCommenter, Comment
from tests.comments.factories import CommentFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")
ONE_CLICK = ["approve", "unapprove", "spam", "ham", "trash", "restore", "recheck"]
BULK = ["approve", "unapprove", "mark_spam", "mark_ham", "trash", "restore", "recheck",
        "block_commenter", "delete_selected"]  # fmt: skip


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_and_moderator(db):
    user = StaffFactory(username="both", group="Editors")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def viewer(db):
    """Staff who may look at comments but not moderate them."""
    user = StaffFactory(username="viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    return user


def test_anonymous_visitors_are_sent_to_the_login_page():
    comment = CommentFactory()
    client = Client()
    for url in (CHANGELIST, reverse("admin:comments_comment_change", args=[comment.pk])):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("admin:login"))
    url = action_url(comment, "approve")
    assert client.post(url).status_code == HTTPStatus.FOUND
    assert Comment.objects.get().status == Status.PENDING


def test_editors_cannot_open_the_queue_or_a_comment(editor):
    comment = CommentFactory()
    client = login(editor)
    for url in (
        CHANGELIST,
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse("admin:comments_comment_delete", args=[comment.pk]),
        reverse("admin:comments_blockedcommenter_changelist"),
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url
    assert "Comments" not in client.get(reverse("admin:index")).text


@pytest.mark.parametrize("action", ONE_CLICK)
def test_editors_cannot_use_one_click_actions(editor, action):
    comment = CommentFactory(status=Status.SPAM)
    url = action_url(comment, action)
    assert login(editor).post(url).status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.get().status == Status.SPAM
    assert not BlockedCommenter.objects.exists()


@pytest.mark.parametrize("action", BULK)
def test_editors_cannot_use_bulk_actions(editor, action):
    comment = CommentFactory(status=Status.SPAM)
    data = {"action": action, "_selected_action": [comment.pk], "post": "yes"}
    assert login(editor).post(CHANGELIST, data).status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.get().status == Status.SPAM


def test_editors_cannot_undo_recheck_or_edit(editor, moderator):
    from tests.comments.test_admin import act, undo_token

    comment = CommentFactory()
    token = undo_token(act(login(moderator), comment, "approve"))
    client = login(editor)
    assert client.post(reverse("admin:comments_comment_undo"), {"token": token}).status_code == 403
    url = reverse("admin:comments_comment_recheck_pending")
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    assert client.post(url, {"body": "Defaced"}).status_code == HTTPStatus.FORBIDDEN
    comment.refresh_from_db()
    assert (comment.status, comment.check_state) == (Status.APPROVED, "checked")
    assert comment.body != "Defaced"


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("approve", Status.PENDING, Status.APPROVED),
        ("unapprove", Status.APPROVED, Status.PENDING),
        ("spam", Status.PENDING, Status.SPAM),
        ("ham", Status.SPAM, Status.APPROVED),
        ("trash", Status.PENDING, Status.TRASH),
        ("restore", Status.TRASH, Status.PENDING),
        ("recheck", Status.PENDING, Status.PENDING),
    ],
)
@pytest.mark.parametrize("role", ["moderator", "editor_and_moderator", "superuser"])
def test_moderators_and_superusers_use_every_one_click_action(request, role, action, start, end):
    comment = CommentFactory(status=start)
    client = login(request.getfixturevalue(role))
    response = client.post(action_url(comment, action))
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().status == end


@pytest.mark.parametrize("action", BULK)
@pytest.mark.parametrize("role", ["moderator", "superuser"])
def test_moderators_and_superusers_are_offered_every_bulk_action(request, role, action):
    CommentFactory()
    response = login(request.getfixturevalue(role)).get(CHANGELIST)
    assert f'<option value="{action}">' in response.text


def test_viewers_see_the_queue_without_buttons_and_cannot_act(viewer):
    comment = CommentFactory()
    client = login(viewer)
    response = client.get(CHANGELIST)
    assert response.status_code == HTTPStatus.OK
    assert "cm-row-action" not in response.text
    assert "awaiting moderation" not in response.text
    for action in ONE_CLICK:
        url = action_url(comment, action)
        assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    data = {"action": "approve", "_selected_action": [comment.pk]}
    client.post(CHANGELIST, data)
    assert Comment.objects.get().status == Status.PENDING


def test_nobody_adds_comments_in_the_admin(superuser):
    assert login(superuser).get(reverse("admin:comments_comment_add")).status_code == 403


def test_moderators_cannot_open_the_essays_admin(moderator):
    client = login(moderator)
    assert client.get(reverse("admin:essays_essay_changelist")).status_code == 403


@pytest.mark.parametrize("action", ["export_personal_data", "erase_personal_data"])
def test_personal_data_tools_are_for_superusers_only(moderator, superuser, action):
    comment = CommentFactory()
    data = {"action": action, "_selected_action": [comment.pk], "post": "yes"}
    assert f'value="{action}"' not in login(moderator).get(CHANGELIST).text
    response = login(moderator).post(CHANGELIST, data)
    assert response.get("Content-Type") != "application/json"
    assert Comment.objects.filter(pk=comment.pk, author_name=comment.author_name).exists()
    assert f'value="{action}"' in login(superuser).get(CHANGELIST).text
