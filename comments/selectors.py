"""Reads of comments for pages and feeds, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Page, Paginator

from comments.models import Comment
from essays.models import Essay

OWN_COMMENTS_COOKIE = "own_comments"
OWN_COMMENTS_SALT = "comments.own"
OWN_COMMENTS_KEPT = 20


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


def own_comment_ids(request) -> list[int]:
    """Comments this browser posted, from the signed cookie set when posting."""
    value = request.get_signed_cookie(OWN_COMMENTS_COOKIE, default="", salt=OWN_COMMENTS_SALT)
    return [int(part) for part in value.split(",") if part.isdigit()][-OWN_COMMENTS_KEPT:]


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
