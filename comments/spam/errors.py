"""The spam service's typed errors, none of which carries the API key, and what the client needs
to fill them in: a truncated body, the wait a Retry-After header asks for, the transport cause.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from typing import TypeVar

_ERROR_BODY_CHARS = 200

_E = TypeVar("_E", bound=BaseException)


def truncate(text: str) -> str:
    """Shorten a body or header quoted in an error, so a huge answer cannot flood the logs."""
    return text if len(text) <= _ERROR_BODY_CHARS else text[:_ERROR_BODY_CHARS] + "…"


class SpamServiceError(Exception):
    """A failure of the spam service; the message never contains the API key."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        body: str = "",
        debug_help: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = truncate(body)
        self.debug_help = debug_help


class InvalidKeyError(SpamServiceError):
    """Akismet rejects the API key, or the key does not belong to this blog."""


class SpamServiceAPIError(SpamServiceError):
    """Akismet answered with an error header or with an answer this client does not understand."""


class SpamServiceUnavailable(SpamServiceError):
    """Akismet could not be reached or kept failing; the comment has to wait for a human."""


class SpamServiceTimeout(SpamServiceUnavailable):
    """Akismet did not answer within the time budget."""


class RateLimited(SpamServiceUnavailable):
    """Akismet answered HTTP 429 and asked us to wait longer than we are willing to."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status_code: int | None = None,
        body: str = "",
        debug_help: str | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, body=body, debug_help=debug_help)
        self.retry_after = retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def caused_by(error: _E, cause: BaseException) -> _E:
    """Attach the transport error as __cause__ for tracebacks; the key is never in its text."""
    error.__cause__ = cause
    return error
