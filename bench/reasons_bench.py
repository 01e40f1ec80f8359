"""The queue's Reason filter at 100,000 comments: a page of the Pending and All tabs with and
without a reason, and the filter's list of codes present with and without its index. Prints a
table with ratios to the Pending tab's page unfiltered, measured in the same run.

Run from the project root:

    .venv/bin/python bench/reasons_bench.py
    .venv/bin/python bench/reasons_bench.py --repeat 20

Builds bench/dataset.py's moderation-queue comments into a fresh SQLite database in a
temporary directory, and gives them reason codes in seven combinations.
"""

from __future__ import annotations

import argparse

from fresh_site import fresh_site, median_ms, print_ratio_table

PAGE = 50  # CommentAdmin.list_per_page
CODES = [",timing,", ",links,", ",first_time,", ",akismet_spam,", ",link_density,spam_ip,",
         ",policy_all,", ""]  # fmt: skip


def give_codes() -> None:
    from django.db.models import Case, Value, When
    from django.db.models.functions import Mod
    from django.db.models.lookups import Exact

    from comments.models import Comment

    remainder = Mod("id", len(CODES))
    whens = [When(Exact(remainder, n), then=Value(codes)) for n, codes in enumerate(CODES)]
    Comment.objects.update(verdict_codes=Case(*whens, default=Value("")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with fresh_site():
        import dataset
        from django.db import connection

        from comments.admin.queue import TABS
        from comments.admin.reasons import codes_present
        from comments.models import Comment

        comments = dataset.build_queue_comments()
        give_codes()

        def page_of(tab: str, code: str | None, ordering):
            rows = Comment.objects.filter(TABS[tab][1]())
            if code:
                rows = rows.filter(verdict_codes__contains=f",{code},")
            rows = rows.order_by(*ordering).values_list("pk", flat=True)
            return lambda: list(rows[:PAGE])

        oldest, newest = ["submitted_at", "pk"], ["-submitted_at", "-pk"]
        rows = [
            ("Pending tab, a page (reference)", page_of("pending", None, oldest)),
            ("Pending tab filtered by a reason", page_of("pending", "timing", oldest)),
            ("All tab, a page", page_of("all", None, newest)),
            ("All tab filtered by a reason", page_of("all", "timing", newest)),
            ("All tab filtered by a reason no comment has", page_of("all", "honeypot", newest)),
            ("Reason filter's codes present, with its index", codes_present),
        ]
        timings = [(label, median_ms(run, args.repeat)) for label, run in rows]
        name = next(i.name for i in Comment._meta.indexes if i.fields == ["verdict_codes"])
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {name}")
        timings.append(
            ("Reason filter's codes present, no index", median_ms(codes_present, args.repeat))
        )
    print(f"{comments} comments, {len(CODES)} code combinations; median of {args.repeat}")
    print_ratio_table(timings, digits=2)


if __name__ == "__main__":
    main()
