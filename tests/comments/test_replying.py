"""A moderator replies from the queue as themselves: approved, threaded, from the editors."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.comments.factories import CommentFactory
from tests.comments.test_admin import last_message

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def test_a_moderator_replies_from_the_queue(moderator_client, moderator):
    moderator.first_name, moderator.last_name, moderator.email = "Mo", "Derator", "mo@example.org"
    moderator.save()
    parent = CommentFactory(status=Comment.Status.APPROVED, author_name="Ann")
    assert (
        f'href="{reply_url(parent)}?next=' in moderator_client.get(CHANGELIST, {"tab": "all"}).text
    )
    page = moderator_client.get(reply_url(parent))
    assert "Your reply is posted as Mo Derator" in page.text

    response = moderator_client.post(
        reply_url(parent), {"body": "Thank you, fixed in the text.", "next": CHANGELIST}
    )

    assert response["Location"] == CHANGELIST
    assert last_message(response) == "Replied to Ann; the reply is approved."
    reply = Comment.objects.get(parent=parent)
    assert (reply.author_name, reply.author_email, reply.user) == (
        "Mo Derator",
        "mo@example.org",
        moderator,
    )
    assert (reply.status, reply.is_from_editors, reply.root_id) == ("approved", True, parent.pk)
    last = reply.history.order_by("-pk").first()
    assert (last.actor, last.note) == (moderator, "reply from the moderation desk")


def test_an_empty_or_repeated_reply_is_refused_and_kept(moderator_client):
    parent = CommentFactory(status=Comment.Status.APPROVED)
    response = moderator_client.post(reply_url(parent), {"body": "  "})
    assert response.status_code == HTTPStatus.OK and "This field is required." in response.text
    moderator_client.post(reply_url(parent), {"body": "Same words."})
    response = moderator_client.post(reply_url(parent), {"body": "Same words."})
    assert "You already posted this reply on this essay." in response.text
    assert "Same words." in response.text
    assert Comment.objects.filter(parent=parent).count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_editors_cannot_reply_from_the_desk(editor_client, method):
    parent = CommentFactory(status=Comment.Status.APPROVED)
    response = getattr(editor_client, method)(reply_url(parent), {"body": "Hello"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.filter(parent=parent).exists()


def test_replying_to_a_missing_comment_is_not_found(moderator_client):
    url = reverse("admin:comments_comment_reply", args=[987654])
    assert moderator_client.post(url, {"body": "Hi"}).status_code == HTTPStatus.NOT_FOUND


def test_a_moderator_without_an_email_is_told_what_to_do(moderator_client, moderator):
    moderator.email = ""
    moderator.save()
    parent = CommentFactory(status=Comment.Status.APPROVED)
    response = moderator_client.post(reply_url(parent), {"body": "Kept for later."})
    assert response.status_code == HTTPStatus.OK
    assert "Your account has no email address" in response.text
    assert "Kept for later." in response.text
    assert not Comment.objects.filter(parent=parent).exists()
