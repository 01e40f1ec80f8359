"""Reply inside a row of the queue: the reply page's form with inline=1, posted in place, the
reply shown in the row; the page of its own stays for browsers without JavaScript."""

import json
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, StatusChange
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def inline_post(client, parent, body, **extra):
    return client.post(
        reply_url(parent), {"body": body, "inline": "1", "next": CHANGELIST}, **extra
    )


@pytest.fixture
def signed_moderator(moderator):
    moderator.first_name, moderator.last_name, moderator.email = "Mo", "Derator", "mo@example.org"
    moderator.save()
    return moderator


def test_each_rows_reply_opens_inline_and_returns_to_the_same_queue_page(moderator_client):
    parent = CommentFactory()
    page = moderator_client.get(CHANGELIST, {"tab": "all", "p": "1"}).text
    next_param = "next=%2Fadmin%2Fcomments%2Fcomment%2F%3Ftab%3Dall%26p%3D1"
    assert f'href="{reply_url(parent)}?{next_param}"' in page
    assert 'data-inline="reply" data-shortcut="r">Reply</a>' in page


def test_the_inline_reply_form_is_the_form_alone(moderator_client, signed_moderator):
    parent = CommentFactory()
    response = moderator_client.get(reply_url(parent), {"inline": "1"})
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in response.text and 'class="cm-panel cm-reply"' in response.text
    assert "Your reply is posted as Mo Derator" in response.text
    assert f'id="cm-reply-{parent.pk}-body"' in response.text
    assert 'name="inline" value="1"' in response.text


def test_an_inline_reply_is_approved_threaded_signed_and_shown_in_the_row(
    moderator_client, signed_moderator
):
    parent = CommentFactory(status=Comment.Status.APPROVED, author_name="Ann")
    response = inline_post(moderator_client, parent, "Thanks <script>alert(1)</script>**noted**.")
    assert response.status_code == HTTPStatus.OK
    result = json.loads(response.content)
    assert result["message"] == "Replied to Ann; the reply is approved."
    reply = Comment.objects.get(parent=parent)
    assert (reply.author_name, reply.author_email, reply.user) == (
        "Mo Derator",
        "mo@example.org",
        signed_moderator,
    )
    assert (reply.status, reply.is_from_editors, reply.root_id) == ("approved", True, parent.pk)
    assert "<script" not in result["reply_html"] and "Mo Derator" in result["reply_html"]
    assert reply.get_absolute_url() in result["reply_html"]
    recorded = reply.history.get(reason=StatusChange.Reason.MODERATOR)
    assert (recorded.actor, recorded.note) == (signed_moderator, "reply from the moderation desk")


def test_an_inline_reply_refused_comes_back_with_the_text_kept(moderator_client, signed_moderator):
    parent = CommentFactory(status=Comment.Status.APPROVED)
    empty = inline_post(moderator_client, parent, "   ")
    assert empty.status_code == HTTPStatus.OK
    assert empty["Content-Type"].startswith("text/html")  # the form again, not a result
    assert "This field is required." in empty.text and "<html" not in empty.text
    inline_post(moderator_client, parent, "Same words, twice.")
    again = inline_post(moderator_client, parent, "Same words, twice.")
    assert again.status_code == HTTPStatus.OK
    assert "You already posted this reply on this essay." in again.text
    assert "Same words, twice." in again.text
    assert Comment.objects.filter(parent=parent).count() == 1


def test_a_moderator_without_an_email_is_told_what_to_do_inline(moderator_client, moderator):
    moderator.email = ""
    moderator.save()
    parent = CommentFactory()
    response = inline_post(moderator_client, parent, "Kept for later.")
    assert response.status_code == HTTPStatus.OK
    assert (
        "Your account has no email address" in response.text and "Kept for later." in response.text
    )


def test_anonymous_visitors_are_sent_to_log_in(client):
    parent = CommentFactory()
    for response in (client.get(reply_url(parent), {"inline": "1"}),
                     inline_post(client, parent, "Hello.")):  # fmt: skip
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("admin:login"))
    assert not Comment.objects.filter(parent=parent).exists()


def test_editors_cannot_reply_inline(editor_client):
    parent = CommentFactory()
    assert editor_client.get(reply_url(parent), {"inline": "1"}).status_code == HTTPStatus.FORBIDDEN
    assert inline_post(editor_client, parent, "Hello.").status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.filter(parent=parent).exists()


def test_an_inline_reply_needs_the_csrf_token(signed_moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(signed_moderator)
    parent = CommentFactory()
    assert inline_post(client, parent, "Forged.").status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.filter(parent=parent).exists()
