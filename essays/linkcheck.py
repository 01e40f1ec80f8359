"""Checking that cited URLs still answer: HEAD, then GET where HEAD is refused.

Every request goes through `essays.outbound`, so only public addresses are reached and each URL
has one deadline. Imports no Django models; `essays.services.source_check_links` records results.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from essays import outbound

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
    refused: bool = False  # the address is not public: nothing was sent

    @property
    def answered(self) -> bool:
        """Whether the result tells about the link itself, rather than about our network."""
        return self.status is not None or self.refused


class LinkChecker:
    """Checks URLs a few at a time, each within one deadline (`timeout`), redirects and all."""

    def __init__(
        self,
        *,
        user_agent: str,
        timeout: float = 10.0,
        workers: int = 4,
        max_redirects: int = 10,
        allowed_networks: Iterable[str] = (),
    ):
        if workers < 1:
            raise ValueError("workers must be at least 1.")
        self.user_agent = user_agent
        self.timeout = timeout
        self.workers = workers
        self.max_redirects = max_redirects
        self.allowed_networks = tuple(allowed_networks)

    def check_all(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        unique = list(dict.fromkeys(urls))
        results = {result.url: result for result in self.check_each(unique)}
        return {url: results[url] for url in unique}

    def check_each(self, urls: Iterable[str]) -> Iterator[LinkResult]:
        """Yield each URL's result as soon as it is known, not in the order given."""
        pool = ThreadPoolExecutor(max_workers=self.workers)
        try:
            checks = [pool.submit(self.check, url) for url in dict.fromkeys(urls)]
            for done in as_completed(checks):
                yield done.result()
        finally:
            # When the caller stops early (interrupted), checks not yet begun are dropped; those
            # under way end by their deadline and are not waited for.
            pool.shutdown(wait=False, cancel_futures=True)

    def check(self, url: str) -> LinkResult:
        started = time.monotonic()
        try:
            status = self._status(url, "HEAD", started)
            if status in HEAD_REFUSED:
                status = self._status(url, "GET", started)
        except outbound.FetchTimeout:
            return self._failed(url, f"No answer within {self.timeout:g} s.", started)
        except outbound.FetchError as error:
            refused = isinstance(error, outbound.BlockedAddress)
            return self._failed(url, str(error), started, refused=refused)
        broken = None if status == RATE_LIMITED else status >= 400
        return LinkResult(url, status, "", broken, time.monotonic() - started)

    def _status(self, url: str, method: str, started: float) -> int:
        # max_bytes=0 with truncate: the status is all we want, so a GET reads no body.
        return outbound.fetch(
            url,
            method=method,
            max_bytes=0,
            truncate=True,
            deadline=self.timeout - (time.monotonic() - started),
            headers={"User-Agent": self.user_agent},
            max_redirects=self.max_redirects,
            allowed_networks=self.allowed_networks,
        ).status

    def _failed(self, url: str, error: str, started: float, refused: bool = False) -> LinkResult:
        return LinkResult(url, None, error[:200], True, time.monotonic() - started, refused)
