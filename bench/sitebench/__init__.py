"""The site benchmark behind bench/site_bench.py, as a package: processes, servers, load, report.

Run it through bench/site_bench.py, which puts bench/ on sys.path (dataset.py is imported from it).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = ROOT / "bench"


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)
