"""Time the notes: rendering a 50-note essay at save, and serving its page; print a table.

Run from the project root:

    .venv/bin/python bench/notes_bench.py             # 50 notes, 200 rounds
    .venv/bin/python bench/notes_bench.py --notes 200 --rounds 50

Uses a fresh SQLite database in a temporary directory; nothing outside it is touched.
"""

from __future__ import annotations

import argparse
import statistics

from fresh_site import fresh_site, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with fresh_site():
        rows = measure(args.notes, args.rounds)
    print(f"| what ({args.notes} notes, {args.rounds} rounds) | median ms | p95 ms |")
    print("|---|---:|---:|")
    for name, times in rows:
        ordered = sorted(times)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(f"| {name} | {statistics.median(times) * 1000:.2f} | {p95 * 1000:.2f} |")


def measure(count: int, rounds: int) -> list[tuple[str, list[float]]]:
    import datetime

    from django.test import Client
    from django.utils import timezone

    from essays.citations import MARKER_RE as MARKER
    from essays.models import Author, Essay, Footnote, Source
    from essays.rendering import render_essay_body

    author = Author.objects.create(name="Ada Brook", slug="ada-brook")
    essay = Essay.objects.create(
        title="Fifty notes",
        slug="fifty-notes",
        body="\n\n".join(
            f"Paragraph {n} makes a claim that needs a source.[^n{n}] It says more.[^n{n // 2}]"
            for n in range(count)
        ),
        status=Essay.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(days=1),
    )
    essay.authors.set([author])
    for n in range(count):
        source = Source.objects.create(
            authors="Reuters" if n % 2 else "Lena Marsh\nTomas Ferreira",
            title=f"Report number {n} on the river",
            container="Harbour Gazette",
            published_on=datetime.date(2019, 10, 26),
            url=f"https://example.org/news/{n}",
        )
        Footnote.objects.create(essay=essay, label=f"n{n}", source=source, pinpoint=str(n))
    essay.save()
    notes = [footnote.as_note_data() for footnote in essay.footnotes.select_related("source")]
    plain = Essay.objects.create(
        title="No notes",
        slug="no-notes",
        body=MARKER.sub("", essay.body),
        status=Essay.Status.PUBLISHED,
        publish_at=essay.publish_at,
    )
    plain.authors.set([author])
    client = Client()
    url, plain_url = essay.get_absolute_url(), plain.get_absolute_url()
    assert client.get(url).status_code == client.get(plain_url).status_code == 200

    def run(function) -> list[float]:
        return timed(rounds, function)

    return [
        ("render_essay_body (Markdown, sanitising, notes)", run(
            lambda: render_essay_body(essay.body, notes=notes, note_style="lower-roman")
        )),
        ("Essay.save() (render with its queries, then store)", run(essay.save)),
        ("GET essay page, test client, uncached", run(lambda: client.get(url))),
        ("GET the same page without notes, for comparison", run(lambda: client.get(plain_url))),
    ]  # fmt: skip


if __name__ == "__main__":
    main()
