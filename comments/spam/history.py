"""The commenter's approved comments, counted once while one comment is screened.

The embedded checker weighs the count and the moderation policy asks whether it is zero: one
screening used to send both queries (issue #17). The count is kept only inside
``counted_once``, so a later look at the same instance sees approvals made since.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from comments.models import Comment

# Where the count is kept on the instance being screened (absent: count every time).
_MEMO = "_approved_before"


def approved_before(comment: Comment) -> int:
    """How many approved comments share this comment's name and email (itself excluded)."""
    memo = comment.__dict__
    if _MEMO not in memo:
        return Comment.objects.earlier_approved(comment).count()
    if memo[_MEMO] is None:
        memo[_MEMO] = Comment.objects.earlier_approved(comment).count()
    return memo[_MEMO]


@contextmanager
def counted_once(comment: Comment) -> Iterator[Comment]:
    """Within the block, `approved_before(comment)` queries at most once."""
    comment.__dict__[_MEMO] = None
    try:
        yield comment
    finally:
        comment.__dict__.pop(_MEMO, None)
