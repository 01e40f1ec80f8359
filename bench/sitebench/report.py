"""What is printed: the table with ratios to the floor and nginx, stored comments, server log."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections import Counter
from pathlib import Path

from .scenarios import POSTER_EMAIL, Result, Scenario

SERVER_LOG_LINE = re.compile(r"^\S+ \S+ ((?:WARNING|ERROR|CRITICAL) .*)$")


def stored_comments(tmp: Path) -> int:
    """Comments the posting scenario left in the database (pending or not)."""
    with contextlib.closing(sqlite3.connect(tmp / "bench.sqlite3")) as db:
        row = db.execute(
            "SELECT count(*) FROM comments_comment WHERE author_email = ?", (POSTER_EMAIL,)
        ).fetchone()
    return row[0]


def server_log_summary(path: Path, shown: int = 5) -> list[str]:
    """The server's warnings and errors, most frequent first (they explain an error count)."""
    counts = Counter()
    for line in path.read_text(errors="replace").splitlines():
        match = SERVER_LOG_LINE.match(line)
        if match:
            counts[match.group(1)] += 1
    return [f"{n}x {message}" for message, n in counts.most_common(shown)]


def table(rows: list[tuple[Scenario, Result]]) -> str:
    """One row per scenario, with its throughput as a multiple of the floor's and nginx's."""
    reference = {s.target: r.per_second for s, r in rows if s.target in ("floor", "nginx")}
    lines = [
        "| scenario | request | requests | req/s | p50 ms | p99 ms | errors | × floor | × nginx |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario, r in rows:
        ratios = [
            f"{r.per_second / reference[name]:.2f}" if reference.get(name) else "n/a"
            for name in ("floor", "nginx")
        ]
        lines.append(
            f"| {scenario.name} | `{scenario.label}` | {r.requests} | {r.per_second:.1f} "
            f"| {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {ratios[0]} | {ratios[1]} |"
        )
    return "\n".join(lines)
