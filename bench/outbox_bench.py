"""Time what readers' notifications cost: approving a comment as followers grow, and the
worker sending the outbox to a real SMTP server on 127.0.0.1; print two tables.

Run from the project root (a throwaway SQLite database in a temporary directory):

    .venv/bin/python bench/outbox_bench.py
    .venv/bin/python bench/outbox_bench.py --rounds 3 --mails 100

Approval ratios are to approving with no followers, in the same run. Sending opens one SMTP
connection per mail (so one refused address holds up no other); the table gives mails/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp(prefix="outbox-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402 - after the environment is set

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from comments.models import OutboxMessage, Subscription  # noqa: E402
from comments.services import comment_approve  # noqa: E402
from comments.services.outbox import outbox_run_once  # noqa: E402
from tests.comments.factories import CommentFactory  # noqa: E402
from tests.factories import EssayFactory  # noqa: E402
from tests.smtp_server import SmtpTestServer  # noqa: E402


def approval_seconds(followers: int, rounds: int) -> float:
    essay = EssayFactory()
    Subscription.objects.bulk_create(
        Subscription(
            email=f"f{n}@example.org", essay=essay, kind="discussion", confirmed_at=timezone.now()
        )
        for n in range(followers)
    )
    times = []
    for _ in range(rounds):
        comment = CommentFactory(essay=essay)
        start = time.perf_counter()
        comment_approve(comment=comment)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sending_rate(mails: int) -> float:
    OutboxMessage.objects.all().delete()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(to=f"r{n}@example.org", subject=f"Mail {n}", body="Text.", kind="reply")
        for n in range(mails)
    )
    with SmtpTestServer() as server:
        server.use_in(settings)
        start = time.perf_counter()
        sent = outbox_run_once().sent
        elapsed = time.perf_counter() - start
    assert sent == mails == len(server.handler.received), (sent, mails)
    return mails / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mails", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rows = [(n, approval_seconds(n, args.rounds)) for n in (0, 10, 100, 1000)]
    print(f"{'followers':>10} {'approve ms':>11} {'ratio':>6}")
    for followers, seconds in rows:
        print(f"{followers:>10} {seconds * 1000:>11.1f} {seconds / rows[0][1]:>6.2f}")
    print(f"\n{'mails':>10} {'mails/s':>11}")
    print(f"{args.mails:>10} {sending_rate(args.mails):>11.0f}")


if __name__ == "__main__":
    main()
