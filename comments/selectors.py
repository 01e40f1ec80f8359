"""Reads of comments for pages and feeds, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

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


@dataclass
class CommentThread:
    nodes: list[CommentNode]
    page: Page
    count: int


def comment_thread(
    *, essay: Essay, own_ids=(), page_number=1, count: int | None = None
) -> CommentThread:
    """One page of an essay's threads: approved comments plus the reader's own pending ones."""
    # Rows, not model instances: building 200 models (and their JSON fields) cost more than
    # joining their stored fragments.
    visible = Comment.objects.filter(essay=essay).visible_to(own_ids=own_ids)
    top_level = visible.filter(parent=None).order_by("submitted_at", "pk")
    paginator = Paginator(top_level.values_list(*ThreadComment._fields), settings.COMMENTS_PER_PAGE)
    page = paginator.get_page(page_number)
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
    )


def comment_page_number(comment: Comment) -> int:
    """Which page of its essay's threads shows `comment`."""
    root = comment.root or comment
    earlier = (
        Comment.objects.filter(
            essay_id=comment.essay_id, parent=None, submitted_at__lt=root.submitted_at
        )
        .public()
        .count()
    )
    return earlier // settings.COMMENTS_PER_PAGE + 1


def comment_location(comment: Comment) -> str:
    """The essay page (on the right page of threads) at the comment's anchor."""
    page = comment_page_number(comment)
    query = f"?cpage={page}" if page > 1 else ""
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
