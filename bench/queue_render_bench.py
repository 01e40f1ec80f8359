"""The moderation queue's page at 100,000 comments, rendered in-process: the whole changelist
response, and its 50 rows alone, as the page joins them (comments/admin/rows.py) and through the
admin's per-cell items_for_result. Prints a table with ratios to the admin index page, measured
in the same run, and the page's queries.

Run from the project root:

    .venv/bin/python bench/queue_render_bench.py
    .venv/bin/python bench/queue_render_bench.py --repeat 20
    .venv/bin/python bench/queue_render_bench.py --profile /tmp/queue.prof   # also cProfile a page

Builds bench/dataset.py's moderation-queue comments into a fresh SQLite database in a
temporary directory and logs a superuser in with Django's test client (no HTTP server).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats

from fresh_site import fresh_site, median_ms, print_ratio_table

CHANGELIST = "/admin/comments/comment/"


def page(client, path: str):
    def run():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return run


def rows_only(client, tab: str, *, as_the_admin: bool = False):
    """Only the 50 rows of one page, as the changelist fetched them: joined by RowRenderer, or
    cell by cell through the admin's items_for_result, as the page printed them before."""
    from django.contrib import admin
    from django.contrib.admin.templatetags.admin_list import items_for_result
    from django.test import RequestFactory

    from comments.admin.rows import RowRenderer
    from comments.models import Comment

    model_admin = admin.site._registry[Comment]
    request = RequestFactory().get(CHANGELIST, {"tab": tab})
    request.user = client.session_user
    changelist = model_admin.get_changelist_instance(request)
    rows = changelist.result_list
    render = RowRenderer(changelist)

    def run():
        for comment in rows:
            if as_the_admin:
                "".join(items_for_result(changelist, comment, None))
            else:
                render(comment)

    return run


def query_count(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # the session and permission caches warm up
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def profile(run, path: str) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(run)
    profiler.dump_stats(path)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--profile", help="write a cProfile of one All-tab page here")
    args = parser.parse_args()
    with fresh_site():
        # Imported here: Django is set up by fresh_site() first.
        import dataset
        from django.contrib.auth import get_user_model
        from django.test import Client

        comments = dataset.build_queue_comments()
        user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
        client = Client()
        client.force_login(user)
        client.session_user = user
        rows = [
            ("admin index page (reference)", page(client, "/admin/")),
            ("queue page, Pending tab", page(client, CHANGELIST)),
            ("queue page, All tab", page(client, f"{CHANGELIST}?tab=all")),
            ("the 50 rows alone, joined in Python (rows.py), All tab", rows_only(client, "all")),
            (
                "the same rows through the admin's items_for_result (as before)",
                rows_only(client, "all", as_the_admin=True),
            ),
        ]
        timings = [(label, median_ms(run, args.repeat)) for label, run in rows]
        queries = query_count(client, CHANGELIST)
        if args.profile:
            profile(rows[2][1], args.profile)
    print(f"{comments} comments, 50 rows a page; median of {args.repeat}")
    print(f"queue page, Pending tab: {queries} queries")
    print_ratio_table(timings)


if __name__ == "__main__":
    main()
