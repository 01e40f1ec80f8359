"""Time comments on a passage: paragraph ids at render time, and the page's margin controls
on a page-cache miss, against rendering the same essay; print a table.

Run from the project root:

    .venv/bin/python bench/passages_bench.py              # the longest demo essay, 50 rounds
    .venv/bin/python bench/passages_bench.py --rounds 200

Uses a fresh SQLite database in a temporary directory; nothing outside it is touched.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from fresh_site import fresh_site, timed

DEMO = Path(__file__).resolve().parent.parent / "demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    # A demo essay is TOML front matter between +++ lines, then its Markdown body.
    body = max((path.read_text().split("+++")[-1] for path in DEMO.rglob("*.md")), key=len)
    with fresh_site():
        rows, size = measure(body, args.rounds)
    reference = statistics.median(rows[0][1])
    print(f"| what ({size}, {args.rounds} rounds) | median ms | × the render |")
    print("|---|---:|---:|")
    for name, times in rows:
        median = statistics.median(times)
        print(f"| {name} | {median * 1000:.2f} | {median / reference:.3f} |")


def measure(body: str, rounds: int):
    # Imported here: Django is set up by fresh_site() first.
    from comments.passages import _with_controls
    from essays.models import Essay
    from essays.paragraphs import paragraphs, with_paragraph_ids
    from essays.rendering import render_essay_body

    html = render_essay_body(body).body_html
    found = paragraphs(html)
    essay = Essay(slug="bench", body_html=html)
    counts = {paragraph.id: [1, 2] for paragraph in found[::3]}
    rows = [
        ("render_essay_body (reference)", timed(rounds, lambda: render_essay_body(body))),
        (
            "with_paragraph_ids (part of the render)",
            timed(rounds, lambda: with_paragraph_ids(html)),
        ),
        ("paragraphs (page-cache miss)", timed(rounds, lambda: paragraphs(html))),
        (
            "margin controls, a count on every third (page-cache miss)",
            timed(rounds, lambda: _with_controls(essay, paragraphs(html), counts, set(), True)),
        ),
    ]
    return rows, f"{len(html):,} characters of HTML, {len(found)} paragraphs"


if __name__ == "__main__":
    main()
