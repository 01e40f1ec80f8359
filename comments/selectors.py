"""Reads of comments for pages and feeds, in a fixed number of queries."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from comments.compiled import STAND_IN_ID, STAND_IN_TIME, CompiledQuery, compile_query
from comments.models import Comment
from essays.models import Essay


class ThreadComment(NamedTuple):
    """What the essay page shows of a comment: a plain row, no model instance to build."""

    pk: int
    parent_id: int | None
    depth: int
    status: str
    is_from_editors: bool
    author_name: str
    author_url: str
    body_html: str
    display_html: str
    submitted_at: datetime.datetime


@dataclass
class CommentNode:
    comment: Comment | ThreadComment
    replies: list[CommentNode] = field(default_factory=list)


class ThreadOrder(StrEnum):
    """How an essay's top-level threads follow each other; replies stay in the order written."""

    OLDEST = "oldest"
    NEWEST = "newest"
    MOST_REPLIED = "replies"

    @property
    def label(self) -> str:
        return ORDER_LABELS[self]

    @classmethod
    def from_query(cls, value: object) -> ThreadOrder:
        """The order a query value names; anything else (absent, misspelt, hostile) is the
        default, so a cache never keeps a copy per junk value."""
        return cls(value) if isinstance(value, str) and value in ORDER_VALUES else cls.OLDEST


ORDER_VALUES = frozenset(order.value for order in ThreadOrder)
ORDER_LABELS = {
    ThreadOrder.OLDEST: "Oldest first",
    ThreadOrder.NEWEST: "Newest first",
    ThreadOrder.MOST_REPLIED: "Most replies",
}


@dataclass
class CommentThread:
    nodes: list[CommentNode]
    page: Page
    count: int
    order: ThreadOrder = ThreadOrder.OLDEST


def comment_thread(
    *,
    essay: Essay,
    own_ids=(),
    page_number=1,
    count: int | None = None,
    order: ThreadOrder = ThreadOrder.OLDEST,
) -> CommentThread:
    """One page of an essay's threads: approved comments plus the reader's own pending ones.

    A page holds COMMENTS_PER_PAGE top-level comments with their replies, fetched for that
    page only. A page past the last raises django.core.paginator.EmptyPage.
    """
    # Rows, not model instances: building 200 models (and their JSON fields) cost more than
    # joining their stored fragments.
    visible = Comment.objects.filter(essay=essay).visible_to(own_ids=own_ids)
    top_level = thread_roots_ordered(visible.filter(parent=None), order)
    paginator = Paginator(top_level.values_list(*ThreadComment._fields), settings.COMMENTS_PER_PAGE)
    page = paginator.page(page_number)
    roots = [ThreadComment(*row) for row in page.object_list]
    replies = visible.filter(root__in=[c.pk for c in roots]).exclude(parent=None)
    nodes = {c.pk: CommentNode(c) for c in roots}
    for row in replies.order_by("submitted_at", "pk").values_list(*ThreadComment._fields):
        reply = ThreadComment(*row)
        nodes[reply.pk] = CommentNode(reply)
    for node in list(nodes.values()):
        parent_id = node.comment.parent_id
        # A reply whose parent is not visible (pending, trashed) is not shown either.
        if parent_id is not None and parent_id in nodes:
            nodes[parent_id].replies.append(node)
    return CommentThread(
        nodes=[nodes[c.pk] for c in roots],
        page=page,
        count=Comment.objects.filter(essay=essay).public().count() if count is None else count,
        order=order,
    )


def public_reply_count(root: int | None = None) -> Coalesce:
    """The public replies at any depth under top-level comment `root` (by default, the
    row of the outer query), as a subquery."""
    replies = (
        Comment.objects.public()
        .filter(root=OuterRef("pk") if root is None else root, parent__isnull=False)
        .order_by()
        .values("root")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(replies), 0, output_field=IntegerField())


def thread_roots_ordered(roots: QuerySet, order: ThreadOrder) -> QuerySet:
    """Top-level comments in `order`; ties fall back to oldest first, then to the id."""
    if order is ThreadOrder.NEWEST:
        return roots.order_by("-submitted_at", "-pk")
    if order is ThreadOrder.MOST_REPLIED:
        # Public replies only: the order is the same for every reader, so the page caches.
        roots = roots.annotate(reply_count=public_reply_count())
        return roots.order_by("-reply_count", "submitted_at", "pk")
    return roots.order_by("submitted_at", "pk")


def comment_page_number(comment: Comment, *, order: ThreadOrder = ThreadOrder.OLDEST) -> int:
    """Which page of its essay's threads, in `order`, shows `comment` (its top-level one)."""
    root = comment.root if comment.root_id not in (None, comment.pk) else comment
    before = _threads_before(connection.vendor, order).scalar(
        essay=comment.essay_id, at=root.submitted_at, pk=root.pk
    )
    return before // settings.COMMENTS_PER_PAGE + 1


@functools.cache
def _threads_before(vendor: str, order: ThreadOrder) -> CompiledQuery:
    """How many public threads of an essay come before thread `pk` (posted `at`) in `order`:
    compiled once per process and order, since every post's redirect asks (issue #17)."""
    essay, at, pk = STAND_IN_ID - 1, STAND_IN_TIME, STAND_IN_ID
    roots = Comment.objects.filter(essay_id=essay, parent=None).public()
    earlier_in_time = Q(submitted_at__lt=at) | Q(submitted_at=at, pk__lt=pk)
    if order is ThreadOrder.NEWEST:
        before = roots.exclude(earlier_in_time).exclude(pk=pk)
    elif order is ThreadOrder.MOST_REPLIED:
        roots = roots.annotate(reply_count=public_reply_count())
        replies = public_reply_count(root=pk)
        before = roots.filter(Q(reply_count__gt=replies) | Q(earlier_in_time, reply_count=replies))
    else:
        before = roots.filter(earlier_in_time)
    return compile_query(before, count=True, essay=essay, at=at, pk=pk)


def thread_query(*, page: int = 1, order: ThreadOrder = ThreadOrder.OLDEST) -> str:
    """The query string of a page of threads ("" for the first page in the default order)."""
    params = {}
    if page > 1:
        params["cpage"] = page
    if order is not ThreadOrder.OLDEST:
        params["order"] = order.value
    return f"?{urlencode(params)}" if params else ""


def comment_location(comment: Comment, *, order: ThreadOrder = ThreadOrder.OLDEST) -> str:
    """The essay page (on the right page of threads, in `order`) at the comment's anchor."""
    query = thread_query(page=comment_page_number(comment, order=order), order=order)
    return f"{comment.essay.get_absolute_url()}{query}#comment-{comment.pk}"


def with_public_comment_counts(essays: QuerySet) -> QuerySet:
    """Annotate each essay with `comment_count`, its public comments, in the same query."""
    public = (
        Comment.objects.public()
        .filter(essay=OuterRef("pk"))
        .order_by()
        .values("essay")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return essays.annotate(comment_count=Coalesce(Subquery(public), 0, output_field=IntegerField()))
