"""Delete blatant spam and trashed comments once their keeping time is over."""

from django.conf import settings
from django.core.management.base import BaseCommand

from comments.services import comment_purge_expired


class Command(BaseCommand):
    help = (
        "Delete blatant spam older than SPAM_DISCARD_KEEP_DAYS and trash older than "
        "COMMENTS_TRASH_KEEP_DAYS. Pending and approved comments are never touched."
    )

    def handle(self, *args, **options):
        purged = comment_purge_expired()
        self.stdout.write(
            f"Deleted {purged.discarded} blatant spam comment(s) older than "
            f"{settings.SPAM_DISCARD_KEEP_DAYS} days and {purged.trashed} trashed "
            f"comment(s) older than {settings.COMMENTS_TRASH_KEEP_DAYS} days."
        )
