"""Where any process records what staff should know about the spam check (see health.py).

Kept in Django's cache so that any process can record it and the admin can show it. With the
default local-memory cache each process sees only its own checks; set CACHE_URL to a shared
cache (Redis, memcached, database) for the admin to see the queue worker's too.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

CACHE_KEY = "comments.spam.service-status"
# Long enough to outlive a quiet night; every check refreshes it.
CACHE_SECONDS = 7 * 24 * 3600


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


def current() -> dict:
    """Everything recorded so far (empty when nothing was)."""
    return cache.get(CACHE_KEY) or {}
