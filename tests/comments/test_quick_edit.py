"""Quick edit from the queue: author, text and status in one form, in the row or on a page,
saved through comment_quick_edit and recorded as the moderator's."""

import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from comments.models import Comment, SpamFeedback, StatusChange
from comments.services import EditedSince, QuickEdit, comment_quick_edit
from tests.comments.factories import CommentFactory
from tests.comments.test_admin import last_message
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")


def quick_url(comment):
    return reverse("admin:comments_comment_quick_edit", args=[comment.pk])


def form_data(comment, **changes):
    data = {
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": comment.author_url,
        "body": comment.body,
        "status": comment.status,
        "version": comment.content_version,
        "next": f"{CHANGELIST}?tab=all&p=2",
    }
    return data | changes


def edit_of(comment, **changes) -> QuickEdit:
    fields = ("author_name", "author_email", "author_url", "body", "status")
    return QuickEdit(**({name: getattr(comment, name) for name in fields} | changes))


# The service -------------------------------------------------------------------------
def test_quick_edit_resanitises_rerenders_and_records_who_changed_what(moderator):
    comment = CommentFactory(status=Status.APPROVED, author_name="Ann", body="Old words.")
    edit = edit_of(
        comment, author_name="Ann Lee", body='New <script>x()</script><b onclick="y">bold</b>'
    )
    saved = comment_quick_edit(comment=comment, moderator=moderator, edit=edit, version=1)
    saved.refresh_from_db()
    assert saved.author_name == "Ann Lee" and saved.content_version == 2
    assert "<script" not in saved.body_html and "onclick" not in saved.body_html
    assert "bold" in saved.body_html
    assert "Ann Lee" in saved.display_html and "Old words" not in saved.display_html
    entry = saved.history.get(reason=StatusChange.Reason.EDIT)
    assert (entry.actor, entry.note) == (moderator, "edited by moderator: name, body")


def test_quick_edit_sets_the_status_through_its_service(moderator):
    comment = CommentFactory(status=Status.PENDING)
    saved = comment_quick_edit(
        comment=comment, moderator=moderator, edit=edit_of(comment, status="spam"), version=1
    )
    assert Comment.objects.get(pk=saved.pk).status == Status.SPAM
    assert SpamFeedback.objects.filter(comment=comment, kind="spam").count() == 1
    assert not saved.history.filter(reason=StatusChange.Reason.EDIT).exists()  # text unchanged
    moved = saved.history.get(reason=StatusChange.Reason.MODERATOR)
    assert (moved.from_status, moved.to_status, moved.actor) == ("pending", "spam", moderator)
    ham = comment_quick_edit(
        comment=saved, moderator=moderator, edit=edit_of(saved, status="approved"), version=1
    )
    assert ham.status == Status.APPROVED
    assert SpamFeedback.objects.filter(comment=comment, kind="ham").count() == 1


def test_quick_edit_of_a_comment_edited_since_changes_nothing(moderator):
    comment = CommentFactory(body="First.")
    Comment.objects.filter(pk=comment.pk).update(content_version=3)
    with pytest.raises(EditedSince):
        edit = edit_of(comment, body="Mine.", status="approved")
        comment_quick_edit(comment=comment, moderator=moderator, edit=edit, version=1)
    assert Comment.objects.filter(pk=comment.pk, body="First.", status=Status.PENDING).exists()


def test_quick_edit_refuses_a_status_that_is_none_of_the_four(moderator):
    comment = CommentFactory()
    with pytest.raises(ValueError, match="cannot be 'deleted'"):
        comment_quick_edit(
            comment=comment, moderator=moderator, edit=edit_of(comment, status="deleted"), version=1
        )


# Without JavaScript: a page of its own -----------------------------------------------
def test_each_row_links_to_quick_edit_returning_to_the_same_queue_page(moderator_client):
    comment = CommentFactory()
    page = moderator_client.get(CHANGELIST, {"tab": "all", "o": "-4"}).text
    assert (
        f'href="{quick_url(comment)}?next=%2Fadmin%2Fcomments%2Fcomment%2F%3Ftab%3Dall%26o%3D-4"'
        in page
    )
    assert 'data-inline="quick-edit" data-shortcut="q">Quick edit</a>' in page


def test_the_quick_edit_page_saves_and_goes_back_to_the_queue_page(moderator_client, moderator):
    comment = CommentFactory(author_name="Bo", body="Tpyo here.")
    page = moderator_client.get(quick_url(comment), {"next": f"{CHANGELIST}?tab=all&p=2"})
    assert page.status_code == HTTPStatus.OK
    assert 'value="Bo"' in page.text and "Tpyo here." in page.text
    response = moderator_client.post(quick_url(comment), form_data(comment, body="Typo here."))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{CHANGELIST}?tab=all&p=2"
    assert last_message(response) == "Saved Bo's comment (Pending)."
    assert Comment.objects.get(pk=comment.pk).body == "Typo here."


