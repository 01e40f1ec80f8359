"""Where any process records what staff should know about the spam check (see health.py).

One database row (SpamServiceState): the queue worker records what it learns and the admin,
in another process, reads it, whatever the cache. A success is written at most once a
minute unless an alert changes, so a busy worker does not write on every check.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from comments.models import SpamServiceState

ROW = 1
SUCCESS_WRITE_SECONDS = 60


def _now() -> str:
    return timezone.now().isoformat()


def _update(**changes) -> None:
    with transaction.atomic():
        row, _ = SpamServiceState.objects.select_for_update().get_or_create(pk=ROW)
        row.state = row.state | changes
        row.save()


def record_key(*, valid: bool, message: str = "") -> None:
    _update(key="valid" if valid else "invalid", key_checked_at=_now(), key_message=message)


def record_success(*, alert_code: str | None = None, alert_message: str | None = None) -> None:
    """A check went through; an account alert lasts as long as the service keeps sending it."""
    alert = None
    if alert_code:
        alert = {"code": alert_code, "message": alert_message or "", "at": _now()}
    state = current()
    last = state.get("last_success_at")
    recent = last and timezone.now() - datetime.datetime.fromisoformat(last) < datetime.timedelta(
        seconds=SUCCESS_WRITE_SECONDS
    )
    same_alert = (state.get("alert") or {}).get("code") == (alert or {}).get("code")
    if recent and same_alert:
        return
    _update(last_success_at=_now(), alert=alert)


def record_failure(message: str) -> None:
    _update(last_error={"message": message[:500], "at": _now()})


def reset() -> None:
    SpamServiceState.objects.filter(pk=ROW).delete()


def current() -> dict:
    """Everything recorded so far (empty when nothing was)."""
    return SpamServiceState.objects.filter(pk=ROW).values_list("state", flat=True).first() or {}
