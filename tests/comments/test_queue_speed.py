"""The queue's rows joined in Python (comments/admin/rows.py, columns.py): the admin's own
markup, every value escaped, and a fixed number of queries."""

import re
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.admin.action_menu import QueueActionForm
from comments.admin.queue import ESSAY_FIELDS, PARENT_FIELDS, ROW_FIELDS, page_rows
from comments.admin.rows import RowRenderer
from comments.models import Comment, StatusChange
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")
HOSTILE = "\"'><script>alert(1)</script>&"


def rows_of(page: str) -> str:
    return re.search(r"<tbody>(.*)</tbody>", page, re.S).group(1)


def a_comment_of_each_kind(essay):
    """A reply with a website, a passage with a link in its body, one unchecked, a spam with
    reasons and a moderator's note: every branch the columns have."""
    parent = CommentFactory(essay=essay, status=Status.APPROVED, author_name="Ann <i>")
    reply = CommentFactory(essay=essay, parent=parent, author_url="https://r.example/a b?x=1&y=é")
    passage = CommentFactory(
        essay=essay,
        anchor_id="p-3",
        anchor_quote="A quoted <passage>",
        body='See <a href="https://e.example/?a=1&b=2">this</a>.',
    )
    unchecked = CommentFactory(
        essay=essay, check_state=Comment.CheckState.UNCHECKED, check_error="timeout <5 s>"
    )
    spam = CommentFactory(
        essay=essay,
        status=Status.SPAM,
        verdict=Comment.Verdict.SPAM,
        verdict_reasons=[{"code": "many_links", "text": "3 links & more"}],
    )
    StatusChange.objects.create(
        comment=spam, to_status=Status.SPAM, reason=StatusChange.Reason.MODERATOR, note="sure"
    )
    return [parent, reply, passage, unchecked, spam]


@pytest.mark.parametrize("query", [{"tab": "all"}, {"tab": "all", "q": "e", "o": "4"}])
def test_each_row_is_the_markup_the_admin_itself_renders(moderator, essay, query):
    a_comment_of_each_kind(essay)
    model_admin = admin.site._registry[Comment]
    request = RequestFactory().get(CHANGELIST, query)
    request.user = moderator
    changelist = model_admin.get_changelist_instance(request)
    render = RowRenderer(changelist)

    assert len(changelist.result_list) >= 3
    for comment in changelist.result_list:
        assert render(comment) == "".join(items_for_result(changelist, comment, None))


def test_a_page_row_holds_what_the_orm_would_load(essay, django_assert_num_queries):
    """page_rows builds its instances from the rows' values: the same values as only() and
    select_related, the other fields deferred and loaded when read, an essay once a page."""
    comments = a_comment_of_each_kind(essay)
    ids = [comment.pk for comment in comments]
    with django_assert_num_queries(1):
        rows = {row.pk: row for row in page_rows(Comment.objects.filter(pk__in=ids))}
    by_orm = Comment.objects.filter(pk__in=ids).select_related("essay", "parent")

    for comment in by_orm:
        row = rows[comment.pk]
        assert [getattr(row, name) for name in ROW_FIELDS] == [
            getattr(comment, name) for name in ROW_FIELDS
        ]
        assert row.essay.pk == comment.essay.pk
        assert [getattr(row.essay, name) for name in ESSAY_FIELDS] == [
            getattr(comment.essay, name) for name in ESSAY_FIELDS
        ]
        parent = comment.parent and [getattr(comment.parent, name) for name in PARENT_FIELDS]
        assert (row.parent and [getattr(row.parent, name) for name in PARENT_FIELDS]) == parent
        assert not row._state.adding and row._state.db == "default"
        assert str(row) == str(comment)
    assert len({id(row.essay) for row in rows.values()}) == 1
    reply = rows[comments[1].pk]
    assert "body" in reply.get_deferred_fields()
    with django_assert_num_queries(1):
        assert reply.body == comments[1].body


def test_submitted_shows_the_sites_local_time(moderator_client, essay, settings):
    """The zone is looked up once a page (ModerationChangeList): still the site's zone."""
    settings.TIME_ZONE = "Asia/Kolkata"  # UTC+05:30, no summer time
    at = datetime(2026, 3, 1, 20, 45, tzinfo=UTC)
    CommentFactory(essay=essay, submitted_at=at)

    rows = rows_of(moderator_client.get(CHANGELIST).text)

    assert f'<time datetime="{at.isoformat()}">2026-03-02 02:15</time>' in rows


