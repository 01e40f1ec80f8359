"""Import a WordPress export (WXR): essays, notes, comments, images and old addresses."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pages.wordpress import ImportOptions, import_wordpress
from pages.wordpress.authors import AuthorMapError, read_author_map


class Command(BaseCommand):
    help = (
        "Import posts, their notes and comments from a WordPress export (Tools → Export → All "
        "content). Running it again updates what an earlier run imported; --dry-run writes "
        "nothing and prints the same report."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The .xml file WordPress exported.")
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
        parser.add_argument(
            "--uploads",
            type=Path,
            help="A copy of wp-content/uploads; images are taken from here instead of fetched.",
        )
        parser.add_argument(
            "--author-map",
            type=Path,
            help="Lines of “wordpress_login username” linking WordPress authors to logins here.",
        )
        parser.add_argument(
            "--pages", action="store_true", help="Import pages as essays too (default: skip)."
        )
        parser.add_argument(
            "--no-fetch",
            action="store_true",
            help="Without --uploads, do not fetch images from the old site (report them).",
        )

    def handle(self, *args, export, dry_run, uploads, author_map, pages, no_fetch, **options):
        if not export.is_file():
            raise CommandError(f"No file at {export}.")
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads} is not a folder.")
        try:
            authors = read_author_map(author_map.read_text()) if author_map else {}
        except (OSError, AuthorMapError) as error:
            raise CommandError(str(error)) from None
        settings = ImportOptions(
            dry_run=dry_run,
            uploads=uploads,
            author_map=authors,
            include_pages=pages,
            fetch_images=not no_fetch,
        )
        with export.open("rb") as file:
            report = import_wordpress(file, options=settings)
        self.stdout.write("\n".join(report.lines()))
        if not report.ok:
            raise CommandError(report.error)
