"""Drop commenters' IP addresses and user agents once they are no longer needed."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment


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
        cutoff = timezone.now() - datetime.timedelta(days=days)
        # Comments still waiting for a spam verdict keep what the spam service needs.
        stale = (
            Comment.objects.filter(submitted_at__lt=cutoff)
            .exclude(check_state=Comment.CheckState.UNCHECKED)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent="") | ~Q(referrer=""))
        )
        count = stale.update(ip_address=None, user_agent="", referrer="")
        self.stdout.write(f"Removed IP addresses and user agents from {count} comment(s) "
                          f"older than {days} days.")  # fmt: skip
