"""import_sources FILE [--dry-run]: sources from a BibTeX or CSL-JSON export (Zotero)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essays.sources import Unreadable
from essays.sources.files import read_sources_file
from essays.sources.importing import NEW, import_preview, skip_reason, sources_import


class Command(BaseCommand):
    help = (
        "Import sources from a BibTeX (.bib) or CSL-JSON (.json) file. Sources already stored "
        "(same DOI, ISBN, URL, or title, year and first author) are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be imported; change nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            entries = read_sources_file(file.name, file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except Unreadable as error:
            raise CommandError(str(error)) from None
        if dry_run:
            rows = import_preview(entries)
            for row in rows:
                if row.status != NEW:
                    self.stderr.write(f"{row.entry.label}: {skip_reason(row)}")
            new = sum(row.status == NEW for row in rows)
            self.stdout.write(f"{new} of {len(rows)} entries would be imported (dry run).")
            return
        report = sources_import(entries=entries)
        for label, why in report.skipped:
            self.stderr.write(f"{label}: {why}")
        self.stdout.write(f"{len(report.created)} of {len(entries)} entries imported.")
