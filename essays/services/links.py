"""Link health: checking each source's URL and recording the result as it comes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from essays.linkcheck import LinkChecker, LinkResult
from essays.models import Source
from essays.services.rendering import essays_render_citing


class LinkCheckUnavailable(Exception):
    """No URL answered at all, so the check says more about our network than the links."""


@dataclass
class LinkCheckSummary:
    checked: int = 0
    ok: int = 0
    broken: list[Source] = field(default_factory=list)
    unknown: list[Source] = field(default_factory=list)  # rate limited: state kept
    essays_rendered: int = 0


def link_checker(*, timeout: float = 10.0, workers: int = 4) -> LinkChecker:
    """A checker that names us politely, so site owners can tell who is asking."""
    user_agent = f"Marginalia-linkcheck/1.0 (+{settings.SITE_URL})"
    return LinkChecker(
        user_agent=user_agent,
        timeout=timeout,
        workers=workers,
        # Non-public networks it may reach all the same: none in production (SSRF), the
        # tests' 127.0.0.1/32 in tests.
        allowed_networks=settings.OUTBOUND_ALLOWED_NETWORKS,
    )


def source_check_links(
    *,
    sources=None,
    checker: LinkChecker | None = None,
    on_recorded: Callable[[Source, LinkResult], None] | None = None,
) -> LinkCheckSummary:
    """Check the URL of each source (all by default), recording each result as soon as it is
    known, with the essays whose notes it changes; an interrupted run keeps what it recorded."""
    checker = checker or link_checker()
    queryset = Source.objects.exclude(url="") if sources is None else sources
    by_url: dict[str, list[Source]] = {}
    for source in queryset.only("pk", "url", "archived_url", "link_broken").order_by("pk"):
        by_url.setdefault(source.url, []).append(source)
    summary = LinkCheckSummary(checked=sum(map(len, by_url.values())))
    # Failures wait for a first answer: when nothing answers, the network is down, not the links.
    waiting: list[LinkResult] = []
    answered = False
    for result in checker.check_each(by_url):
        waiting.append(result)
        answered = answered or result.answered
        if answered:
            _record_all(waiting, by_url=by_url, summary=summary, on_recorded=on_recorded)
    if len(waiting) > 1:
        raise LinkCheckUnavailable(
            f"None of the {len(waiting)} URLs answered; the network may be down. Nothing was "
            "recorded; run the check again when this machine can reach the web."
        )
    _record_all(waiting, by_url=by_url, summary=summary, on_recorded=on_recorded)
    return summary


def _record_all(results: list[LinkResult], *, by_url, summary, on_recorded) -> None:
    """Record `results` for their sources, then empty the list."""
    for result in results:
        for source in by_url[result.url]:
            _source_record_link(source=source, result=result, summary=summary)
            if on_recorded:
                on_recorded(source, result)
    results.clear()


@transaction.atomic
def _source_record_link(*, source: Source, result: LinkResult, summary: LinkCheckSummary) -> None:
    """Store one check and, if the link broke or recovered, re-render the essays citing it."""
    broken = source.link_broken if result.broken is None else result.broken
    flipped = broken != source.link_broken
    now = timezone.now()
    Source.objects.filter(pk=source.pk).update(
        link_checked_at=now,
        link_status=result.status,
        link_error=result.error,
        link_broken=broken,
    )
    source.link_checked_at, source.link_status = now, result.status
    source.link_error, source.link_broken = result.error, broken
    if flipped:
        summary.essays_rendered += essays_render_citing(source_ids=[source.pk])
    if result.broken is None:
        summary.unknown.append(source)
    elif broken:
        summary.broken.append(source)
    else:
        summary.ok += 1
