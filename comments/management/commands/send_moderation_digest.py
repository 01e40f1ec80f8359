"""Mail moderators the comments held since the last mail, at most once per window."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from comments.notifications import send_if_due


class Command(BaseCommand):
    help = (
        "Mail moderators about comments held since the last mail, unless one went out less "
        "than COMMENTS_NOTIFY_DIGEST_MINUTES ago. Run from cron, or with --forever."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--forever", action="store_true", help="Keep running, trying once a minute."
        )

    def handle(self, *args, forever: bool, **options):
        while True:
            sent = send_if_due()
            if sent or not forever:
                self.stdout.write(f"Sent {sent} moderation mail(s).")
            if not forever:
                return
            # A minute keeps the delay after the window short; the lock keeps the rate.
            time.sleep(min(60, settings.COMMENTS_NOTIFY_DIGEST_MINUTES * 60))
