"""An Akismet-compatible HTTP client (https://akismet.com/developers/).

Plain Python on a ``requests.Session``: configuration is passed in, so nothing here imports Django.
Every call runs against a deadline, failures raise subclasses of ``SpamServiceError``, and the API
key travels only in the request body: never in URLs, exception messages, reprs or log records.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

# Importers take the errors, ROLE_ADMINISTRATOR and build_payload from here, as before the split.
from comments.spam.errors import (
    InvalidKeyError,
    RateLimited,
    SpamServiceAPIError,
    SpamServiceError,
    SpamServiceTimeout,
    SpamServiceUnavailable,
    caused_by,
    parse_retry_after,
    truncate,
)
from comments.spam.payload import ROLE_ADMINISTRATOR, build_payload, clean_payload  # noqa: F401

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://rest.akismet.com/1.1/"
DEFAULT_USER_AGENT = "Marginalia/0.1.0 | akismet-client/1.0"
SUBMIT_THANKS = "Thanks for making the web a better place."
MAX_BODY_BYTES = 64 * 1024

_READ_CHUNK = 8192
# Starting a retry with less time than this left would only turn a clear error into a timeout.
_MIN_ATTEMPT_SECONDS = 0.05
_REDACTED = "[redacted]"

_E = TypeVar("_E", bound=BaseException)


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """Akismet's verdict on one comment, with the payload sent so it can be repeated verbatim."""

    is_spam: bool
    discard: bool = False
    recheck_after: int | None = None
    alert_code: str | None = None
    alert_msg: str | None = None
    debug_help: str | None = None
    raw_body: str = ""
    # Holds the commenter's IP and e-mail address, so it stays out of reprs and logs.
    payload: dict[str, str] = field(default_factory=dict, repr=False)
    elapsed_ms: int = 0
    attempts: int = 1


@dataclass(kw_only=True)
class _Answer:
    endpoint: str
    status: int
    headers: Mapping[str, str]
    body: str
    attempts: int = 1
    elapsed_ms: int = 0

    def header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return value.strip() if value else None


