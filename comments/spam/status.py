"""What staff should know about the spam check: a bad key, account alerts, a backlog.

Kept in Django's cache so that any process can record it and the admin can show it. With the
default local-memory cache each process sees only its own checks; set CACHE_URL to a shared
cache (Redis, memcached, database) for the admin to see the queue worker's too.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from comments.models import Comment, SpamFeedback

CACHE_KEY = "comments.spam.service-status"
# Long enough to outlive a quiet night; every check refreshes it.
CACHE_SECONDS = 7 * 24 * 3600
# Comments waiting longer than this for a check are worth a warning.
BACKLOG_WARNING = datetime.timedelta(minutes=15)


def _now() -> str:
    return timezone.now().isoformat()


def _update(**changes) -> None:
    state = cache.get(CACHE_KEY) or {}
    cache.set(CACHE_KEY, state | changes, CACHE_SECONDS)


def record_key(*, valid: bool, message: str = "") -> None:
    _update(key="valid" if valid else "invalid", key_checked_at=_now(), key_message=message)


def record_success(*, alert_code: str | None = None, alert_message: str | None = None) -> None:
    """A check went through; an account alert lasts as long as the service keeps sending it."""
    alert = None
    if alert_code:
        alert = {"code": alert_code, "message": alert_message or "", "at": _now()}
    _update(last_success_at=_now(), alert=alert)


def record_failure(message: str) -> None:
    _update(last_error={"message": message, "at": _now()})


def reset() -> None:
    cache.delete(CACHE_KEY)


def spam_service_status(*, verify: bool = False) -> dict:
    """The spam check's health for a staff banner.

    With ``verify=True`` a process that has not yet asked whether the Akismet key is valid
    asks now (once per process; one HTTP call of at most about 2 s).

    Keys: ``checker`` ("akismet" or "embedded"), ``level`` ("ok", "warning" or "error"),
    ``message`` (one sentence for staff, empty when ok), ``key`` ("valid", "invalid",
    "unknown", or None for the embedded checker), ``alert`` ({code, message, at} or None),
    ``last_error`` ({message, at} or None), ``last_success_at`` (ISO string or None),
    ``unchecked`` (pending comments waiting for a check), ``oldest_unchecked_at`` (datetime
    or None) and ``feedback_waiting`` (spam/not-spam reports not yet delivered).
    """
    akismet = settings.SPAM_CHECKER == "akismet"
    if verify and akismet and (cache.get(CACHE_KEY) or {}).get("key") is None:
        _verify_key()
    state = cache.get(CACHE_KEY) or {}
    waiting = Comment.objects.filter(
        check_state=Comment.CheckState.UNCHECKED, status=Comment.Status.PENDING
    )
    oldest = waiting.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    status = {
        "checker": settings.SPAM_CHECKER,
        "key": state.get("key", "unknown") if akismet else None,
        "alert": state.get("alert") if akismet else None,
        "last_error": state.get("last_error"),
        "last_success_at": state.get("last_success_at"),
        "unchecked": waiting.count(),
        "oldest_unchecked_at": oldest,
        "feedback_waiting": SpamFeedback.objects.filter(sent_at__isnull=True).count(),
    }
    status["level"], status["message"] = _headline(status, state)
    return status


def _verify_key() -> None:
    from comments.spam.checkers import AkismetChecker, ensure_key_verified, get_checker
    from comments.spam.client import SpamServiceError

    try:
        checker = get_checker()
        if isinstance(checker, AkismetChecker):
            ensure_key_verified(checker.client, checker.key_id)
    except (SpamServiceError, ImproperlyConfigured) as error:
        record_failure(str(error))


def _headline(status: dict, state: dict) -> tuple[str, str]:
    if status["key"] == "invalid":
        return "error", (
            "Akismet rejects the API key: comments are held unchecked until AKISMET_API_KEY "
            f"is fixed. {state.get('key_message', '')}".strip()
        )
    if status["alert"]:
        alert = status["alert"]
        return "warning", f"Akismet account alert {alert['code']}: {alert['message']}"
    oldest = status["oldest_unchecked_at"]
    if oldest and timezone.now() - oldest > BACKLOG_WARNING:
        error = (status["last_error"] or {}).get("message", "")
        return "warning", (
            f"{status['unchecked']} comment(s) wait for a spam check, the oldest since "
            f"{oldest:%Y-%m-%d %H:%M} UTC; is process_spam_queue running? {error}"
        ).strip()
    return "ok", ""
