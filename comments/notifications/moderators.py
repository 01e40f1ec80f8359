"""Emails to moderators when comments are held: at once, then at most one every N minutes.

Nothing a commenter typed goes into a header. Subjects are built from counts and essay titles
only, and even those pass through `header_safe`: Python's email package and many mail clients
treat U+0085, U+2028 and friends as line breaks, not just CR and LF.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.sanitizing import comment_plain_text

logger = logging.getLogger(__name__)

# The lock makes "at most one mail per window" hold across processes sharing the cache
# (CACHE_URL); with a per-process cache each process keeps its own window.
LOCK_KEY = "comments:moderators-mail:lock"
LAST_SENT_KEY = "comments:moderators-mail:last-sent"
DIGEST_MAX_LISTED = 50
# What a mail never shows of an essay: not loaded with each listed comment.
ESSAY_TEXTS = ("essay__body", "essay__body_html", "essay__notes_html")

# Every character str.splitlines() breaks on, and the other C0/C1 controls.
_UNSAFE_IN_HEADER_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_safe(text: str, *, limit: int = 120) -> str:
    """One line of text fit for a mail header: breaks and controls become single spaces."""
    line = " ".join(_UNSAFE_IN_HEADER_RE.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def moderator_emails() -> list[str]:
    """Active users who may moderate and have an email address; else the settings fallback.

    One query: every held post asks, and with nobody to mail it asks every time (issue #17).
    """
    user_model = get_user_model()
    may_moderate = Permission.objects.filter(
        content_type__app_label="comments", codename="can_moderate"
    ).values("pk")
    in_a_group = user_model.groups.through.objects.filter(
        group__permissions__in=may_moderate
    ).values("user_id")
    directly = user_model.user_permissions.through.objects.filter(
        permission__in=may_moderate
    ).values("user_id")
    emails = (
        user_model.objects.filter(
            Q(is_superuser=True) | Q(pk__in=in_a_group) | Q(pk__in=directly), is_active=True
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(emails) or list(settings.COMMENTS_MODERATOR_EMAILS)


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.COMMENTS_NOTIFY_DIGEST_MINUTES)


@dataclass(frozen=True)
class Held:
    """The comments a moderator mail lists (the first DIGEST_MAX_LISTED) and how many in all."""

    listed: list[Comment]
    count: int


def held_since_last_mail() -> Held:
    """Comments awaiting moderation that no moderator mail has mentioned yet.

    Only the listed ones are loaded: after a spam wave, or in a process that has not mailed
    yet, there may be thousands, and loading them all (each with its essay) took half a
    second of the post that happened to send the mail (issue #17).
    """
    # With no record of the last mail (cleared or per-process cache), a window's worth.
    since = cache.get(LAST_SENT_KEY) or timezone.now() - _window()
    held = Comment.objects.in_moderation().filter(updated_at__gt=since)
    listed = list(
        held.select_related("essay", "parent")
        .defer(*ESSAY_TEXTS)
        .order_by("submitted_at", "pk")[:DIGEST_MAX_LISTED]
    )
    return Held(listed, held.count() if len(listed) == DIGEST_MAX_LISTED else len(listed))


def moderators_notify_held(comment: Comment | None = None) -> int:
    """Call when a comment ends up pending: mail moderators now, unless a mail went out less
    than COMMENTS_NOTIFY_DIGEST_MINUTES ago; `send_moderation_digest` sends the rest later.

    Returns the number of messages sent. Never raises: posting must not fail on mail.
    """
    if comment is not None and comment.status != Comment.Status.PENDING:
        return 0
    return send_if_due()


def send_if_due() -> int:
    """Mail the comments held since the last mail, if the window allows; count messages."""
    if not cache.add(LOCK_KEY, timezone.now(), timeout=_window().total_seconds()):
        return 0
    started = timezone.now()
    try:
        # Recipients first: with nobody to mail, the lock is given back at once and every
        # held comment comes here, so loading the held ones too made each post O(held).
        recipients = moderator_emails()
        held = held_since_last_mail() if recipients else Held([], 0)
        if not held.count:
            cache.delete(LOCK_KEY)  # nothing said, so the next held comment may mail at once
            return 0
        sent = _send(held, recipients)
    except Exception:
        logger.exception("Mail to moderators failed; the digest will try again.")
        cache.delete(LOCK_KEY)
        return 0
    cache.set(LAST_SENT_KEY, started, timeout=None)
    return sent


def build_messages(
    comments: list[Comment], recipients: list[str], *, count: int | None = None
) -> list[EmailMessage]:
    """One plain-text message per moderator, so no one sees the others' addresses: the
    first DIGEST_MAX_LISTED of `comments`, of `count` held in all (by default, all listed)."""
    site = settings.SITE_URL
    items = [
        {
            "comment": comment,
            "author_name": header_safe(comment.author_name, limit=80),
            "author_email": header_safe(comment.author_email, limit=254),
            "author_url": header_safe(comment.author_url, limit=200),
            "essay_title": header_safe(comment.essay.title),
            "text": comment_plain_text(comment.body_html)[:1000],
            "admin_url": site + reverse("admin:comments_comment_change", args=[comment.pk]),
            # A reply is judged in its thread: the permalink opens the page that shows it.
            "thread_url": comment.parent_id
            and site + reverse("comments:permalink", args=[comment.parent_id]),
        }
        for comment in comments[:DIGEST_MAX_LISTED]
    ]
    count = len(comments) if count is None else count
    if count == 1:
        subject = f"A comment awaits moderation on “{items[0]['essay_title']}”"
    else:
        subject = f"{count} comments await moderation"
    context = {
        "items": items,
        "count": count,
        "unlisted": count - len(items),
        "queue_url": site + reverse("admin:comments_comment_changelist") + "?tab=pending",
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string("admin/comments/moderation_email.txt", context)
    subject = header_safe(f"[{settings.SITE_NAME}] {subject}", limit=150)
    return [EmailMessage(subject=subject, body=body, to=[email]) for email in recipients]


def _send(held: Held, recipients: list[str]) -> int:
    messages = build_messages(held.listed, recipients, count=held.count)
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
