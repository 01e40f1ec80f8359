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
import statistics
import time

from fresh_site import fresh_site


def approval_seconds(followers: int, rounds: int) -> float:
    # Project imports wait until fresh_site() has set Django up on its database.
    from django.utils import timezone

    from comments.models import Subscription
    from comments.services import comment_approve
    from tests.comments.factories import CommentFactory
    from tests.factories import EssayFactory

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
    # Project imports wait until fresh_site() has set Django up on its database.
    from django.conf import settings

    from comments.models import OutboxMessage
    from comments.services.outbox import outbox_run_once
    from tests.smtp_server import SmtpTestServer

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
    with fresh_site():
        rows = [(n, approval_seconds(n, args.rounds)) for n in (0, 10, 100, 1000)]
        rate = sending_rate(args.mails)
    print(f"{'followers':>10} {'approve ms':>11} {'ratio':>6}")
    for followers, seconds in rows:
        print(f"{followers:>10} {seconds * 1000:>11.1f} {seconds / rows[0][1]:>6.2f}")
    print(f"\n{'mails':>10} {'mails/s':>11}")
    print(f"{args.mails:>10} {rate:>11.0f}")


if __name__ == "__main__":
    main()
