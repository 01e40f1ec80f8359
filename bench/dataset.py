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
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMENTS_SLUG = "bench-200-comments"
NOTES_SLUG = "bench-50-notes"
COMMENT_THREADS = 50  # one page of top-level comments: the bench serves COMMENTS_PER_PAGE=50
COMMENTS_FOOTNOTES = 14
NOTES_FOOTNOTES = 50
QUEUE_ESSAYS = 50
QUEUE_COMMENTS = 100_000  # spread over QUEUE_ESSAYS essays, for the moderation queue
QUEUE_PENDING_EVERY = 20  # one in 20 waits for moderation (5,000), the rest is approved or spam
MODERATOR = "bench-moderator"
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
    queue = build_queue_comments()
    moderator_session(args.logins_file.parent / "moderator-session.txt")
    reader_cookies(args.logins_file.parent)
    print(
        f"dataset: {COMMENTS_SLUG} ({comments} comments), {NOTES_SLUG} ({notes} footnotes), "
        f"{queue} comments over {QUEUE_ESSAYS} essays for the moderation queue"
    )


def seed_demo_into(logins_file: Path) -> None:
    """Run seed_demo, writing its logins beside the benchmark database, not to var/."""
    from django.core.management import call_command

    call_command("seed_demo", logins_file=logins_file, stdout=io.StringIO())


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
    from comments.rendering import comment_display_html
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
        # Approved with an update above, so render the display fragments as approval does.
        approved = list(Comment.objects.filter(essay=essay))
        for comment in approved:
            comment.display_html = comment_display_html(comment)
        Comment.objects.bulk_update(approved, ["display_html"], batch_size=500)
    return Comment.objects.filter(essay=essay).public().count()


def build_queue_comments() -> int:
    """QUEUE_COMMENTS comments over QUEUE_ESSAYS essays, inserted in bulk (not via services)."""
    from django.db import transaction
    from django.utils import timezone

    from comments.models import Comment

    # No display fragments: pages of these essays are not measured (they render on the fly).
    status_cycle = [Comment.Status.APPROVED] * 16 + [Comment.Status.SPAM] * 3
    now = timezone.now()
    with transaction.atomic():
        essays = [
            bench_essay(slug=f"bench-queue-{n}", title=f"Queue essay {n}", labels=["q"])
            for n in range(QUEUE_ESSAYS)
        ]
        batch = []
        for n in range(QUEUE_COMMENTS):
            pending = n % QUEUE_PENDING_EVERY == 0
            status = Comment.Status.PENDING if pending else status_cycle[n % len(status_cycle)]
            comment = Comment(
                essay=essays[n % QUEUE_ESSAYS],
                author_name=f"Reader {n % 997}",
                author_email=f"reader{n % 997}@example.com",
                body=f"Queue comment {n}. {PARAGRAPH}",
                body_html=f"<p>Queue comment {n}. {PARAGRAPH}</p>",
                body_hash=f"queue-{n}",
                status=status,
                submitted_at=now - datetime.timedelta(minutes=n),
                ip_address=f"198.51.{n % 250}.{n % 200 + 1}",
                check_state=Comment.CheckState.CHECKED,
                verdict=Comment.Verdict.SPAM if status == "spam" else Comment.Verdict.HAM,
                checked_at=now - datetime.timedelta(minutes=n),
            )
            batch.append(comment)
            if len(batch) == 5000:
                Comment.objects.bulk_create(batch)
                batch = []
        Comment.objects.bulk_create(batch)
    return Comment.objects.filter(essay__slug__startswith="bench-queue-").count()


def moderator_session(path: Path) -> None:
    """A moderator and a logged-in session for them; the session key is written to `path`."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.create_user(MODERATOR, password=None, is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    path.write_text(session.session_key)


def reader_cookies(folder: Path) -> None:
    """Two readers of the 200-comment essay, as the cookies their browsers would send: one
    whose name the form remembers (remembered-cookie.txt), and one whose own comment there
    is still pending (own-pending-cookie.txt), signed with the benchmark's secret."""
    from django.core import signing

    from comments.cookies import (
        OWN_COMMENTS_COOKIE,
        OWN_COMMENTS_SALT,
        REMEMBER_COOKIE,
        REMEMBER_SALT,
    )
    from comments.services import CommentData, RequestMeta, comment_create
    from essays.models import Essay

    def signed(name: str, salt: str, value: str) -> str:
        return f"{name}={signing.get_cookie_signer(salt=name + salt).sign(value)}"

    name = {"author_name": "Rosa Quill", "author_email": "rosa@example.com", "author_url": ""}
    pending = comment_create(
        essay=Essay.objects.get(slug=COMMENTS_SLUG),
        data=CommentData(**name, body="Still waiting for a moderator."),
        meta=RequestMeta(ip_address="192.0.2.10"),
    )
    (folder / "remembered-cookie.txt").write_text(
        signed(REMEMBER_COOKIE, REMEMBER_SALT, json.dumps(name))
    )
    (folder / "own-pending-cookie.txt").write_text(
        signed(OWN_COMMENTS_COOKIE, OWN_COMMENTS_SALT, str(pending.pk))
    )


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
