"""Time comparing two revisions (essays.revision_diff.compare) as essays grow; print a table.

Run from the project root (no database needed):

    .venv/bin/python bench/revision_diff_bench.py              # 2,000 to 30,000 words
    .venv/bin/python bench/revision_diff_bench.py --rounds 3

Each row compares a body with an edited copy of itself: a few words changed, a paragraph
moved, or every word changed (difflib's worst case). Ratios are to the first row.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from essays.revision_diff import compare

WORDS = "river dam flow treaty gauge delta weir basin silt monsoon upstream quota".split()  # noqa: SIM905


def body(words: int, seed: int) -> str:
    rng = random.Random(seed)
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(80)) + f".[^n{n}]" for n in range(words // 80)
    ]
    return "\n\n".join(paragraphs)


def edited(text: str, how: str) -> str:
    paragraphs = text.split("\n\n")
    if how == "five words changed":
        for n in range(5):
            index = n * len(paragraphs) // 5
            paragraphs[index] = paragraphs[index].replace(" ", " changed ", 1)
    elif how == "a paragraph moved":
        paragraphs.append(paragraphs.pop(len(paragraphs) // 3))
    else:
        return body(len(text.split()), seed=2)
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for words in (2_000, 10_000, 30_000):
        old = body(words, seed=1)
        for how in ("five words changed", "a paragraph moved", "every word changed"):
            new = edited(old, how)
            times = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                compare({"body": old}, {"body": new})
                times.append(time.perf_counter() - start)
            rows.append((f"{words:,} words, {how}", statistics.median(times)))
    reference = rows[0][1]
    print(f"| compare() ({args.rounds} rounds) | median ms | ratio to the first row |")
    print("|---|---:|---:|")
    for name, median in rows:
        print(f"| {name} | {median * 1000:.1f} | {median / reference:.1f} |")


if __name__ == "__main__":
    main()
