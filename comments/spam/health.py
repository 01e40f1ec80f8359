"""The spam check's health for a staff banner: a bad key, account alerts, a backlog."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone

from comments.models import Comment, SpamFeedback, SpamServiceState
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
    """Just the level and the message of spam_service_status(), in one query (a banner)."""
    report = _report()
    return report["level"], report["message"]


def _report() -> dict:
    akismet = settings.SPAM_CHECKER == "akismet"
    state, unchecked, oldest = _state_and_backlog()
    report = {
        "checker": settings.SPAM_CHECKER,
        "key": state.get("key", "unknown") if akismet else None,
        "alert": state.get("alert") if akismet else None,
        "last_error": state.get("last_error"),
        "last_success_at": state.get("last_success_at"),
        "unchecked": unchecked,
        "oldest_unchecked_at": oldest,
    }
    report["level"], report["message"] = _headline(report, state)
    return report


def _state_and_backlog() -> tuple[dict, int, datetime.datetime | None]:
    """status.current(), and how many pending comments wait for a check and since when, in one
    statement: as two queries, each compiled anew, they were a millisecond of each admin page."""
    sql, params = _state_and_backlog_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        state, count, oldest = cursor.fetchone()
    return (
        _as_the_orm_reads(SpamServiceState, "state", state) or {},
        count or 0,  # no group, no row: NULL
        _as_the_orm_reads(Comment, "submitted_at", oldest),
    )


@functools.cache
def _state_and_backlog_sql(vendor: str) -> tuple[str, tuple]:
    """Three scalar subqueries, each compiled by Django, once per process and vendor: their
    values are constants."""
    waiting = (
        Comment.objects.filter(
            check_state=Comment.CheckState.UNCHECKED, status=Comment.Status.PENDING
        )
        .order_by()
        .values("status")
    )
    parts = [
        SpamServiceState.objects.filter(pk=status.ROW).order_by().values("state"),
        waiting.annotate(count=Count("pk")).values("count"),
        waiting.annotate(oldest=Min("submitted_at")).values("oldest"),
    ]
    compiled = [part.query.sql_with_params() for part in parts]
    # Django compiled each part; its values stay parameters.
    sql = "SELECT " + ", ".join(f"({part_sql})" for part_sql, _ in compiled)
    return sql, tuple(param for _, part_params in compiled for param in part_params)


def _as_the_orm_reads(model, field_name: str, value):
    """A raw column value converted as a queryset would (SQLite gives JSON and dates as text)."""
    if value is None:
        return None
    column = model._meta.get_field(field_name).get_col(model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    for convert in converters:
        value = convert(value, column, connection)
    return value


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
