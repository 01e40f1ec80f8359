"""Housekeeping: what scheduled jobs delete or forget once its keeping time is over.

Every deletion goes through `_expired()`, which never takes a comment with a live reply
beneath it: deleting would cascade to the reply.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from comments.models import Comment
from comments.services.moderator import LIVE_STATUSES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeCount:
    discarded: int
    trashed: int


@dataclass(frozen=True)
class EmptyCount:
    deleted: int
    kept: int  # above a reply that is approved or awaiting moderation


# What a moderator may empty at once, as WordPress's "Empty spam" and "Empty trash" do.
EMPTIABLE = (Comment.Status.SPAM, Comment.Status.TRASH)


def _expired():
    """Comments that may be deleted: none above a live reply. Replies share their thread's
    root and sit deeper, which is all this (cautious) test needs."""
    live_below = Comment.objects.filter(
        root_id=OuterRef("root_id"), depth__gt=OuterRef("depth"), status__in=LIVE_STATUSES
    )
    return Comment.objects.exclude(Exists(live_below))


def _days_ago(days: int, now: datetime.datetime | None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=days)


@transaction.atomic
def comment_purge_discards(*, now: datetime.datetime | None = None) -> int:
    """Delete blatant spam kept longer than SPAM_DISCARD_KEEP_DAYS; the number deleted."""
    cutoff = _days_ago(settings.SPAM_DISCARD_KEEP_DAYS, now)
    return _delete_comments(
        _expired().filter(
            status=Comment.Status.SPAM, verdict=Comment.Verdict.DISCARD, checked_at__lt=cutoff
        )
    )


@transaction.atomic
def comment_purge_expired(*, now: datetime.datetime | None = None) -> PurgeCount:
    """Delete blatant spam and trash past their keeping time; live comments are never touched."""
    cutoff = _days_ago(settings.COMMENTS_TRASH_KEEP_DAYS, now)
    trashed = _expired().filter(status=Comment.Status.TRASH, updated_at__lt=cutoff)
    return PurgeCount(discarded=comment_purge_discards(now=now), trashed=_delete_comments(trashed))


def _delete_comments(queryset) -> int:
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        Comment.objects.filter(pk__in=ids[start : start + 500]).delete()
    return len(ids)


def comment_purge_metadata(*, days: int, now: datetime.datetime | None = None) -> int:
    """Drop IPs, user agents and referrers of comments older than `days`; how many changed.

    Comments still waiting for a spam verdict keep what the spam service needs.
    """
    stale = (
        Comment.objects.filter(submitted_at__lt=_days_ago(days, now))
        .exclude(check_state=Comment.CheckState.UNCHECKED)
        .filter(Q(ip_address__isnull=False) | ~Q(ip_group="") | ~Q(user_agent="") | ~Q(referrer=""))
    )
    return stale.update(ip_address=None, ip_group="", user_agent="", referrer="")


def comment_empty_count(*, status: str) -> EmptyCount:
    """What comment_empty(status=...) would delete and keep now: for its confirmation page."""
    _check_emptiable(status)
    total = Comment.objects.filter(status=status).count()
    deletable = _expired().filter(status=status).count()
    return EmptyCount(deleted=deletable, kept=total - deletable)


@transaction.atomic
def comment_empty(*, status: str, actor=None) -> EmptyCount:
    """Delete every spam (or trashed) comment now, except those above a live reply."""
    _check_emptiable(status)
    total = Comment.objects.filter(status=status).count()
    deleted = _delete_comments(_expired().filter(status=status))
    logger.info("%s emptied %s: %d deleted, %d kept.", actor, status, deleted, total - deleted)
    return EmptyCount(deleted=deleted, kept=total - deleted)


def _check_emptiable(status: str) -> None:
    if status not in EMPTIABLE:
        raise ValueError(f"Only spam and trash can be emptied, not {status!r}.")
