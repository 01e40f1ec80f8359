"""Readers post, reply, edit and withdraw comments through the real form."""

import datetime
import time
from http import HTTPStatus

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment
from comments.services import CommentData, RequestMeta, comment_create
from essays.models import Essay
from tests.factories import AuthorFactory, EssayFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    settings.COMMENTS_MODERATION_POLICY = "first-time"
    settings.COMMENTS_FLOOD_SECONDS = 15
    settings.COMMENTS_HOURLY_CAP_PER_IP = 30
    return settings


def aged_timestamp(essay, seconds=60):
    """A signed form timestamp as if the form had been shown `seconds` ago."""
    return signing.dumps({"essay": essay.pk, "t": time.time() - seconds}, salt=TIMESTAMP_SALT)


def form_data(essay, **overrides):
    data = {
        "author_name": "Rosa Quill",
        "author_email": "rosa@example.com",
        "author_url": "",
        "body": "A thoughtful remark about the second section.",
        "timestamp": aged_timestamp(essay),
        "homepage_url": "",
    }
    return data | overrides


def post(client, essay, ip="198.51.100.7", **overrides):
    return client.post(
        reverse("comments:post", args=[essay.slug]),
        form_data(essay, **overrides),
        REMOTE_ADDR=ip,
    )


def approved_comment(essay, *, name="Earlier Reader", email="earlier@example.com", body="Hi."):
    comment = comment_create(
        essay=essay,
        data=CommentData(author_name=name, author_email=email, author_url="", body=body),
        meta=RequestMeta(ip_address="192.0.2.1"),
    )
    Comment.objects.filter(pk=comment.pk).update(
        status=Comment.Status.APPROVED, check_state=Comment.CheckState.CHECKED
    )
    comment.refresh_from_db()
    return comment


def test_first_comment_is_held_and_only_its_poster_sees_it(client, essay):
    response = post(client, essay)

    comment = Comment.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.status == Comment.Status.PENDING
    assert comment.verdict == Comment.Verdict.HAM
    assert comment.ip_address == "198.51.100.7"

    own_page = client.get(essay.get_absolute_url())
    assert "A thoughtful remark" in own_page.text
    assert "awaiting moderation" in own_page.text

    client.cookies.clear()
    stranger_page = client.get(essay.get_absolute_url())
    assert "A thoughtful remark" not in stranger_page.text
    assert "0 comments" in stranger_page.text


def test_known_commenter_is_approved_when_the_check_says_ham(client, essay):
    approved_comment(essay, name="Rosa Quill", email="rosa@example.com", body="Earlier words.")

    post(client, essay)

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert "A thoughtful remark" in client.get(essay.get_absolute_url()).text


