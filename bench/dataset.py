"""Build the benchmark dataset into a fresh database: the demo essays plus two heavy essays.

Run by bench/site_bench.py, from the project root, with the benchmark's environment:

    DATABASE_URL=sqlite:////tmp/x/bench.sqlite3 DJANGO_SETTINGS_MODULE=config.settings \
        .venv/bin/python bench/dataset.py --logins-file /tmp/x/demo-logins.txt

The database must already be migrated and must not hold the benchmark essays yet.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMENTS_SLUG = "bench-200-comments"
NOTES_SLUG = "bench-50-notes"
COMMENT_THREADS = 50  # one page of top-level comments (COMMENTS_PER_PAGE defaults to 50)
COMMENTS_FOOTNOTES = 14
NOTES_FOOTNOTES = 50
PARAGRAPH = (
    "Water accounting looks simple from upstream and impossible from downstream; the ledger "
    "has to be kept by someone, and that someone decides what counts as a loss."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--logins-file",
        type=Path,
        required=True,
        help="Where seed_demo writes the demo logins (keep it out of the project's var/).",
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a fresh database; this script never uses var/db.sqlite3.")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    seed_demo_into(args.logins_file)
    comments = build_comments_essay()
    notes = build_notes_essay()
    print(f"dataset: {COMMENTS_SLUG} ({comments} comments), {NOTES_SLUG} ({notes} footnotes)")


def seed_demo_into(logins_file: Path) -> None:
    """Run seed_demo, writing its logins beside the benchmark database, not to var/."""
    from django.core.management import call_command

    from essays.management.commands import seed_demo

    # seed_demo writes settings.VAR_DIR / "demo-logins.txt" whatever DATABASE_URL says;
    # that would overwrite the passwords of the developer's own `make run` database.
    seed_demo.LOGINS_FILE = logins_file
    call_command("seed_demo", stdout=io.StringIO())


def bench_essay(*, slug: str, title: str, labels: list[str]):
    """A published essay with comments open, whose body cites every label once."""
    from essays.models import Author, Essay, Topic

    if Essay.objects.filter(slug=slug).exists():
        sys.exit(f"{slug} exists already: build the dataset into a fresh database.")
    paragraphs = [f"{PARAGRAPH}[^{label}] Paragraph {n}." for n, label in enumerate(labels, 1)]
    essay = Essay(
        slug=slug,
        title=title,
        dek="A benchmark essay.",
        body="\n\n".join(paragraphs),
        status=Essay.Status.PUBLISHED,
        comments_mode=Essay.Comments.OPEN,
        publish_at=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=1),
    )
    essay.full_clean()
    essay.save()
    essay.authors.set(Author.objects.all()[:2])
    essay.topics.set(Topic.objects.all()[:2])
    return essay


def build_comments_essay() -> int:
    """14 footnotes and 200 approved comments in 50 threads of four, three levels deep."""
    from django.db import transaction

    from comments.models import Comment
    from comments.services import RequestMeta
    from essays.models import Footnote

    labels = [f"n{n}" for n in range(1, COMMENTS_FOOTNOTES + 1)]
    with transaction.atomic():
        essay = bench_essay(slug=COMMENTS_SLUG, title="Two hundred comments", labels=labels)
        for position, label in enumerate(labels):
            note = Footnote(
                essay=essay, label=label, commentary=f"Note {label}.", position=position
            )
            note.full_clean()
            note.save()
        essay.save()  # render again, now with its notes
        start = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=COMMENT_THREADS)
        meta = RequestMeta(ip_address="192.0.2.20", user_agent="bench/dataset.py")
        created = []
        for thread in range(COMMENT_THREADS):
            # root, a reply, a reply to that reply (depth 3), and a second reply to the root
            root = add_comment(essay, meta, thread, 0, None)
            reply = add_comment(essay, meta, thread, 1, root)
            deep = add_comment(essay, meta, thread, 2, reply)
            second = add_comment(essay, meta, thread, 3, root)
            for offset, comment in enumerate((root, reply, deep, second)):
                submitted = start + datetime.timedelta(hours=thread, minutes=offset * 10)
                created.append((comment.pk, submitted))
        for pk, submitted in created:
            Comment.objects.filter(pk=pk).update(
                status=Comment.Status.APPROVED,
                check_state=Comment.CheckState.CHECKED,
                verdict=Comment.Verdict.HAM,
                verdict_checker="bench",
                submitted_at=submitted,
            )
    return Comment.objects.filter(essay=essay).public().count()


def add_comment(essay, meta, thread: int, n: int, parent):
    """Comment `n` of `thread`, by one of 23 recurring readers."""
    from comments.services import CommentData, comment_create

    reader = (thread * 4 + n) % 23
    return comment_create(
        essay=essay,
        data=CommentData(
            author_name=f"Reader {reader}",
            author_email=f"reader{reader}@example.com",
            author_url="",
            body=f"Comment {n} in thread {thread}. {PARAGRAPH}\n\nA second paragraph, with "
            "<em>emphasis</em> and a link to https://example.org/ for the sanitiser.",
            parent=parent,
        ),
        meta=meta,
    )


def build_notes_essay() -> int:
    """50 footnotes, each citing its own Source."""
    from django.db import transaction

    from essays.models import Footnote, Source

    labels = [f"n{n}" for n in range(1, NOTES_FOOTNOTES + 1)]
    kinds = list(Source.Kind.values)
    with transaction.atomic():
        essay = bench_essay(slug=NOTES_SLUG, title="Fifty notes", labels=labels)
        for position, label in enumerate(labels):
            source = Source(
                kind=kinds[position % len(kinds)],
                authors=f"Author {position}\nSecond Author {position}",
                title=f"Benchmark source number {position}",
                container=f"Journal {position % 7}",
                publisher="Bench Press",
                published_on=datetime.date(2000 + position % 24, 1 + position % 12, 1),
                url=f"https://example.org/bench/sources/{position}",
                accessed_on=datetime.date(2024, 5, 1),
            )
            source.full_clean()
            source.save()
            note = Footnote(
                essay=essay, label=label, source=source, pinpoint=str(position + 1),
                commentary="" if position % 2 else f"Commentary on source {position}.",
                position=position,
            )  # fmt: skip
            note.full_clean()
            note.save()
        essay.save()  # render again, now with its notes
    return essay.footnotes.count()


if __name__ == "__main__":
    main()
