"""The Lighthouse row of `make bench`: the mobile performance score of the 200-comment page,
taken from the server the load rows used (bench/lighthouse.py prints every category)."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from . import BENCH
from .processes import Processes
from .scenarios import ESSAY_200

RUNS = 3  # one run now and then loses a point to the machine's own load: the median


def lighthouse_performance(procs: Processes, port: int, tmp: Path) -> int | None:
    """Lighthouse's mobile performance score (0-100) for the 200-comment essay on `port`,
    the median of RUNS; None, said on stderr, when Lighthouse or chromium cannot be had."""
    # Imported here: bench/lighthouse.py imports site_bench, which imports this package.
    sys.path.insert(0, str(BENCH))
    from lighthouse import install_tools, lighthouse, scores

    url = f"http://127.0.0.1:{port}{ESSAY_200}"
    try:
        install_tools(procs)
        reports = [
            lighthouse(procs, url, "mobile", tmp / f"lighthouse-{n}.json") for n in range(RUNS)
        ]
    except SystemExit as error:  # the load rows are measured already: keep them
        print(f"No Lighthouse row: {error}", file=sys.stderr)
        return None
    return round(statistics.median(scores(report)["performance"] for report in reports))
