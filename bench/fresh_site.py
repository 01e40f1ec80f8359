"""What the in-process benchmarks share: a fresh migrated SQLite site, and a timer."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def fresh_site() -> Iterator[Path]:
    """Django set up on a new SQLite database in a temporary directory, migrated; nothing
    outside that directory is touched. Yields the directory."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        os.environ["MEDIA_ROOT"] = f"{tmp}/media"  # uploads and renditions stay inside too
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield Path(tmp)


def timed(rounds: int, function: Callable[[], object]) -> list[float]:
    """Seconds taken by each of `rounds` calls of `function`."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def median_ms(function: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of `repeat` calls, after one call that warms the database's pages."""
    function()
    return statistics.median(timed(repeat, function)) * 1000


def print_ratio_table(timings: list[tuple[str, float]], *, digits: int = 1) -> None:
    """A markdown table of (what, ms) rows, each as a ratio to the first (the reference)."""
    reference = timings[0][1]
    print("| what | ms | ratio |")
    print("|---|---:|---:|")
    for label, value in timings:
        print(f"| {label} | {value:.{digits}f} | {value / reference:.1f} |")
