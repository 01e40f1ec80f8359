"""Turn an essay's pasted [1] markers and notes list into footnotes and sources."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from essays.models import Essay
from essays.services import ConversionError, essay_convert_pasted_notes


class Command(BaseCommand):
    help = (
        "Convert the pasted notes of an essay: [1] or [iv] markers become [^1], the notes list "
        "at the end becomes footnotes citing new or existing sources. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The essay's slug, as in /essays/<slug>/.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )

    def handle(self, *args, slug: str, dry_run: bool = False, **options):
        essay = Essay.objects.filter(slug=slug).first()
        if essay is None:
            raise CommandError(f"No essay has the slug {slug!r}; check /admin/essays/essay/.")
        try:
            report = essay_convert_pasted_notes(essay=essay, dry_run=dry_run)
        except ConversionError as error:
            raise CommandError(f"{slug}: {error}") from error
        except ValidationError as error:
            raise CommandError(f"{slug}: {'; '.join(error.messages)}") from error
        prefix = "Dry run, nothing saved. " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{slug}: {report.summary()}"))
        for source in report.sources_created:
            self.stdout.write(f"  new source: {source}")
        for source in report.sources_reused:
            self.stdout.write(f"  reused source: {source}")
        # Unread notes are kept as commentary for an editor to fix: a warning, not a failure.
        for problem in report.problems():
            self.stderr.write(self.style.WARNING(f"{slug}: {problem}"))
