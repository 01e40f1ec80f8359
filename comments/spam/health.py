"""The spam check's health for a staff banner: a bad key, account alerts, a backlog."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Min
from django.utils import timezone

from comments.models import Comment, SpamFeedback
from comments.spam import status
from comments.spam.checkers import AkismetChecker, ensure_key_verified, get_checker
from comments.spam.client import SpamServiceError

# Comments waiting longer than this for a check are worth a warning.
BACKLOG_WARNING = datetime.timedelta(minutes=15)


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
    if verify and akismet and status.current().get("key") is None:
        _verify_key()
    report = _report()
    report["feedback_waiting"] = SpamFeedback.objects.filter(sent_at__isnull=True).count()
    return report


def spam_service_headline() -> tuple[str, str]:
    """Just the level and the message of spam_service_status(), in two queries (a banner)."""
    report = _report()
    return report["level"], report["message"]


def _report() -> dict:
    akismet = settings.SPAM_CHECKER == "akismet"
    state = status.current()
    waiting = Comment.objects.filter(
        check_state=Comment.CheckState.UNCHECKED, status=Comment.Status.PENDING
    ).aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    report = {
        "checker": settings.SPAM_CHECKER,
        "key": state.get("key", "unknown") if akismet else None,
        "alert": state.get("alert") if akismet else None,
        "last_error": state.get("last_error"),
        "last_success_at": state.get("last_success_at"),
        "unchecked": waiting["count"],
        "oldest_unchecked_at": waiting["oldest"],
    }
    report["level"], report["message"] = _headline(report, state)
    return report


def _verify_key() -> None:
    try:
        checker = get_checker()
        if isinstance(checker, AkismetChecker):
            ensure_key_verified(checker.client, checker.key_id)
    except (SpamServiceError, ImproperlyConfigured) as error:
        status.record_failure(str(error))


def _headline(report: dict, state: dict) -> tuple[str, str]:
    if report["key"] == "invalid":
        return "error", (
            "Akismet rejects the API key: comments are held unchecked until AKISMET_API_KEY "
            f"is fixed. {state.get('key_message', '')}".strip()
        )
    if report["alert"]:
        alert = report["alert"]
        return "warning", f"Akismet account alert {alert['code']}: {alert['message']}"
    oldest = report["oldest_unchecked_at"]
    if oldest and timezone.now() - oldest > BACKLOG_WARNING:
        error = (report["last_error"] or {}).get("message", "")
        return "warning", (
            f"{report['unchecked']} comment(s) wait for a spam check, the oldest since "
            f"{oldest:%Y-%m-%d %H:%M} UTC; is process_spam_queue running? {error}"
        ).strip()
    return "ok", ""