def test_hostile_names_bodies_and_urls_in_a_row_come_out_escaped(moderator_client):
    essay = EssayFactory(title=f"Essay {HOSTILE}")
    parent = CommentFactory(essay=essay, status=Status.APPROVED, author_name=f"Parent {HOSTILE}")
    CommentFactory(
        essay=essay,
        parent=parent,
        author_name=f"Name {HOSTILE}",
        author_email=f"mail{HOSTILE}@example.com",
        author_url=f"https://x.example/{HOSTILE}",
        body=f"Body {HOSTILE}",
        verdict_checker="c\"'><b>&",  # 20 characters at most
        verdict_reasons=[{"code": "many_links", "text": f"reason {HOSTILE}"}],
    )
    CommentFactory(
        essay=essay,
        anchor_id="p-1",
        anchor_quote=f"Quote {HOSTILE}",
        check_state=Comment.CheckState.UNCHECKED,
        check_error=f"error {HOSTILE}",
    )

    response = moderator_client.get(CHANGELIST, {"tab": "all"})

    assert response.status_code == HTTPStatus.OK
    rows = rows_of(response.text)
    assert "<script" not in rows and "\"'>" not in rows
    escaped = "&quot;&#x27;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"
    for shown in ("Essay ", "Parent ", "Name ", "reason ", "Quote ", "error "):
        assert f"{shown}{escaped}" in rows, shown
    assert "Body \"'&gt;&lt;script&gt;alert(1)" in rows  # sanitised when saved, as readers see it
    assert "mail&quot;&#x27;&gt;&lt;script&gt;" in rows  # the address, as text
    assert "mail%22%27%3E%3Cscript%3E" in rows  # the address, in the filter link
    assert "https://x.example/&quot;&#x27;&gt;&lt;script&gt;" in rows
    assert "by c&quot;&#x27;&gt;&lt;b&gt;&amp;</span>" in rows


def test_a_row_loads_no_field_on_demand(moderator_client, essay, django_assert_num_queries):
    """The changelist fetches only the fields the columns read: one more read would be one
    more query a row."""
    a_comment_of_each_kind(essay)
    moderator_client.get(CHANGELIST, {"tab": "all"})  # session and permission caches warm up
    with django_assert_num_queries(12):
        moderator_client.get(CHANGELIST, {"tab": "all"})
    CommentFactory.create_batch(30, essay=essay)
    with django_assert_num_queries(12):
        moderator_client.get(CHANGELIST, {"tab": "all"})


def test_pending_is_counted_once_and_its_pages_still_add_up(moderator_client, essay):
    """Pending is counted with the other tabs, in one query; the header and the paginator use
    that count, where each ran a COUNT of its own. A search counts its own."""
    CommentFactory.create_batch(55, essay=essay)
    CommentFactory.create_batch(3, essay=essay, body="needle in the queue")
    CommentFactory(essay=essay, status=Status.APPROVED)
    moderator_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        first = moderator_client.get(CHANGELIST)
    assert not [query for query in queries if '"__count"' in query["sql"]]  # no .count()
    assert first.context["cl"].result_count == 58
    assert "58 comments awaiting moderation" in first.text
    assert len(moderator_client.get(CHANGELIST, {"p": "2"}).context["cl"].result_list) == 8
    searched = moderator_client.get(CHANGELIST, {"q": "needle"}).context["cl"]
    assert searched.result_count == 3


@pytest.mark.parametrize("data", [None, {"action": "approve", "select_across": "1"}, {}])
def test_the_action_menu_prints_what_djangos_widgets_print(data):
    """Unbound, bound with a choice, and refused (no action chosen: aria-invalid)."""
    choices = [("", "---------"), ("approve", "Approve"), ("trash", 'Move to the "trash" <now>')]

    def printed(form_class):
        form = form_class(data, auto_id=None)
        form.fields["action"].choices = choices
        if data is not None:
            form.is_valid()  # its errors mark the menu invalid
        return [" ".join(str(form[name]).split()) for name in ("action", "select_across")]

    ours, djangos = printed(QueueActionForm), printed(ActionForm)
    assert [re.sub(r">\s+<", "><", html) for html in ours] == [
        re.sub(r">\s+<", "><", html) for html in djangos
    ]
    assert "&quot;trash&quot; &lt;now&gt;" in ours[0]
