"""Index every essay for search again (SQLite's FTS5 table; PostgreSQL indexes by itself)."""

from django.core.management.base import BaseCommand

from essays.services.search import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Fill the search index again from every essay: after restoring a database copy, or "
        "after writing essays outside the admin and the importers."
    )

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(f"{count} essay(s) indexed for search.")