def test_policy_all_holds_even_known_commenters(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    approved_comment(essay, name="Rosa Quill", email="rosa@example.com", body="Earlier words.")
    post(client, essay)
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_policy_none_approves_ham(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    post(client, essay)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_too_many_links_hold_a_comment(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    body = "See https://a.example.com https://b.example.com https://c.example.com"
    post(client, essay, body=body)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "3 links" in comment.history.last().note


def test_moderation_keys_hold_and_disallowed_keys_send_to_spam(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    settings.COMMENTS_MODERATION_KEYS = ["bitcoin"]
    settings.COMMENTS_DISALLOWED_KEYS = ["casino"]
    post(client, essay, body="Paid in Bitcoin, of course.")
    post(client, essay, ip="198.51.100.8", body="Best CASINO bonus here.")
    held, spam = Comment.objects.order_by("pk")
    assert held.status == Comment.Status.PENDING
    assert spam.status == Comment.Status.SPAM


def test_staff_comments_are_approved_and_marked(client, essay, editor):
    client.force_login(editor)
    post(client, essay, author_name="The Editors", author_email="editors@example.com")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.is_from_editors
    assert "Editors</span>" in client.get(essay.get_absolute_url()).text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("author_name", "", "This field is required."),
        ("author_email", "", "This field is required."),
        ("body", "", "This field is required."),
        ("author_email", "not-an-email", "Enter a valid email address."),
        ("author_url", "javascript:alert(1)", ""),
        ("author_url", "ftp://example.com/file", ""),
        ("author_name", "x" * 81, "at most 80 characters"),
        ("author_url", "https://example.com/" + "a" * 300, ""),
        ("body", "x" * 10_001, "at most 10000 characters"),
        ("author_name", "Evil\r\nBcc: victim@example.com", ""),
        ("body", "nul \x00 byte", ""),
    ],
)
def test_invalid_input_is_refused_with_a_message_and_kept(client, essay, field, value, message):
    response = post(client, essay, **{field: value})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Comment.objects.count() == 0
    form = response.context["comment_form"]
    assert field in form.errors
    if message:
        assert message in " ".join(form.errors[field])
    assert "Your comment was not posted" in response.text
    # What the reader typed in the other fields is still in the form.
    for other in ("author_name", "author_email", "body"):
        if other != field:
            assert form_data(essay)[other] in response.text


def test_closed_comments_answer_403_and_show_what_was_typed(client):
    essay = EssayFactory(comments_mode=Essay.Comments.CLOSED)
    response = post(client, essay, body="My lost words")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Comments are closed" in response.text
    assert "My lost words" in response.text
    assert Comment.objects.count() == 0


def test_comments_close_after_n_days(client):
    essay = EssayFactory(
        comments_mode=Essay.Comments.AFTER_DAYS,
        comments_close_after_days=5,
        publish_at=timezone.now() - datetime.timedelta(days=6),
    )
    assert post(client, essay).status_code == HTTPStatus.FORBIDDEN
    assert "Comments are closed." in client.get(essay.get_absolute_url()).text


def test_comments_on_a_draft_give_404(client):
    draft = EssayFactory(status=Essay.Status.DRAFT)
    assert post(client, draft).status_code == HTTPStatus.NOT_FOUND


def test_comments_on_an_essay_not_yet_due_give_404_until_it_is(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    due = timezone.now() + datetime.timedelta(seconds=2)
    scheduled = EssayFactory(publish_at=due)
    assert post(client, scheduled).status_code == HTTPStatus.NOT_FOUND
    assert not Comment.objects.exists()
    Essay.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())
    assert post(client, scheduled).status_code == HTTPStatus.FOUND
    assert Comment.objects.get().essay_id == scheduled.pk


def test_duplicate_comment_is_refused_with_a_message(client, essay, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    post(client, essay)
    response = post(client, essay, ip="198.51.100.99", body="  a THOUGHTFUL remark about the "
                    "second section. ")  # fmt: skip
    assert response.status_code == HTTPStatus.CONFLICT
    assert "You have already said that" in response.text
    assert Comment.objects.count() == 1


def test_flood_control_answers_429_with_retry_after_and_keeps_the_text(client, essay):
    post(client, essay)
    response = post(client, essay, body="A second thought, too soon.")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(response["Retry-After"]) <= 15
    assert "A second thought, too soon." in response.text
    assert Comment.objects.count() == 1


def test_hourly_cap_per_ip(client, essay, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_CAP_PER_IP = 3
    for n in range(3):
        assert post(client, essay, body=f"Remark {n}").status_code == HTTPStatus.FOUND
    response = post(client, essay, body="One too many")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0


def test_a_post_from_another_site_is_refused(essay):
    # No per-reader CSRF token: Fetch Metadata guards the form (tests/pages/test_crossorigin.py).
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("comments:post", args=[essay.slug]),
        form_data(essay),
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.count() == 0


def test_get_cannot_post_a_comment(client, essay):
    response = client.get(reverse("comments:post", args=[essay.slug]), form_data(essay))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_honeypot_is_recorded_and_the_comment_never_reaches_the_main_queue(client, essay):
    post(client, essay, homepage_url="http://spam.example.com")
    comment = Comment.objects.get()
    assert comment.signals["honeypot"] == "http://spam.example.com"
    assert comment.status == Comment.Status.SPAM
    assert not Comment.objects.in_moderation().exists()


def test_form_filled_quickly_is_held_for_a_moderator_not_spam(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    post(client, essay, timestamp=aged_timestamp(essay, seconds=0.5))
    comment = Comment.objects.get()
    assert comment.signals["seconds_to_submit"] < 3
    assert (comment.status, comment.verdict) == (Comment.Status.PENDING, Comment.Verdict.HAM)
    assert "after the form was shown" in comment.history.order_by("-pk").first().note


def test_tampered_timestamp_is_recorded_as_a_signal(client, essay):
    post(client, essay, timestamp="forged")
    assert Comment.objects.get().signals["timestamp_invalid"] is True


def test_reply_threads_under_its_parent_and_depth_is_capped(client, essay, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_MODERATION_POLICY = "none"
    top = approved_comment(essay)
    post(client, essay, parent=top.pk, body="First reply")
    reply = Comment.objects.get(body="First reply")
    post(client, essay, parent=reply.pk, body="Second reply")
    second = Comment.objects.get(body="Second reply")
    post(client, essay, parent=second.pk, body="Too deep")
    too_deep = Comment.objects.get(body="Too deep")

    assert (reply.parent, reply.depth, reply.root) == (top, 2, top)
    assert (second.parent, second.depth) == (reply, 3)
    assert (too_deep.parent, too_deep.depth, too_deep.root) == (reply, 3, top)


def test_reply_to_a_pending_comment_is_refused(client, essay):
    pending = comment_create(
        essay=essay,
        data=CommentData(author_name="P", author_email="p@example.com", author_url="", body="x"),
        meta=RequestMeta(ip_address="192.0.2.3"),
    )
    response = post(client, essay, parent=pending.pk)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not available" in response.text


def test_reply_link_works_without_javascript(client, essay):
    top = approved_comment(essay, name="Zed")
    page = client.get(essay.get_absolute_url(), {"replyto": top.pk})
    assert "Reply to <bdi>Zed</bdi>" in page.text
    assert f'name="parent" value="{top.pk}"' in page.text


def test_remember_me_sets_a_cookie_only_with_consent(client, essay, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    post(client, essay)
    assert "comment_author" not in client.cookies or not client.cookies["comment_author"].value

    post(client, essay, remember="on", body="Another remark entirely.")
    assert client.cookies["comment_author"].value
    page = client.get(essay.get_absolute_url())
    assert 'value="rosa@example.com"' in page.text


def test_poster_edits_within_the_window_and_the_edit_is_screened_again(client, essay, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    post(client, essay)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED

    response = client.post(
        reverse("comments:edit", args=[comment.pk]), {"body": "Edited with <script>x</script>"}
    )

    comment.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert comment.body == "Edited with <script>x</script>"
    assert "<script>" not in comment.body_html
    assert comment.edited_at is not None
    assert comment.recheck_reason == "edit"
    assert comment.status == Comment.Status.APPROVED
    assert [c.reason for c in comment.history.all()][-3:] == ["edit", "spam_check", "recheck"]


def test_edit_after_the_window_is_refused(client, essay, settings):
    post(client, essay)
    comment = Comment.objects.get()
    Comment.objects.filter(pk=comment.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Too late"})
    comment.refresh_from_db()
    assert comment.body != "Too late"


def test_only_the_poster_may_edit_or_withdraw(client, essay):
    post(client, essay)
    comment = Comment.objects.get()
    client.cookies.clear()
    assert client.get(reverse("comments:edit", args=[comment.pk])).status_code == 404
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 404


def test_poster_withdraws_their_comment(client, essay):
    post(client, essay)
    comment = Comment.objects.get()
    client.post(reverse("comments:delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.TRASH


def test_flood_control_off_lets_the_same_ip_post_at_once(client, essay, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    assert post(client, essay, body="First").status_code == HTTPStatus.FOUND
    assert post(client, essay, body="Second").status_code == HTTPStatus.FOUND


def test_remember_me_is_not_ticked_without_a_cookie(client, essay):
    form = client.get(essay.get_absolute_url()).context["comment_form"]
    assert form.initial.get("remember") is False


def test_the_page_shown_again_after_a_refused_post_has_its_bylines(client, essay):
    # A post that succeeds never reads the bylines (issue #17); the page shown again must.
    essay.authors.add(AuthorFactory(name="Iris Pemberton"))
    essay.topics.add(TopicFactory(name="Hydrology"))
    response = post(client, essay, body="")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert 'rel="author">Iris Pemberton</a>' in page
    assert "Hydrology" in page
