"""The commenter's approved comments, counted once while one comment is screened.

The embedded checker weighs the count and the moderation policy asks whether it is zero: one
screening used to send both queries (issue #17). The count is kept only inside
``counted_once``, so a later look at the same instance sees approvals made since.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from comments.compiled import STAND_IN_ID, CompiledQuery, compile_query, stand_in_text
from comments.models import Comment, stored_email

# Where the count is kept on the instance being screened (absent: count every time).
_MEMO = "_approved_before"


def approved_before(comment: Comment) -> int:
    """How many approved comments share this comment's name and email (itself excluded)."""
    memo = comment.__dict__
    if _MEMO not in memo:
        return _count_earlier_approved(comment)
    if memo[_MEMO] is None:
        memo[_MEMO] = _count_earlier_approved(comment)
    return memo[_MEMO]


def _count_earlier_approved(comment: Comment) -> int:
    return _earlier_approved_count(connection.vendor).scalar(
        pk=comment.pk or 0, name=comment.author_name, email=stored_email(comment.author_email)
    )


@functools.cache
def _earlier_approved_count(vendor: str) -> CompiledQuery:
    """Comment.objects.earlier_approved(...).count(), compiled once per process (issue #17)."""
    stand_in = Comment(
        pk=STAND_IN_ID, author_name=stand_in_text("name"), author_email=stand_in_text("email")
    )
    approved = Comment.objects.earlier_approved(stand_in)
    return compile_query(
        approved,
        count=True,
        pk=stand_in.pk,
        name=stand_in.author_name,
        email=stand_in.author_email,
    )


@contextmanager
def counted_once(comment: Comment) -> Iterator[Comment]:
    """Within the block, `approved_before(comment)` queries at most once."""
    comment.__dict__[_MEMO] = None
    try:
        yield comment
    finally:
        comment.__dict__.pop(_MEMO, None)
