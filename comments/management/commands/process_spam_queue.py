"""Re-check held comments, deliver moderators' spam / not-spam reports, and send readers' mail.

Run once from cron (``*/5 * * * *``), or as a service with ``--forever``. Several workers may
share one PostgreSQL database; on SQLite run one.
"""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments.services import QueueReport, spam_queue_run_forever, spam_queue_run_once


class Command(BaseCommand):
    help = (
        "Re-check comments whose spam check failed or is due (exponential backoff), and send "
        "moderators' spam / not-spam decisions to the spam service; then send due mail "
        "(subscribers' notices and digests) from the outbox."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--forever", action="store_true", help="Keep running; stop on SIGTERM or Ctrl-C."
        )
        parser.add_argument(
            "--sleep",
            type=float,
            default=None,
            help="Seconds to wait when the queue is empty (default SPAM_QUEUE_SLEEP_SECONDS).",
        )

    def handle(self, *args, forever=False, sleep=None, **options):
        if forever:
            self.run_forever(settings.SPAM_QUEUE_SLEEP_SECONDS if sleep is None else sleep)
            return
        report = spam_queue_run_once()
        self.stdout.write(report.summary())
        if report.bad_key:
            raise CommandError(f"Nothing was checked: {report.bad_key}")
        if report.failed or report.feedback_failed or report.mail.failed:
            raise CommandError(
                f"{report.failed} check(s), {report.feedback_failed} report(s) and "
                f"{report.mail.failed} mail(s) failed and will be retried."
            )
        if report.mail.refused:
            raise CommandError(
                f"{report.mail.refused} mail(s) refused for good by the receiving server: "
                "not retried (see Outgoing mail, Refused for good, in the admin)."
            )

    def run_forever(self, sleep: float) -> None:
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Processing the spam queue every {sleep:g} s; SIGTERM stops.")

        def report(result: QueueReport) -> None:
            if result.did_work or result.bad_key or result.purged:
                self.stdout.write(result.summary())
            if result.bad_key:
                self.stderr.write(f"Paused: {result.bad_key}")

        spam_queue_run_forever(stop=stop, sleep=sleep, on_pass=report)
        self.stdout.write("Stopped.")
