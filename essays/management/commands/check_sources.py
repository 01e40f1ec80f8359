"""Check every cited URL and record which links are broken."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from essays.services import LinkCheckUnavailable, link_checker, source_check_links


class Command(BaseCommand):
    help = (
        "Check the URL of every source (HEAD, then GET where HEAD is refused), record the "
        "status, and mark links broken; notes of broken links point readers at the archived copy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds to wait for each answer."
        )
        parser.add_argument(
            "--workers", type=int, default=4, help="URLs checked at once (be polite: keep it low)."
        )

    def handle(self, *args, timeout: float, workers: int, **options):
        if timeout <= 0 or not 1 <= workers <= 16:
            raise CommandError("Use a timeout above 0 and between 1 and 16 workers.")
        try:
            summary = source_check_links(checker=link_checker(timeout=timeout, workers=workers))
        except LinkCheckUnavailable as error:
            raise CommandError(str(error)) from error
        if not summary.checked:
            self.stdout.write("No source has a URL; nothing to check.")
            return
        for source in summary.broken:
            fallback = "archived copy shown" if source.archived_url else "no archived copy"
            problem = source.link_error or f"HTTP {source.link_status}"
            self.stdout.write(f"  broken ({problem}; {fallback}): {source.url}")
        for source in summary.unknown:
            self.stdout.write(f"  not known (HTTP {source.link_status}): {source.url}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {summary.checked} URLs: {summary.ok} working, {len(summary.broken)} "
                f"broken, {len(summary.unknown)} not known; "
                f"{summary.essays_rendered} essays re-rendered."
            )
        )
