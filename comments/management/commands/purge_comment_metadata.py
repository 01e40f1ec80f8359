"""Drop commenters' IP addresses and user agents once they are no longer needed."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments.services import comment_purge_metadata


class Command(BaseCommand):
    help = "Remove IP addresses, user agents and referrers from comments older than N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.COMMENTS_METADATA_RETENTION_DAYS,
            help="Keep metadata of comments younger than this (default: %(default)s).",
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days must be zero or more.")
        count = comment_purge_metadata(days=days)
        self.stdout.write(f"Removed IP addresses and user agents from {count} comment(s) "
                          f"older than {days} days.")  # fmt: skip
