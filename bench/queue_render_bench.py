"""The moderation queue's page at 100,000 comments, rendered in-process: the whole changelist
response and the 50 rows' columns alone. Prints a table with ratios to the admin index page,
measured in the same run.

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

from fresh_site import fresh_site, median_ms

CHANGELIST = "/admin/comments/comment/"
COLUMNS = ("author_column", "comment_column", "check_column", "submitted", "row_actions")


def page(client, path: str):
    def run():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return run


def columns_only(client, tab: str, *, shared_urls: bool = True):
    """Only the five queue columns for one page's rows, as the changelist fetched them. Without
    `shared_urls` each column reverses its URLs afresh, as every row did before PageUrls."""
    from django.contrib import admin
    from django.test import RequestFactory

    from comments.models import Comment

    model_admin = admin.site._registry[Comment]
    request = RequestFactory().get(CHANGELIST, {"tab": tab})
    request.user = client.session_user
    changelist = model_admin.get_changelist_instance(request)
    rows = changelist.result_list
    if not shared_urls:
        for comment in rows:
            del comment.page_urls

    def run():
        for comment in rows:
            for name in COLUMNS:
                getattr(model_admin, name)(comment)

    return run


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
            ("the 50 rows' columns alone, All tab", columns_only(client, "all")),
            (
                "the same columns, URLs reversed per row (as before)",
                columns_only(client, "all", shared_urls=False),
            ),
        ]
        timings = [(label, median_ms(run, args.repeat)) for label, run in rows]
        if args.profile:
            profile(rows[2][1], args.profile)
    reference = timings[0][1]
    print(f"{comments} comments, 50 rows a page; median of {args.repeat}")
    print("| what | ms | ratio |")
    print("|---|---:|---:|")
    for label, value in timings:
        print(f"| {label} | {value:.1f} | {value / reference:.1f} |")


if __name__ == "__main__":
    main()
