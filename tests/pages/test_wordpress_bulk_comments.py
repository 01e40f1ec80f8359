"""comments.services.imports.comments_import: a post's comments inserted level by level."""

import datetime

import pytest

from comments.models import Comment, StatusChange
from comments.services import comment_import
from comments.services.imports import ImportedComment, comments_import

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def data(key: str, parent: str = "", **fields) -> ImportedComment:
    values = {
        "import_key": key,
        "author_name": "Reader",
        "author_email": f"Reader-{key}@Example.net",
        "author_url": "",
        "body": f"Text of {key}",
        "status": Comment.Status.APPROVED,
        "submitted_at": WHEN,
        "ip_address": "203.0.113.9",
        "parent_key": parent,
    }
    return ImportedComment(**{**values, **fields})


def test_replies_find_their_parents_ids_across_levels(essay):
    rows = [data("a"), data("b", "a"), data("c", "b"), data("d", "a"), data("e")]

    results = comments_import(essay=essay, comments=rows)

    a, b, c, d, e = (results[key].comment for key in "abcde")
    assert (b.parent_id, c.parent_id, d.parent_id, e.parent_id) == (a.pk, b.pk, a.pk, None)
    assert [x.root_id for x in (a, b, c, d, e)] == [a.pk, a.pk, a.pk, a.pk, e.pk]
    stored = Comment.objects.get(pk=c.pk)
    assert (stored.depth, stored.root_id, stored.ip_group) == (3, a.pk, "203.0.113.9")
    assert stored.author_email == "reader-c@example.net"  # as Comment.save() stores it
    assert f'id="comment-{c.pk}-author"' in stored.display_html
    assert StatusChange.objects.filter(comment__essay=essay, from_status="").count() == 5


def test_queries_grow_with_thread_depth_not_with_the_number_of_comments(
    essay, django_assert_max_num_queries
):
    rows = [data(f"t{n}") for n in range(100)]
    rows += [data(f"r{n}", f"t{n}", status=Comment.Status.PENDING) for n in range(100)]

    # Two reads, a savepoint and its release; per level: the inserts (SQLite binds 999 values
    # to a statement, about 28 comments), the ids, the history. 200 one by one took 1,000.
    with django_assert_max_num_queries(4 + 2 * (4 + 2)):
        comments_import(essay=essay, comments=rows)

    assert essay.comments.count() == 200
    assert essay.comments.filter(parent__isnull=False, depth=2).count() == 100


def test_a_reply_deeper_than_the_setting_moves_up(essay, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    results = comments_import(essay=essay, comments=[data("a"), data("b", "a"), data("c", "b")])

    third = results["c"]
    assert (third.comment.depth, third.comment.parent, third.moved_up) == (
        2,
        results["a"].comment,
        1,
    )


def test_a_reply_whose_parent_is_missing_starts_its_own_thread(essay):
    results = comments_import(essay=essay, comments=[data("b", "gone")])

    reply = Comment.objects.get(pk=results["b"].comment.pk)
    assert (reply.parent_id, reply.root_id, reply.depth) == (None, reply.pk, 1)


def test_duplicates_of_stored_or_earlier_text_are_skipped(essay):
    comment_import(essay=essay, data=data("old", body="Said before"))
    rows = [
        data("x", author_email="reader-old@example.net", body="Said before"),
        data("y", body="Twice"),
        data("z", body="Twice", author_email="reader-y@example.net"),
    ]

    results = comments_import(essay=essay, comments=rows)

    assert (results["x"], results["z"]) == (None, None)
    assert results["y"].created
    assert essay.comments.count() == 2


def test_a_second_import_updates_instead_of_adding(essay):
    comments_import(essay=essay, comments=[data("a"), data("b", "a")])

    again = comments_import(
        essay=essay, comments=[data("a"), data("b", "a", status=Comment.Status.SPAM)]
    )

    assert not again["a"].created and not again["b"].created
    assert essay.comments.count() == 2
    assert again["b"].comment.parent == again["a"].comment
    assert Comment.objects.get(pk=again["b"].comment.pk).status == Comment.Status.SPAM
