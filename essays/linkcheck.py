"""Checking that cited URLs still answer: HEAD, then GET where HEAD is refused.

Imports no Django models; `essays.services.source_check_links` records the results.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

# Servers that refuse or do not implement HEAD often answer GET normally.
HEAD_REFUSED = frozenset({403, 405, 501})
RATE_LIMITED = 429


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None  # the final HTTP status after redirects; None if none came
    error: str = ""
    # True or False; None when the answer says nothing about the link (rate limited).
    broken: bool | None = False
    seconds: float = 0.0

    @property
    def answered(self) -> bool:
        return self.status is not None


class LinkChecker:
    """Checks URLs a few at a time, with a timeout on every request and one session per thread."""

    def __init__(
        self, *, user_agent: str, timeout: float = 10.0, workers: int = 4, max_redirects: int = 10
    ):
        if workers < 1:
            raise ValueError("workers must be at least 1.")
        self.user_agent = user_agent
        self.timeout = (min(timeout, 5.0), timeout)  # (connect, read)
        self.workers = workers
        self.max_redirects = max_redirects
        self._local = threading.local()

    def check_all(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        unique = list(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return dict(zip(unique, pool.map(self.check, unique), strict=True))

    def check(self, url: str) -> LinkResult:
        started = time.monotonic()
        try:
            status = self._status(url, "HEAD")
            if status in HEAD_REFUSED:
                status = self._status(url, "GET")
        except requests.Timeout:
            return self._failed(url, f"No answer within {self.timeout[1]:g} s.", started)
        except requests.TooManyRedirects:
            return self._failed(url, f"More than {self.max_redirects} redirects.", started)
        except requests.ConnectionError as error:
            return self._failed(url, f"Could not connect: {_reason(error)}", started)
        except requests.RequestException as error:  # invalid URL, bad chunking, ...
            return self._failed(url, f"{type(error).__name__}: {_reason(error)}", started)
        broken = None if status == RATE_LIMITED else status >= 400
        return LinkResult(url, status, "", broken, time.monotonic() - started)

    def _status(self, url: str, method: str) -> int:
        # stream=True: a GET fallback reads the headers, never the body.
        with self._session().request(
            method, url, timeout=self.timeout, allow_redirects=True, stream=True
        ) as response:
            return response.status_code

    def _session(self) -> requests.Session:
        # requests does not promise that one Session is safe to share between threads.
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.headers["User-Agent"] = self.user_agent
            session.max_redirects = self.max_redirects
        return session

    def _failed(self, url: str, error: str, started: float) -> LinkResult:
        return LinkResult(url, None, error[:200], True, time.monotonic() - started)


def _reason(error: Exception) -> str:
    # urllib3 nests the useful part ("Connection refused") deep inside its message.
    text = str(error)
    for marker in ("Connection refused", "Name or service not known", "nodename nor servname"):
        if marker in text:
            return marker
    return text[:150]