class AkismetClient:
    """Checks comments with Akismet (or a compatible server) within a bounded time."""

    def __init__(
        self,
        *,
        api_key: str,
        blog: str,
        api_url: str = DEFAULT_API_URL,
        is_test: bool = False,
        blog_lang: str = "en",
        user_agent: str = DEFAULT_USER_AGENT,
        connect_timeout: float = 0.5,
        read_timeout: float = 1.5,
        total_timeout: float | None = None,
        retries: int = 2,
        backoff: float = 0.1,
        max_retry_after: float = 2.0,
        max_body_bytes: int = MAX_BODY_BYTES,
        session: requests.Session | None = None,
    ) -> None:
        missing = [name for name, value in [("api_key", api_key), ("blog", blog)] if not value]
        if not api_url:
            missing.append("api_url")
        if missing:
            raise ValueError(f"AkismetClient is missing {', '.join(missing)}.")
        if api_key in api_url:
            raise ValueError("Pass the Akismet key as api_key, not inside api_url.")
        self._api_key = api_key
        self.blog = blog
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.is_test = is_test
        self.blog_lang = blog_lang
        self.user_agent = user_agent
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = (
            connect_timeout + read_timeout if total_timeout is None else total_timeout
        )
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.max_body_bytes = max_body_bytes
        self._owns_session = session is None
        self.session = session if session is not None else requests.Session()

    def __repr__(self) -> str:
        return f"<AkismetClient blog={self.blog!r} api_url={self.api_url!r} is_test={self.is_test}>"

    def __enter__(self) -> AkismetClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the session, if this client created it."""
        if self._owns_session:
            self.session.close()

    def verify_key(self) -> bool:
        """Whether Akismet accepts the key for this blog."""
        answer = self._call(endpoint="verify-key", data={"key": self._api_key, "blog": self.blog})
        if answer.body == "valid":
            return True
        if answer.body == "invalid":
            logger.warning("Akismet says the API key is not valid for %s.", self.blog)
            return False
        raise self._unexpected(answer)

    def comment_check(self, payload: Mapping[str, object]) -> CheckResult:
        """Ask Akismet whether a comment is spam; ``payload`` usually comes from build_payload()."""
        form, sent = self._form(payload)
        answer = self._call(endpoint="comment-check", data=form)
        if answer.body not in {"true", "false"}:
            if answer.body == "invalid":
                raise self._invalid_key(answer)
            raise self._unexpected(answer)
        recheck = answer.header("X-akismet-recheck-after")
        return CheckResult(
            is_spam=answer.body == "true",
            discard=(answer.header("X-akismet-pro-tip") or "").lower() == "discard",
            recheck_after=int(recheck) if recheck and recheck.isdigit() else None,
            alert_code=answer.header("X-akismet-alert-code"),
            alert_msg=answer.header("X-akismet-alert-msg"),
            debug_help=answer.header("X-akismet-debug-help"),
            raw_body=answer.body,
            payload=sent,
            elapsed_ms=answer.elapsed_ms,
            attempts=answer.attempts,
        )

    def submit_spam(self, payload: Mapping[str, object]) -> None:
        """Report a missed spam; pass the ``CheckResult.payload`` stored at check time."""
        self._submit(endpoint="submit-spam", payload=payload)

    def submit_ham(self, payload: Mapping[str, object]) -> None:
        """Report a false positive; pass the ``CheckResult.payload`` stored at check time."""
        self._submit(endpoint="submit-ham", payload=payload)

    def usage_limit(self) -> dict[str, object]:
        """This month's usage as Akismet reports it (limit, usage, percentage, throttled)."""
        answer = self._call(endpoint="usage-limit", data={"api_key": self._api_key})
        if answer.body == "invalid":
            raise self._invalid_key(answer)
        try:
            usage = json.loads(answer.body)
        except ValueError:
            usage = None
        if not isinstance(usage, dict):
            raise self._unexpected(answer)
        return usage

    def _submit(self, *, endpoint: str, payload: Mapping[str, object]) -> None:
        form, _ = self._form(payload)
        answer = self._call(endpoint=endpoint, data=form)
        if answer.body == "invalid":
            raise self._invalid_key(answer)
        if answer.body != SUBMIT_THANKS:
            raise self._unexpected(answer)

    def _form(self, payload: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str]]:
        """The form to send, and the same without the key: what callers store and repeat."""
        sent = {"blog": self.blog, "blog_charset": "UTF-8", "blog_lang": self.blog_lang}
        if self.is_test:
            sent["is_test"] = "1"
        sent = clean_payload({**sent, **payload})
        return {"api_key": self._api_key, **sent}, sent

    def _url(self, endpoint: str) -> str:
        # Akismet serves usage-limit only under API version 1.2.
        if endpoint == "usage-limit" and self.api_url.endswith("/1.1/"):
            return self.api_url[: -len("1.1/")] + "1.2/" + endpoint
        return self.api_url + endpoint

    def _call(self, *, endpoint: str, data: Mapping[str, str]) -> _Answer:
        """POST with retries on connection errors, 5xx and short 429s, all within one deadline."""
        url = self._url(endpoint)
        started = time.monotonic()
        deadline = started + self.total_timeout
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(endpoint=endpoint, url=url, data=data, deadline=deadline)
            delay = self.backoff * 2 ** (attempt - 1)
            if isinstance(outcome, SpamServiceError):
                failure = outcome
            elif outcome.status == 429:
                failure = self._rate_limited(outcome)
                if failure.retry_after is not None:
                    if failure.retry_after > self.max_retry_after:
                        logger.warning("Akismet %s: %s", endpoint, failure)
                        raise failure
                    delay = failure.retry_after
            elif outcome.status >= 500:
                failure = self._error(
                    SpamServiceUnavailable,
                    outcome,
                    f"Akismet answered HTTP {outcome.status} to {endpoint} (attempt {attempt}).",
                )
            else:
                outcome.attempts = attempt
                outcome.elapsed_ms = round((time.monotonic() - started) * 1000)
                return self._accept(outcome)
            if attempt > self.retries or time.monotonic() + delay + _MIN_ATTEMPT_SECONDS > deadline:
                logger.warning("Akismet %s gave up after %d tries: %s", endpoint, attempt, failure)
                raise failure
            logger.info("Retrying Akismet %s in %.2fs: %s", endpoint, delay, failure)
            time.sleep(delay)

    def _attempt(
        self, *, endpoint: str, url: str, data: Mapping[str, str], deadline: float
    ) -> _Answer | SpamServiceError:
        """One request; returns the failures worth retrying and raises the others."""
        remaining = deadline - time.monotonic()
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        try:
            response = self.session.post(
                url,
                data=data,
                # No compression: answers are tiny, and the size cap must hold on the wire.
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity"},
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            )
        except requests.ConnectTimeout as exc:
            error = SpamServiceTimeout(f"Could not connect to Akismet for {endpoint}.")
            return caused_by(error, exc)
        except requests.Timeout as exc:
            # Akismet may have seen the request and the reader is waiting: do not send it again.
            error = SpamServiceTimeout(
                f"Akismet did not answer {endpoint} within {timeout[1]:.2f}s."
            )
            raise error from exc
        except requests.ConnectionError as exc:
            return caused_by(
                SpamServiceUnavailable(
                    f"Could not reach Akismet for {endpoint} ({type(exc).__name__})."
                ),
                exc,
            )
        except requests.RequestException as exc:
            error = SpamServiceUnavailable(f"Request to Akismet failed ({type(exc).__name__}).")
            raise error from exc
        with response:
            body = self._read_body(endpoint=endpoint, response=response, deadline=deadline)
        if isinstance(body, SpamServiceError):
            return body
        return _Answer(
            endpoint=endpoint,
            status=response.status_code,
            headers=CaseInsensitiveDict(
                {name: self._redact(value) for name, value in response.headers.items()}
            ),
            body=self._redact(body.strip()),
        )

    def _read_body(
        self, *, endpoint: str, response: requests.Response, deadline: float
    ) -> str | SpamServiceError:
        """Read up to max_body_bytes before the deadline: a huge or dripping body cannot stall."""
        # read1 (urllib3 2.x) returns whatever has arrived instead of waiting for a full chunk.
        read = getattr(response.raw, "read1", response.raw.read)
        chunks: list[bytes] = []
        size = 0
        try:
            while size < self.max_body_bytes:
                if time.monotonic() > deadline:
                    raise SpamServiceTimeout(f"Akismet's answer to {endpoint} arrived too slowly.")
                chunk = read(min(_READ_CHUNK, self.max_body_bytes - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError) as exc:
            error = SpamServiceTimeout(f"Akismet stopped sending its answer to {endpoint}.")
            raise error from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            message = f"Akismet's answer to {endpoint} was cut off ({type(exc).__name__})."
            return caused_by(SpamServiceUnavailable(message), exc)
        return b"".join(chunks)[: self.max_body_bytes].decode("utf-8", errors="replace")

    def _accept(self, answer: _Answer) -> _Answer:
        """Raise for error headers and unexpected statuses; log alerts; return the rest."""
        alert_code = answer.header("X-akismet-alert-code")
        if alert_code:
            logger.warning(
                "Akismet alert %s: %s", alert_code, answer.header("X-akismet-alert-msg") or ""
            )
        error_header = answer.header("X-akismet-error")
        if error_header:
            raise self._error(
                SpamServiceAPIError,
                answer,
                f"Akismet reported an error for {answer.endpoint}: {truncate(error_header)}",
            )
        if not 200 <= answer.status < 300:
            raise self._error(
                SpamServiceUnavailable,
                answer,
                f"Akismet answered HTTP {answer.status} to {answer.endpoint}.",
            )
        return answer

    def _rate_limited(self, answer: _Answer) -> RateLimited:
        retry_after = parse_retry_after(answer.header("Retry-After"))
        wait = "" if retry_after is None else f"; retry after {retry_after:g}s"
        return RateLimited(
            f"Akismet rate-limited {answer.endpoint} (HTTP 429{wait}).",
            retry_after=retry_after,
            status_code=answer.status,
            body=answer.body,
            debug_help=answer.header("X-akismet-debug-help"),
        )

    def _invalid_key(self, answer: _Answer) -> InvalidKeyError:
        return self._error(
            InvalidKeyError,
            answer,
            f"Akismet rejected the API key for {self.blog} ({answer.endpoint}); "
            "check the key and that it belongs to this blog.",
        )

    def _unexpected(self, answer: _Answer) -> SpamServiceAPIError:
        shown = repr(truncate(answer.body)) if answer.body else "an empty body"
        return self._error(
            SpamServiceAPIError,
            answer,
            f"Unexpected answer from Akismet to {answer.endpoint}: {shown}.",
        )

    def _error(self, kind: type[_E], answer: _Answer, message: str) -> _E:
        return kind(
            self._redact(message),
            status_code=answer.status,
            body=answer.body,
            debug_help=answer.header("X-akismet-debug-help"),
        )

    def _redact(self, text: str) -> str:
        """Hide the key should a server ever echo it back in a body or header."""
        return text.replace(self._api_key, _REDACTED)
