"""Empty spam and Empty trash: confirmed first, and never a comment above a live reply."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import EmptyCount, comment_empty, comment_empty_count
from tests.comments.factories import CommentFactory
from tests.comments.test_admin import last_message

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")


def empty_url(status):
    return reverse("admin:comments_comment_empty", args=[status])


@pytest.fixture
def bins():
    """Two spam, one spam with a live reply below it, two trashed, one pending, one approved."""
    spam = CommentFactory.create_batch(2, status=Status.SPAM)
    guarded = CommentFactory(status=Status.SPAM)
    reply = CommentFactory(parent=guarded, essay=guarded.essay, status=Status.PENDING)
    trash = CommentFactory.create_batch(2, status=Status.TRASH)
    approved = CommentFactory(status=Status.APPROVED)
    return {"spam": spam, "guarded": guarded, "reply": reply, "trash": trash, "live": approved}


def test_emptying_spam_keeps_a_comment_above_a_live_reply_and_everything_else(bins):
    assert comment_empty_count(status="spam") == EmptyCount(deleted=2, kept=1)
    assert comment_empty(status=Status.SPAM) == EmptyCount(deleted=2, kept=1)
    left = set(Comment.objects.values_list("pk", flat=True))
    assert left == {bins["guarded"].pk, bins["reply"].pk, bins["live"].pk} | {
        c.pk for c in bins["trash"]
    }


def test_only_spam_and_trash_can_be_emptied(bins):
    for status in ("pending", "approved", "all"):
        with pytest.raises(ValueError, match="Only spam and trash"):
            comment_empty(status=status)
    assert Comment.objects.count() == 7


def test_the_spam_tab_offers_empty_spam_and_it_asks_first(moderator_client, bins):
    assert f'href="{empty_url("spam")}"' in moderator_client.get(CHANGELIST, {"tab": "spam"}).text
    assert "Empty spam" not in moderator_client.get(CHANGELIST).text
    page = moderator_client.get(empty_url("spam"))
    assert page.status_code == HTTPStatus.OK
    assert "2 comments in the spam will be deleted for good" in page.text
    assert "&rsaquo; Empty spam" in page.text and "delete-confirmation" in page.text
    assert "1 comment stays: replies below it are approved or awaiting moderation" in page.text
    assert Comment.objects.filter(status=Status.SPAM).count() == 3


def test_empty_trash_deletes_after_the_confirmation(moderator_client, bins):
    response = moderator_client.post(empty_url("trash"))
    assert response["Location"] == f"{CHANGELIST}?tab=trash"
    assert last_message(response) == "Emptied the trash: 2 comments deleted for good."
    assert not Comment.objects.filter(status=Status.TRASH).exists()
    response = moderator_client.post(empty_url("spam"))
    assert last_message(response) == (
        "Emptied the spam: 2 comments deleted for good. 1 comment kept: its replies are still live."
    )


@pytest.mark.parametrize("status", ["pending", "approved", "all", "queue"])
def test_other_statuses_are_not_found(moderator_client, bins, status):
    assert moderator_client.post(empty_url(status)).status_code == HTTPStatus.NOT_FOUND
    assert Comment.objects.count() == 7


@pytest.mark.parametrize("method", ["get", "post"])
def test_editors_cannot_empty_anything(editor_client, bins, method):
    response = getattr(editor_client, method)(empty_url("spam"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.count() == 7


def test_moderators_may_and_staff_who_only_look_may_not(client, moderator, bins):
    from django.contrib.auth.models import Permission

    from tests.factories import StaffFactory

    viewer = StaffFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    assert client.post(empty_url("spam")).status_code == HTTPStatus.FORBIDDEN
    assert "Empty spam" not in client.get(CHANGELIST, {"tab": "spam"}).text
    client.force_login(moderator)
    assert client.post(empty_url("spam")).status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(status=Status.SPAM).count() == 1


def test_a_get_empties_nothing(moderator_client, bins):
    moderator_client.get(empty_url("trash"))
    assert Comment.objects.filter(status=Status.TRASH).count() == 2
