"""Load-test the reader pages and comment posting under gunicorn; print one markdown table.

main() is what bench/site_bench.py runs: flags, set-up, one warm-up and load per scenario, report.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import progress
from .client import comment_form, fetch
from .lighthouse_row import lighthouse_performance
from .load import find_wrk, python_load, wrk_load
from .processes import Processes, on_signal
from .report import server_log_summary, stored_comments, table, targets_table
from .scenarios import ESSAY_200, SCENARIOS, wordpress_scenario
from .servers import (
    bench_env,
    build_site,
    find_nginx,
    free_port,
    serve,
    serve_front_cache,
    serve_static_copy,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario (10)")
    parser.add_argument("--connections", type=int, default=8, help="open connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--quick", action="store_true", help="3 s per scenario")
    parser.add_argument(
        "--loader", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    parser.add_argument(
        "--wordpress-url",
        default=os.environ.get("WORDPRESS_URL", ""),
        help="the same essay served by WordPress, uncached: adds the WordPress row "
        "(default: $WORDPRESS_URL)",
    )
    parser.add_argument(
        "--lighthouse",
        action="store_true",
        help="also score the 200-comment page with Lighthouse (mobile performance)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated words: run only the rows whose name holds one (the floor and "
        "nginx references always run)",
    )
    args = parser.parse_args()
    if args.quick:
        args.duration = 3
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    procs = Processes()
    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="marginalia-bench-"))
    nginx_prefix = front_prefix = None
    try:
        wrk = find_wrk(procs) if args.loader != "python" else None
        if args.loader == "wrk" and wrk is None:
            sys.exit("--loader wrk, but wrk could not be had.")
        nginx = find_nginx(procs)
        port = free_port()
        env = bench_env(tmp, port)
        build_site(procs, tmp, env)
        serve(procs, tmp, env, port, args.workers)
        ports = {"site": port, "floor": free_port(), "nginx": free_port(), "front": free_port()}
        ports["wordpress"] = args.wordpress_url
        serve(procs, tmp, env, ports["floor"], args.workers, app="bench.floor_wsgi")
        _, page = fetch(port, "GET", ESSAY_200)
        values = {
            "session": (tmp / "moderator-session.txt").read_text().strip(),
            "remembered": (tmp / "remembered-cookie.txt").read_text().strip(),
            "own_pending": (tmp / "own-pending-cookie.txt").read_text().strip(),
        }
        scenarios = chosen(SCENARIOS, args.only)
        if args.wordpress_url:
            scenarios.append(wordpress_scenario(args.wordpress_url))
        if nginx:
            nginx_prefix = serve_static_copy(procs, nginx, page, ports["nginx"])
            front_prefix = serve_front_cache(procs, nginx, ports["front"], port)
        else:
            scenarios = [s for s in scenarios if s.target not in ("nginx", "front")]
        warm_shared_pages(port, scenarios, args.workers)
        nonce = secrets.token_hex(4)
        rows, warnings, warm_posts = [], [], 0
        for scenario in scenarios:
            progress(f"{scenario.name}: warm-up, then {args.duration} s")
            target = ports[scenario.target]
            if scenario.revalidates:  # the ETag names the form's time window: take it now
                values["etag"] = fetch(target, "GET", scenario.path)[0].getheader("ETag") or ""
            headers = dict(h.format(**values).split(": ", 1) for h in scenario.headers)
            form = None
            if scenario.method == "POST":
                form = comment_form(target, scenario.form_path)
                statuses = warm_posting(target, scenario, form, nonce, args.workers)
                warm_posts = len(statuses)
            else:
                statuses = [fetch(target, "GET", scenario.path, headers=headers)[0].status]
            for status in sorted({s for s in statuses if not scenario.ok(s)}):
                warnings.append(f"warm-up of {scenario.label} answered {status}")
            if wrk:
                result = wrk_load(procs, wrk, target, scenario, form, args, nonce, headers)
            else:
                result = python_load(target, scenario, form, args, nonce, headers)
            rows.append((scenario, result))
        rows.append(again(rows[0], procs, wrk, ports["floor"], args, nonce))
        score = lighthouse_performance(procs, port, tmp) if args.lighthouse else None
        procs.stop_all()
        posted = next((r.requests - r.errors for s, r in rows if s.method == "POST"), 0)
        loader = "wrk" if wrk else "Python loader (threads + http.client)"
        print(
            f"\n{loader}, {args.connections} connections, {args.duration} s per scenario; "
            f"gunicorn -w {args.workers} (sync), SQLite, DEBUG off; {os.cpu_count()} CPUs, "
            f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n"
        )
        print(table(rows))
        print(f"\nIssue #17's targets, from the rows above:\n\n{targets_table(rows, score)}")
        print(
            f"\nComments stored by the posting scenario: {stored_comments(tmp)} "
            f"({warm_posts} warm-up + {posted} counted 3xx answers; posts still in flight at "
            "the end may land uncounted)."
        )
        for warning in warnings:
            print(f"WARNING: {warning}")
        for line in server_log_summary(tmp / "gunicorn.log"):
            print(f"Server log: {line}")
    finally:
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
        for prefix in (nginx_prefix, front_prefix):
            if prefix is not None:
                shutil.rmtree(prefix, ignore_errors=True)


def warm_shared_pages(port: int, scenarios: list, workers: int, seconds: float = 2.0) -> None:
    """Anonymous readers come first, as on a live site: each worker keeps the shared pages
    in its own cache (locmem), and a reader with a cookie of their own is served the shared
    page with their form spliced in (pages/personal.py) only once it is kept there. For a
    while, not a count: a worker still importing Django when the first answered gets none."""
    paths = sorted({s.path for s in scenarios if s.target == "site" and s.method == "GET"})

    def read_for_a_while(path: str) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            fetch(port, "GET", path)

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        list(pool.map(read_for_a_while, [p for p in paths for _ in range(2 * workers)]))


def warm_posting(port: int, scenario, form, nonce: str, workers: int, seconds=2.0) -> list:
    """Post for a while before the measured run, from as many posters as workers twice over,
    so that every worker has answered posts: a worker's first post fills its caches (URL
    resolver, templates, the spam model, compiled queries) and, with the per-process cache,
    sends its first mail to moderators. One post warmed one worker, and the other's first
    post, 0.3 to 0.5 s, went into the measured tail. The statuses of the posts."""

    def post_for_a_while(poster: int) -> list[int]:
        end, statuses = time.monotonic() + seconds, []
        while time.monotonic() < end:
            body = form.body(f"Benchmark comment {nonce}-warm-up-{poster}-{len(statuses)}")
            statuses.append(fetch(port, "POST", scenario.path, body, form.headers)[0].status)
        return statuses

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        return [s for batch in pool.map(post_for_a_while, range(2 * workers)) for s in batch]


def chosen(scenarios: list, only: str) -> list:
    """The references, and the rows `--only` names (every row when it names none)."""
    words = [word.strip() for word in only.split(",") if word.strip()]
    return [
        s
        for s in scenarios
        if not words or s.target in ("floor", "nginx") or any(w in s.name for w in words)
    ]


def again(first: tuple, procs, wrk, port: int, args, nonce: str) -> tuple:
    """The floor measured once more at the end (report.references averages the two)."""
    scenario = dataclasses.replace(first[0], name=f"{first[0].name} (again, last)")
    progress(f"{scenario.name}: {args.duration} s")
    if wrk:
        return scenario, wrk_load(procs, wrk, port, scenario, None, args, nonce, {})
    return scenario, python_load(port, scenario, None, args, nonce, {})
