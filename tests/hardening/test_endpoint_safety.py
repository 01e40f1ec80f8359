"""Every moderation endpoint and admin action: GET changes nothing, a POST without a CSRF token
changes nothing, and staff who may only look get 403 (or, for bulk actions, which the admin
does not offer them, nothing happens). Editors' 403s are in
tests/comments/test_admin_permissions.py.
"""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse

from comments.admin.actions import run_action, undo_token
from comments.admin.blocking import Previewed, preview_token
from comments.admin.columns import action_url
from comments.models import BlockedCommenter, Comment, StatusChange
from comments.services import BlockTarget
from tests.comments.factories import CommentFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")
ONE_CLICK = {
    "approve": Status.PENDING,
    "unapprove": Status.APPROVED,
    "spam": Status.PENDING,
    "ham": Status.SPAM,
    "trash": Status.PENDING,
    "restore": Status.TRASH,
    "recheck": Status.PENDING,
}
BULK = {
    "approve": Status.PENDING,
    "unapprove": Status.APPROVED,
    "mark_spam": Status.PENDING,
    "mark_ham": Status.SPAM,
    "trash": Status.PENDING,
    "restore": Status.TRASH,
    "recheck": Status.PENDING,
    "delete_selected": Status.TRASH,
    "export_personal_data": Status.PENDING,
    "erase_personal_data": Status.PENDING,
}


def state() -> tuple:
    return (
        sorted(Comment.objects.values_list("pk", "status", "check_state", "author_name", "body")),
        StatusChange.objects.count(),
        BlockedCommenter.objects.count(),
    )


def endpoint(kind: str, name: str, moderator) -> tuple[str, dict]:
    """(url, POST data) for one endpoint, with a comment in a state the action would change."""
    start = {"one-click": ONE_CLICK, "bulk": BULK}.get(kind, {}).get(name, Status.PENDING)
    if kind in ("delete", "empty"):
        start = Status.TRASH  # only trash is deleted for good
    comment = CommentFactory(status=start, ip_address="203.0.113.9")
    if kind == "one-click":
        return action_url(comment, name), {}
    if kind == "bulk":
        return CHANGELIST + "?tab=all", {
            "action": name,
            "_selected_action": [comment.pk],
            "post": "yes",
        }
    if kind == "undo":
        outcome = run_action("approve", [comment], moderator)
        return reverse("admin:comments_comment_undo"), {
            "token": undo_token(outcome.undo, moderator)
        }
    if kind == "recheck-pending":
        return reverse("admin:comments_comment_recheck_pending"), {}
    if kind == "block":  # Block on the block page, after a preview (comments/admin/blocking.py)
        from tests.comments.test_blocking import block_data

        target = BlockTarget(email=comment.author_email)
        token = preview_token(Previewed([target], {}), moderator)
        data = block_data((comment.author_email, "", ""), _apply="Block", preview=token)
        return reverse("admin:comments_comment_block"), data
    if kind == "empty":  # Empty trash, after its confirmation page (comments/admin/emptying.py)
        return reverse("admin:comments_comment_empty", args=[Status.TRASH]), {}
    if kind == "change":
        url = reverse("admin:comments_comment_change", args=[comment.pk])
        return url, {"author_name": "Defaced", "body": "Defaced", "status": Status.APPROVED}
    if kind == "delete":
        return reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"}
    raise AssertionError(kind)


ENDPOINTS = (
    [("one-click", name) for name in ONE_CLICK]
    + [("bulk", name) for name in BULK]
    + [
        ("undo", "undo"),
        ("recheck-pending", "recheck-pending"),
        ("block", "block"),
        ("empty", "empty-trash"),
        ("change", "edit"),
        ("delete", "delete"),
    ]
)
IDS = [f"{kind}-{name}" for kind, name in ENDPOINTS]


@pytest.fixture
def viewer(db):
    user = StaffFactory(username="viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    return user


def logged_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


@pytest.mark.parametrize(("kind", "name"), ENDPOINTS, ids=IDS)
def test_get_changes_nothing(superuser, kind, name):
    url, data = endpoint(kind, name, superuser)
    before = state()
    response = logged_in(superuser).get(url, data)
    assert response.status_code in (
        HTTPStatus.OK,
        HTTPStatus.FOUND,
        HTTPStatus.METHOD_NOT_ALLOWED,
    ), response.status_code
    if kind in ("one-click", "undo", "recheck-pending"):
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert state() == before


@pytest.mark.parametrize(("kind", "name"), ENDPOINTS, ids=IDS)
def test_a_post_without_a_csrf_token_is_refused(superuser, kind, name):
    url, data = endpoint(kind, name, superuser)
    before = state()
    response = logged_in(superuser, csrf=True).post(url, data)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert state() == before


@pytest.mark.parametrize(("kind", "name"), ENDPOINTS, ids=IDS)
def test_a_post_with_another_sessions_csrf_token_is_refused(superuser, moderator, kind, name):
    url, data = endpoint(kind, name, superuser)
    other = logged_in(moderator, csrf=True)
    token = get_token(other.get(reverse("admin:index")).wsgi_request)
    client = logged_in(superuser, csrf=True)
    client.get(reverse("admin:index"))  # the superuser's own CSRF cookie, which does not match
    before = state()
    response = client.post(url, data | {"csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert state() == before


@pytest.mark.parametrize(("kind", "name"), ENDPOINTS, ids=IDS)
def test_staff_who_may_only_look_cannot_act(viewer, superuser, kind, name):
    url, data = endpoint(kind, name, superuser)
    before = state()
    response = logged_in(viewer).post(url, data)
    if kind == "bulk":
        # The admin does not offer actions a user may not run; it answers with the list.
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.get("Content-Type", "").startswith("text/html")
    assert state() == before


@pytest.mark.parametrize(("kind", "name"), ENDPOINTS, ids=IDS)
def test_the_same_post_with_a_token_works_so_the_refusals_above_mean_something(
    superuser, kind, name
):
    url, data = endpoint(kind, name, superuser)
    client = logged_in(superuser, csrf=True)
    client.get(reverse("admin:index"))
    token = client.cookies["csrftoken"].value
    before = state()
    response = client.post(url, data | {"csrfmiddlewaretoken": token})
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    if kind not in ("recheck-pending", "change") and name != "export_personal_data":
        assert state() != before


def test_readers_posts_from_another_site_are_refused(essay, settings):
    # Anonymous readers' posts are guarded by Fetch Metadata instead of a per-reader token,
    # so the essay page can be shared by caches (pages/crossorigin.py).
    from tests.hardening.conftest import form_data

    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    url = reverse("comments:post", args=[essay.slug])
    client = Client(enforce_csrf_checks=True)
    cross_site = {"sec-fetch-site": "cross-site"}
    assert (
        client.post(url, form_data(essay, 1), headers=cross_site).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not Comment.objects.exists()
    same_origin = {"sec-fetch-site": "same-origin"}
    response = client.post(url, form_data(essay, 2), headers=same_origin)
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("view", ["comments:edit", "comments:delete"])
def test_posters_edit_and_withdraw_need_a_csrf_token(view):
    comment = CommentFactory(status=Status.APPROVED)
    client = Client(enforce_csrf_checks=True)
    before = state()
    response = client.post(reverse(view, args=[comment.pk]), {"body": "Changed"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert state() == before
