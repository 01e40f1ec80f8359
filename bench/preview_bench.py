"""Time the editor's live preview for an essay with 50 notes; print a table with ratios.

Run from the project root:

    .venv/bin/python bench/preview_bench.py             # 50 notes, 200 rounds
    .venv/bin/python bench/preview_bench.py --notes 200 --rounds 50

The reference is render_essay_body on the same body and notes, measured in the same run: the
part of the preview no endpoint can save. The target is a median under 100 ms for 50 notes
(issue 14). Uses a fresh SQLite database in a temporary directory; nothing else is touched.
"""

from __future__ import annotations

import argparse
import statistics

from fresh_site import fresh_site, timed

TARGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with fresh_site():
        rows = measure(args.notes, args.rounds)
    reference = statistics.median(rows[0][1])
    print(f"| what ({args.notes} notes, {args.rounds} rounds) | median ms | p95 ms | × reference |")
    print("|---|---:|---:|---:|")
    for name, times in rows:
        ordered = sorted(times)
        median = statistics.median(times)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        print(f"| {name} | {median * 1000:.2f} | {p95 * 1000:.2f} | {median / reference:.2f} |")
    preview = statistics.median(rows[1][1]) * 1000
    verdict = "under" if preview < TARGET_MS else "OVER"
    print(f"\nPreview median {preview:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target.")


def measure(count: int, rounds: int) -> list[tuple[str, list[float]]]:
    import datetime

    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.urls import reverse

    from essays.models import Author, Essay, Footnote, Source
    from essays.rendering import render_essay_body

    body = "\n\n".join(
        f"Paragraph {n} makes a claim that needs a source.[^n{n}] It says more.[^n{n // 2}]"
        for n in range(count)
    )
    author = Author.objects.create(name="Ada Brook", slug="ada-brook")
    essay = Essay.objects.create(title="Fifty notes", slug="fifty-notes", body=body)
    essay.authors.set([author])
    form = {
        "body": body,
        "note_style": "lower-roman",
        "citation_style": "ibid",
        "footnotes-TOTAL_FORMS": str(count),
        "footnotes-INITIAL_FORMS": "0",
    }
    for n in range(count):
        source = Source.objects.create(
            authors="Reuters" if n % 2 else "Lena Marsh\nTomas Ferreira",
            # Every third note cites the source before it again, so Ibid. and short forms run.
            title=f"Report number {n - n % 3} on the river",
            container=f"Harbour Gazette {n}",
            published_on=datetime.date(2019, 10, 26),
            url=f"https://example.org/news/{n}",
        )
        Footnote.objects.create(essay=essay, label=f"n{n}", source=source, pinpoint=str(n))
        form |= {f"footnotes-{n}-label": f"n{n}", f"footnotes-{n}-source": str(source.pk),
                 f"footnotes-{n}-pinpoint": str(n)}  # fmt: skip
    essay.save()
    notes = [footnote.as_note_data() for footnote in essay.footnotes.select_related("source")]
    editor = User.objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    url = reverse("essays:preview-render")
    empty = form | {"body": "", "footnotes-TOTAL_FORMS": "0"}
    assert client.post(url, form).status_code == client.post(url, empty).status_code == 200

    def run(function) -> list[float]:
        return timed(rounds, function)

    return [
        ("reference: render_essay_body (Markdown, sanitising, notes)", run(
            lambda: render_essay_body(
                body, notes=notes, note_style="lower-roman", citation_style="ibid"
            )
        )),
        ("POST preview, test client (form, sources, render, template)", run(
            lambda: client.post(url, form)
        )),
        ("POST preview of an empty body, for the fixed cost", run(
            lambda: client.post(url, empty)
        )),
        ("Essay.save() of the same essay, for comparison", run(essay.save)),
    ]  # fmt: skip


if __name__ == "__main__":
    main()
