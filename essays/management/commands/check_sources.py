"""Check every cited URL and record which links are broken."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from essays.linkcheck import LinkResult
from essays.models import Source
from essays.services import LinkCheckUnavailable, link_checker, source_check_links


class Command(BaseCommand):
    help = (
        "Check the URL of every source (HEAD, then GET where HEAD is refused), record each "
        "status as it comes, and mark links broken; notes of broken links point readers at the "
        "archived copy. Addresses that are not public (internal, loopback) are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds allowed for each URL, in all."
        )
        parser.add_argument(
            "--workers", type=int, default=4, help="URLs checked at once (be polite: keep it low)."
        )

    def handle(self, *args, timeout: float, workers: int, **options):
        if timeout <= 0 or not 1 <= workers <= 16:
            raise CommandError("Use a timeout above 0 and between 1 and 16 workers.")
        self.recorded = 0
        try:
            summary = source_check_links(
                checker=link_checker(timeout=timeout, workers=workers), on_recorded=self._report
            )
        except LinkCheckUnavailable as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError(
                f"Interrupted; the {self.recorded} sources checked so far are recorded."
            ) from None
        if not summary.checked:
            self.stdout.write("No source has a URL; nothing to check.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {summary.checked} URLs: {summary.ok} working, {len(summary.broken)} "
                f"broken, {len(summary.unknown)} not known; "
                f"{summary.essays_rendered} essays re-rendered."
            )
        )

    def _report(self, source: Source, result: LinkResult) -> None:
        """Tell of a broken or unknown link as soon as it is recorded."""
        self.recorded += 1
        if result.broken is None:
            self.stdout.write(f"  not known (HTTP {result.status}): {source.url}")
        elif source.link_broken:
            fallback = "archived copy shown" if source.archived_url else "no archived copy"
            problem = source.link_error or f"HTTP {source.link_status}"
            self.stdout.write(f"  broken ({problem}; {fallback}): {source.url}")
