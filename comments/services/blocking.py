"""Blocking commenters: a preview of who and what a block covers, then the block itself.

A block never trashes anything on its own: a moderator ticks that, and then only the pending
comments the preview listed, at the version it showed, are moved (a comment that arrived or
was edited after the preview is left for a fresh look).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q

from comments.models import BlockedCommenter, Comment, stored_email
from comments.services.moderator import StatusUndo
from comments.services.status import comment_trash

# The preview lists at most this many commenters and pending comments (it counts them all).
LIMIT = 200


@dataclass(frozen=True)
class BlockTarget:
    """What one block names: an email, an exact IP address, an IP range, or several."""

    email: str = ""
    ip_address: str | None = None
    ip_range: str = ""

    def as_block(self) -> BlockedCommenter:
        return BlockedCommenter(
            email=stored_email(self.email), ip_address=self.ip_address, ip_range=self.ip_range
        )


@dataclass(frozen=True)
class Commenter:
    name: str
    email: str
    comments: int
    pending: int


@dataclass(frozen=True)
class BlockPreview:
    commenters: list[Commenter]
    commenter_count: int
    pending: list[Comment]
    pending_count: int

    def summary(self) -> str:
        def plural(count: int, noun: str) -> str:
            return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

        commenters = plural(self.commenter_count, "commenter")
        return f"{commenters}, {plural(self.pending_count, 'pending comment')}"

    def pending_versions(self) -> dict[int, int]:
        """The listed pending comments and the version shown: what a tick may trash."""
        return {comment.pk: comment.content_version for comment in self.pending}


def covered_by(targets: Iterable[BlockTarget]) -> Q:
    match = Q(pk__in=[])
    for target in targets:
        match |= target.as_block().covered_comments()
    return match


def block_preview(*, targets: Iterable[BlockTarget]) -> BlockPreview:
    """Who the blocks would cover (by email) and which of their comments await moderation."""
    covered = Comment.objects.filter(covered_by(targets))
    by_email = covered.values("author_email").order_by("author_email")
    commenters = by_email.annotate(
        name=Max("author_name"),
        comments=Count("pk"),
        pending=Count("pk", filter=Q(status=Comment.Status.PENDING)),
    )[:LIMIT]
    pending = covered.filter(status=Comment.Status.PENDING)
    return BlockPreview(
        commenters=[
            Commenter(row["name"], row["author_email"], row["comments"], row["pending"])
            for row in commenters
        ],
        commenter_count=by_email.distinct().count(),
        pending=list(pending.select_related("essay").order_by("submitted_at", "pk")[:LIMIT]),
        pending_count=pending.count(),
    )


@transaction.atomic
def commenters_block(
    *,
    targets: Iterable[BlockTarget],
    note: str,
    expires_at: datetime.datetime | None = None,
    actor=None,
    trash: Mapping[int, int] | None = None,
) -> StatusUndo:
    """Block each target; move to the trash the pending comments of `trash` (id → the
    content_version the preview showed) that the blocks cover and that are unchanged since."""
    blocks = []
    for target in targets:
        block = target.as_block()
        block.note, block.expires_at, block.created_by = note, expires_at, actor
        block.full_clean(exclude=["created_by"])
        block.save()
        blocks.append(block)
    trash = trash or {}
    listed = Comment.objects.in_moderation().filter(
        covered_by(targets), pk__in=list(trash)
    )  # fmt: skip
    changes = []
    for comment in listed.select_for_update().order_by("pk"):
        if comment.content_version != trash[comment.pk]:
            continue
        comment_trash(comment=comment, actor=actor, note="commenter blocked")
        changes.append(
            (comment.pk, Comment.Status.PENDING, Comment.Status.TRASH, comment.content_version)
        )
    return StatusUndo(changes=tuple(changes), block_ids=tuple(block.pk for block in blocks))
