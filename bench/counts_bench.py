"""Comment counts at 100,000 comments: the index page's count per essay, and the moderation
tabs' counts. Prints a table with ratios to the same page of essays read without counts.

Run from the project root:

    .venv/bin/python bench/counts_bench.py               # 100,000 comments over 50 essays
    .venv/bin/python bench/counts_bench.py --repeat 20

Builds bench/dataset.py's moderation-queue comments into a fresh SQLite database in a
temporary directory. The index row is measured twice in the same run: without the index
that answers it from the index alone (dropped for the row), and with it.
"""

from __future__ import annotations

import argparse

from fresh_site import fresh_site, median_ms, print_ratio_table

COVERING_INDEX = "comments_comment_public_count"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with fresh_site():
        import dataset
        from django.db import connection

        from comments.admin.queue import tab_counts
        from comments.selectors import with_public_comment_counts
        from essays.models import Essay

        comments = dataset.build_queue_comments()
        page = Essay.objects.published().order_by("-publish_at")

        def index_page(counted: bool):
            essays = with_public_comment_counts(page) if counted else page
            return lambda: list(essays[:10])

        index_sql = index_page_sql(with_public_comment_counts(page)[:10])
        reference = median_ms(index_page(False), args.repeat)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {COVERING_INDEX}")
            without = median_ms(index_page(True), args.repeat)
            cursor.execute(
                f"CREATE INDEX {COVERING_INDEX} ON comments_comment "
                "(essay_id, status, under_hidden_parent)"
            )
        covered = median_ms(index_page(True), args.repeat)
        tabs = median_ms(tab_counts, args.repeat)
    print(f"{comments} comments over {dataset.QUEUE_ESSAYS} essays; median of {args.repeat}")
    print_ratio_table(
        [
            ("index page of 10 essays, no counts (reference)", reference),
            ("index page with counts, per-essay index only", without),
            ("index page with counts, covering index", covered),
            ("moderation tab counts (all tabs)", tabs),
        ]
    )
    print(f"plan: {index_sql}")


def index_page_sql(queryset) -> str:
    """How SQLite answers the count subquery (EXPLAIN QUERY PLAN's last step)."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return cursor.fetchall()[-1][-1]


if __name__ == "__main__":
    main()