def test_a_refused_quick_edit_keeps_what_was_typed(moderator_client):
    comment = CommentFactory(body="Before.")
    typed = form_data(comment, author_email="not an address", body="My careful correction.")
    response = moderator_client.post(quick_url(comment), typed)
    assert response.status_code == HTTPStatus.OK
    assert "Enter a valid email address." in response.text
    assert "My careful correction." in response.text and 'value="not an address"' in response.text
    assert Comment.objects.get(pk=comment.pk).body == "Before."


def test_a_quick_edit_of_a_comment_edited_since_is_refused_with_the_text_kept(moderator_client):
    comment = CommentFactory(body="Before.")
    Comment.objects.filter(pk=comment.pk).update(content_version=2)
    response = moderator_client.post(quick_url(comment), form_data(comment, body="Stale edit."))
    assert "This comment was edited since you loaded the page" in response.text
    assert "Stale edit." in response.text
    assert Comment.objects.get(pk=comment.pk).body == "Before."


def test_a_quick_edit_that_duplicates_another_comment_is_refused(moderator_client):
    first = CommentFactory(author_email="same@example.com", body="Said once.")
    second = CommentFactory(essay=first.essay, author_email="same@example.com", body="Other.")
    response = moderator_client.post(quick_url(second), form_data(second, body="Said once."))
    assert "already posted the same text" in response.text
    assert Comment.objects.get(pk=second.pk).body == "Other."


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_quick_edit_never_sends_anyone_off_site(moderator_client, next_url):
    comment = CommentFactory()
    page = moderator_client.get(quick_url(comment), {"next": next_url})
    assert f'href="{CHANGELIST}" class="button cancel-link"' in page.text
    response = moderator_client.post(quick_url(comment), form_data(comment, next=next_url))
    assert response["Location"] == CHANGELIST


# With JavaScript: inside the row -----------------------------------------------------
def test_the_inline_form_is_the_form_alone_with_ids_of_its_comment(moderator_client):
    comment = CommentFactory(author_name="Cy")
    response = moderator_client.get(quick_url(comment), {"inline": "1", "next": CHANGELIST})
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in response.text and 'class="cm-panel cm-quick-edit"' in response.text
    assert f'id="cm-{comment.pk}-author_name"' in response.text
    assert (
        'name="csrfmiddlewaretoken"' in response.text and 'name="inline" value="1"' in response.text
    )


def test_an_inline_quick_edit_answers_with_the_rows_new_cells(moderator_client):
    comment = CommentFactory(author_name="Di", body="Draft.")
    data = form_data(comment, body="Final & <em>fine</em>.", status="approved", inline="1")
    response = moderator_client.post(quick_url(comment), data)
    assert response.status_code == HTTPStatus.OK
    result = json.loads(response.content)
    assert result["message"] == "Saved Di's comment (Approved)."
    assert set(result["cells"]) == {"author_column", "comment_column", "check_column",
                                    "submitted", "row_actions"}  # fmt: skip
    assert "Final &amp; <em>fine</em>." in result["cells"]["comment_column"]
    assert "cm-status--approved" in result["cells"]["submitted"]
    assert f'value="{comment.pk}:2"' in result["cells"]["row_actions"]  # the version now shown
    assert "tab=all" in result["cells"]["author_column"]  # its filters stay in its tab


def test_an_inline_quick_edit_refused_comes_back_with_what_was_typed(moderator_client):
    comment = CommentFactory(body="Before.")
    data = form_data(comment, author_name="", body="Kept words.", inline="1")
    response = moderator_client.post(quick_url(comment), data)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/html")  # the form again, not a result
    assert "This field is required." in response.text and "Kept words." in response.text
    assert "<html" not in response.text


# Who may ------------------------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client):
    comment = CommentFactory(body="Untouched.")
    posted = client.post(quick_url(comment), form_data(comment, body="Vandal."))
    for response in (client.get(quick_url(comment)), posted):
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("admin:login"))
    assert Comment.objects.get(pk=comment.pk).body == "Untouched."


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_staff_without_comment_permissions_cannot_quick_edit(role, editor):
    user = editor
    if role == "viewer":
        user = StaffFactory(username="viewer")
        user.user_permissions.add(Permission.objects.get(codename="view_comment"),
                                  Permission.objects.get(codename="can_moderate"))  # fmt: skip
    client = Client()
    client.force_login(user)
    comment = CommentFactory(body="Untouched.")
    assert client.get(quick_url(comment)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(quick_url(comment), form_data(comment, body="Changed."))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.get(pk=comment.pk).body == "Untouched."


def test_quick_edit_needs_the_csrf_token(moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = CommentFactory(body="Untouched.")
    response = client.post(quick_url(comment), form_data(comment, body="Forged.", inline="1"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.get(pk=comment.pk).body == "Untouched."


def test_superusers_quick_edit_too(superuser):
    client = Client()
    client.force_login(superuser)
    comment = CommentFactory()
    response = client.post(quick_url(comment), form_data(comment, body="By the admin."))
    assert response.status_code == HTTPStatus.FOUND
    entry = Comment.objects.get(pk=comment.pk).history.get(reason=StatusChange.Reason.EDIT)
    assert entry.note == "edited by root: body"
