"""What is printed: the table with ratios to the floor and nginx, stored comments, server log."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .scenarios import (
    CACHED,
    FLOOR,
    FRONT,
    NGINX,
    PERSONAL,
    PERSONAL_GZIP,
    POSTER_EMAIL,
    POSTING,
    QUEUE,
    WORDPRESS,
    Result,
    Scenario,
)

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


def references(rows: list[tuple[Scenario, Result]]) -> dict[str, float]:
    """req/s of the floor and of nginx: the mean of each time they ran (the floor runs first
    and last, so a machine whose load drifts during the run moves both ends of a ratio)."""
    runs: dict[str, list[float]] = {}
    for scenario, result in rows:
        if scenario.target in ("floor", "nginx"):
            runs.setdefault(scenario.target, []).append(result.per_second)
    return {target: sum(values) / len(values) for target, values in runs.items()}


def table(rows: list[tuple[Scenario, Result]]) -> str:
    """One row per scenario, with its throughput as a multiple of the floor's and nginx's."""
    reference = references(rows)
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


@dataclass(frozen=True)
class Target:
    """One of issue #17's targets: a row's req/s as a multiple of another's, or a latency."""

    label: str
    row: str  # the scenario's name
    goal: float
    reference: str = ""  # a scenario's name: the goal is a ratio of req/s
    latency: str = ""  # "p50_ms" or "p99_ms": the goal is a ceiling in ms

    def measure(self, results: dict[str, Result], reference: dict[str, float]) -> float | None:
        mine = results.get(self.row)
        if self.latency:
            return None if mine is None else getattr(mine, self.latency)
        other = results.get(self.reference)
        base = reference.get(TARGET_OF.get(self.reference, ""), other and other.per_second)
        return None if mine is None or not base else mine.per_second / base

    def met(self, value: float) -> bool:
        return value < self.goal if self.latency else value >= self.goal

    @property
    def goal_text(self) -> str:
        return f"< {self.goal:g} ms" if self.latency else f"≥ {self.goal:g}×"


TARGET_OF = {FLOOR: "floor", NGINX: "nginx"}  # references measured more than once
TARGETS = [
    Target("behind deploy/nginx.conf ÷ nginx's static copy", FRONT, 0.5, reference=NGINX),
    Target("Django's page cache ÷ the floor", CACHED, 1.0, reference=FLOOR),
    Target("reader with a cookie of their own ÷ the floor", PERSONAL, 0.5, reference=FLOOR),
    Target("the same, asking for gzip as browsers do", PERSONAL_GZIP, 0.5, reference=FLOOR),
    Target("page cache ÷ WordPress uncached", CACHED, 300, reference=WORDPRESS),
    Target("posting p99, 8 connections", POSTING, 50, latency="p99_ms"),
    Target("moderation queue p50, 8 connections", QUEUE, 100, latency="p50_ms"),
]


def targets_table(rows: list[tuple[Scenario, Result]], lighthouse: int | None) -> str:
    """Each target with what this run measured, and whether it is met."""
    results = {scenario.name: result for scenario, result in rows}
    reference = references(rows)
    lines = ["| target | measured | goal | met |", "|---|---:|---:|---|"]
    for target in TARGETS:
        value = target.measure(results, reference)
        if value is None:
            continue  # a reference this run did not have (nginx, WordPress)
        shown = f"{value:.1f} ms" if target.latency else f"{value:.2f}×"
        met = "yes" if target.met(value) else "**no**"
        lines.append(f"| {target.label} | {shown} | {target.goal_text} | {met} |")
    if lighthouse is not None:
        met = "yes" if lighthouse == 100 else "**no**"
        lines.append(
            f"| Lighthouse performance, mobile, {CACHED.split(',')[0]} with 200 comments "
            f"| {lighthouse} | 100 | {met} |"
        )
    return "\n".join(lines)
