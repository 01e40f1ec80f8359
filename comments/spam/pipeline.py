"""Screening: check a saved comment, then apply the moderation rules.

The HTTP call to the spam service happens outside any transaction, so a slow service never
holds a database write lock while readers post.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from comments.spam.checkers import get_checker

logger = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 3600


def next_check_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff between re-checks of a comment the service could not judge."""
    return datetime.timedelta(
        seconds=min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    )


def comment_screen(*, comment: Comment, recheck_reason: str = "") -> Comment:
    """Check `comment` for spam and give it the status the moderation rules decide."""
    from comments.services import comment_apply_decision

    checker = get_checker()
    try:
        verdict = checker.check(comment, recheck_reason=recheck_reason)
    except Exception as error:  # any failure holds the comment; it is never approved unchecked
        logger.warning("Spam check of comment %s failed: %s", comment.pk, error)
        attempts = comment.check_attempts + 1
        Comment.objects.filter(pk=comment.pk).update(
            check_state=Comment.CheckState.UNCHECKED,
            check_attempts=attempts,
            check_next_at=timezone.now() + next_check_delay(attempts),
            check_error=str(error)[:300],
        )
        comment.refresh_from_db()
        return comment
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.check_state = Comment.CheckState.CHECKED
        comment.check_attempts += 1
        comment.check_error = ""
        comment.verdict = verdict.kind
        comment.verdict_reasons = list(verdict.reasons)
        comment.verdict_checker = verdict.checker
        comment.verdict_raw = verdict.raw[:2000]
        comment.checked_at = timezone.now()
        if verdict.payload:
            comment.spam_payload = verdict.payload
        comment.save()
        return comment_apply_decision(
            comment=comment, reason_override="recheck" if recheck_reason else None
        )
