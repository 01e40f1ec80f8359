"""What the local Akismet server says: its modes, options and answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

THANKS = "Thanks for making the web a better place."
SPAM_AUTHOR = "viagra-test-123"
SPAM_CONTENT = "akismet-guaranteed-spam"
SPAM_EMAIL = "akismet-guaranteed-spam@example.com"

MODES = (
    "auto",
    "ham",
    "spam",
    "discard",
    "recheck",
    "alert",
    "invalid_key",
    "error_header",
    "403",
    "500",
    "503",
    "empty",
    "garbage",
    "html",
    "huge",
    "slow",
    "drip",
    "close",
    "rate_limited",
    "random",
)
"""``auto`` answers by the content rule; ``random`` fails ``failure_rate`` of requests with 500."""

DEFAULT_OPTIONS: dict[str, Any] = {
    "slow_seconds": 3.0,
    "drip_seconds": 4.0,
    "drip_bytes": 40,
    "retry_after": "1",
    "recheck_after": 3600,
    "huge_bytes": 10 * 1024 * 1024,
    "alert_code": "10003",
    "alert_msg": "Your Akismet subscription needs attention.",
    "failure_rate": 0.0,
    "seed": 0,
}

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>oops</body></html>"
)
WRITE_CHUNK = 64 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it; header names are lower-cased."""

    method: str
    path: str
    endpoint: str
    headers: dict[str, str]
    form: dict[str, str]
    mode: str


def protocol_answer(
    *,
    endpoint: str,
    form: dict[str, str],
    mode: str,
    options: dict[str, Any] | None = None,
    valid_key: str | None,
) -> tuple[HTTPStatus, str, dict[str, str]]:
    """What Akismet would say, with the verdict forced by ham/spam/discard/recheck modes."""
    options = {**DEFAULT_OPTIONS, **(options or {})}
    headers: dict[str, str] = {}
    if mode == "alert":
        headers["X-akismet-alert-code"] = str(options["alert_code"])
        headers["X-akismet-alert-msg"] = str(options["alert_msg"])
    key = form.get("key", "") if endpoint == "verify-key" else form.get("api_key", "")
    if valid_key is not None and key != valid_key:
        headers["X-akismet-debug-help"] = "We were unable to verify your API key."
        return HTTPStatus.OK, "invalid", headers
    if endpoint == "verify-key":
        return HTTPStatus.OK, "valid", headers
    if endpoint in {"submit-spam", "submit-ham"}:
        return HTTPStatus.OK, THANKS, headers
    if endpoint == "usage-limit":
        usage = {"limit": 350000, "usage": 7463, "percentage": "2.13", "throttled": False}
        return HTTPStatus.OK, json.dumps(usage), {**headers, "Content-Type": "application/json"}
    if endpoint != "comment-check":
        return HTTPStatus.NOT_FOUND, "Not Found", headers
    missing = [name for name in ("blog", "user_ip") if not form.get(name)]
    if missing:
        headers["X-akismet-error"] = f"Missing required field: {missing[0]}."
        return HTTPStatus.OK, headers["X-akismet-error"], headers
    if mode in {"spam", "discard"}:
        if mode == "discard":
            headers["X-akismet-pro-tip"] = "discard"
        return HTTPStatus.OK, "true", headers
    if mode == "recheck":
        headers["X-akismet-recheck-after"] = str(options["recheck_after"])
    if mode != "auto":
        return HTTPStatus.OK, "false", headers
    return HTTPStatus.OK, "true" if looks_like_spam(form) else "false", headers


def looks_like_spam(form: dict[str, str]) -> bool:
    """Akismet's documented test triggers; administrators are never spam."""
    if form.get("user_role") == "administrator":
        return False
    return (
        form.get("comment_author") == SPAM_AUTHOR
        or form.get("comment_author_email") == SPAM_EMAIL
        or SPAM_CONTENT in form.get("comment_content", "")
    )
