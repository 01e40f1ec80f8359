"""Time of importing a Zotero BibTeX export against a table of stored sources; print a table.

Run from the project root:

    .venv/bin/python bench/source_import_bench.py     # 1,000 entries, 2,000 stored
    .venv/bin/python bench/source_import_bench.py --entries 200 --stored 500

A tenth of the entries repeat a stored source (same DOI) and a tenth repeat an earlier entry.
The reference row only reads the file, so the ratios say what sorting and writing cost. Uses a
fresh SQLite database in a temporary directory; nothing outside it is touched.
"""

from __future__ import annotations

import argparse
import time

from fresh_site import fresh_site


def bibtex(entries: int) -> str:
    lines = []
    for n in range(entries):
        work = n - 1 if n % 10 == 5 else n  # every tenth repeats the one before
        lines.append(
            f"@article{{entry{n},\n  title = {{Rivers and {{Basins}} number {work}: a study}},\n"
            f"  author = {{Haddad, Amal and van der Berg, Pieter}},\n"
            f"  journal = {{Water Resources Management}},\n  year = {{2019}},\n"
            f"  doi = {{10.5555/bench.{work}}},\n}}\n"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--stored", type=int, default=2000)
    args = parser.parse_args()
    with fresh_site():
        from essays.models import Source
        from essays.sources.files import read_sources_file
        from essays.sources.importing import import_preview, sources_import

        # Stored: other works, plus every tenth entry's DOI (entries 0, 10, 20, ...).
        Source.objects.bulk_create(
            Source(title=f"Stored work {n}", url=f"https://stored.example/{n}")
            for n in range(args.stored)
        )
        Source.objects.bulk_create(
            Source(title=f"Stored entry {n}", doi=f"10.5555/bench.{n}")
            for n in range(0, args.entries, 10)
        )
        data = bibtex(args.entries).encode()
        timings = {}
        started = time.perf_counter()
        entries = read_sources_file("bench.bib", data)
        timings["read the file (reference)"] = time.perf_counter() - started
        started = time.perf_counter()
        rows = import_preview(entries)
        timings["import_preview"] = time.perf_counter() - started
        started = time.perf_counter()
        report = sources_import(entries=entries)
        timings["sources_import (preview again, then create)"] = time.perf_counter() - started
    reference = timings["read the file (reference)"]
    print(f"{args.entries} entries ({len(data) / 1e3:.0f} kB), {args.stored} stored sources")
    print("| what | seconds | ratio |")
    print("|---|---:|---:|")
    for what, seconds in timings.items():
        print(f"| {what} | {seconds:.2f} | {seconds / reference:.1f} |")
    new = sum(row.status == "new" for row in rows)
    print(f"new in the preview: {new}; created: {len(report.created)}; "
          f"skipped: {len(report.skipped)}")  # fmt: skip


if __name__ == "__main__":
    main()
