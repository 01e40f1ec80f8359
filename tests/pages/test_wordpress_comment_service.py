"""comments.services.comment_import on its own: depth, duplicates, updates, bad fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from comments.models import Comment
from comments.services import DuplicateComment, ImportedComment, comment_import, comments_imported

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def data(key: str, **fields) -> ImportedComment:
    values = {
        "import_key": key,
        "author_name": "Reader",
        "author_email": "reader@example.net",
        "author_url": "",
        "body": f"Text of {key}",
        "status": Comment.Status.APPROVED,
        "submitted_at": WHEN,
    }
    return ImportedComment(**{**values, **fields})


def test_a_chain_deeper_than_the_setting_stops_at_the_deepest_allowed_level(essay, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    top = comment_import(essay=essay, data=data("a")).comment
    second = comment_import(essay=essay, data=data("b"), parent=top).comment
    third = comment_import(essay=essay, data=data("c"), parent=second)
    assert (third.comment.depth, third.comment.parent, third.moved_up) == (2, top, 1)
    assert third.comment.root_id == top.pk


def test_replies_under_a_held_comment_are_hidden_with_it(essay):
    held = comment_import(essay=essay, data=data("a", status=Comment.Status.PENDING)).comment
    reply = comment_import(essay=essay, data=data("b"), parent=held).comment
    assert reply.under_hidden_parent
    assert list(Comment.objects.public()) == []


def test_the_same_text_from_the_same_address_under_another_key_is_refused(essay):
    comment_import(essay=essay, data=data("a", body="Same"))
    with pytest.raises(DuplicateComment):
        comment_import(essay=essay, data=data("b", body="Same"))
    assert Comment.objects.count() == 1


def test_a_second_import_updates_the_comment_and_records_the_change(essay):
    first = comment_import(essay=essay, data=data("a", status=Comment.Status.PENDING))
    again = comment_import(
        essay=essay,
        data=data("a", status=Comment.Status.APPROVED),
        imported=comments_imported(essay=essay),
    )
    assert not again.created and again.comment.pk == first.comment.pk
    assert list(again.comment.history.values_list("to_status", flat=True)) == [
        "pending",
        "approved",
    ]
    assert again.comment.display_html.startswith("<article")


def test_invalid_website_and_address_are_dropped_with_a_warning(essay):
    result = comment_import(
        essay=essay, data=data("a", author_url="javascript:alert(1)", ip_address="not an ip")
    )
    assert result.comment.author_url == ""
    assert result.comment.ip_address is None
    assert result.warnings == ["its author url 'javascript:alert(1)' was not valid; left out."]


def test_an_empty_comment_is_refused(essay):
    with pytest.raises(ValidationError, match="no text"):
        comment_import(essay=essay, data=data("a", body="  "))


def test_an_approved_reply_costs_a_fixed_number_of_queries(essay, django_assert_max_num_queries):
    top = comment_import(essay=essay, data=data("a")).comment
    known = comments_imported(essay=essay)
    # a savepoint and its release, the insert, the display fragment, the history row
    with django_assert_max_num_queries(5):
        comment_import(essay=essay, data=data("b"), parent=top, imported=known)
