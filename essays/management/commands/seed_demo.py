"""Create the demo publication: authors, topics, sources, essays, logins and comments."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from essays import demo_content
from essays.models import Author, Essay, Footnote, Source, Topic

DEMO_LOGINS = [
    # username, group (None = superuser)
    ("editor", "Editors"),
    ("moderator", "Moderators"),
    ("admin", None),
]
LOGINS_FILE = settings.VAR_DIR / "demo-logins.txt"


class Command(BaseCommand):
    help = "Create the demo content (idempotent). Refuses a database holding other essays."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database holds essays that are not demo content.",
        )

    def handle(self, *args, force: bool = False, **options):
        demo_slugs = {essay["slug"] for essay in demo_content.ESSAYS}
        foreign = Essay.objects.exclude(slug__in=demo_slugs)
        if foreign.exists() and not force:
            raise CommandError(
                f"This database holds {foreign.count()} essay(s) that are not demo content; "
                "seeding would mix demo essays into a real publication. "
                "Use --force if that is what you want."
            )
        with transaction.atomic():
            essays = seed_publication()
            logins = seed_logins()
        seed_comments(essays)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {len(essays)} essays."))
        for line in logins:
            self.stdout.write(line)


def seed_publication() -> dict[str, Essay]:
    authors = {
        row["slug"]: Author.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "bio": row["bio"]}
        )[0]
        for row in demo_content.AUTHORS
    }
    topics = {
        row["slug"]: Topic.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "description": row["description"]}
        )[0]
        for row in demo_content.TOPICS
    }
    sources = {row["key"]: seed_source(row) for row in demo_content.SOURCES}
    now = timezone.now()
    essays = {}
    for row in demo_content.ESSAYS:
        essay = Essay.objects.filter(slug=row["slug"]).first() or Essay(slug=row["slug"])
        hero = row.get("hero") or {}
        essay.title = row["title"]
        essay.dek = row["dek"]
        essay.body = row["body"]
        essay.status = row["status"]
        essay.note_style = row["note_style"]
        essay.comments_mode = row["comments"]
        essay.hero_alt = hero.get("alt", "")
        essay.hero_caption = hero.get("caption", "")
        essay.hero_credit = hero.get("credit", "")
        if essay.pk is None:
            # Keep the original dates on later runs so the demo stays stable.
            essay.publish_at = (now - datetime.timedelta(days=row["days_ago"])).replace(
                second=0, microsecond=0
            )
        essay.save()
        essay.authors.set([authors[slug] for slug in row["authors"]])
        essay.topics.set([topics[slug] for slug in row["topics"]])
        for position, note in enumerate(row["footnotes"]):
            Footnote.objects.update_or_create(
                essay=essay,
                label=note["label"],
                defaults={
                    "source": sources[note["source"]] if note["source"] else None,
                    "pinpoint": note["pinpoint"],
                    "commentary": note["commentary"],
                    "position": position,
                },
            )
        essay.save()  # render again, now with its notes
        essays[essay.slug] = essay
    return essays


def seed_source(row: dict) -> Source:
    published_on, precision = parse_partial_date(row["date"])
    lookup = {"url": row["url"]} if row["url"] else {
        "title": row["title"], "container": row["container"]
    }  # fmt: skip
    source, _ = Source.objects.update_or_create(
        **lookup,
        defaults={
            "kind": row["kind"],
            "authors": "\n".join(row["authors"]),
            "title": row["title"],
            "container": row["container"],
            "publisher": row["publisher"],
            "published_on": published_on,
            "date_precision": precision,
            "archived_url": row["archived_url"],
            "accessed_on": parse_partial_date(row["accessed"])[0],
        },
    )
    return source


def parse_partial_date(text: str) -> tuple[datetime.date | None, str]:
    """ "2019", "2019-10" or "2019-10-26" as a date and its precision."""
    if not text:
        return None, Source.DatePrecision.DAY
    parts = [int(part) for part in text.split("-")]
    precision = [Source.DatePrecision.YEAR, Source.DatePrecision.MONTH, Source.DatePrecision.DAY]
    return datetime.date(*(parts + [1] * (3 - len(parts)))), precision[len(parts) - 1]


def seed_logins() -> list[str]:
    """Create the demo logins once; their passwords live in var/demo-logins.txt only."""
    User = get_user_model()
    known = {}
    if LOGINS_FILE.exists():
        for line in LOGINS_FILE.read_text().splitlines():
            username, _, password = line.partition(" ")
            known[username] = password
    lines = []
    for username, group in DEMO_LOGINS:
        user = User.objects.filter(username=username).first()
        password = known.get(username)
        if user is None or password is None:
            password = secrets.token_urlsafe(9)
            user = user or User(username=username, email=f"{username}@example.com")
            user.is_staff = True
            user.is_superuser = group is None
            user.set_password(password)
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        known[username] = password
        lines.append(f"  {username:<10} {password}   ({group or 'superuser'})")
    LOGINS_FILE.parent.mkdir(parents=True, exist_ok=True)
    LOGINS_FILE.write_text("".join(f"{u} {p}\n" for u, p in known.items()))
    LOGINS_FILE.chmod(0o600)
    return ["Demo logins for /admin/ (also in var/demo-logins.txt):", *lines]


def seed_comments(essays: dict[str, Essay]) -> None:
    """Approved demo threads, several levels deep; existing ones are left as they are."""
    from comments.models import Comment
    from comments.services import CommentData, RequestMeta, body_fingerprint, comment_create

    now = timezone.now()

    def add(essay: Essay, row: dict, parent: Comment | None) -> None:
        comment = Comment.objects.filter(
            essay=essay, author_email=row["email"], body_hash=body_fingerprint(row["body"])
        ).first()
        if comment is None:
            comment = comment_create(
                essay=essay,
                data=CommentData(
                    author_name=row["name"],
                    author_email=row["email"],
                    author_url=row["website"],
                    body=row["body"],
                    parent=parent,
                ),
                meta=RequestMeta(ip_address="192.0.2.10", user_agent="seed_demo"),
            )
            Comment.objects.filter(pk=comment.pk).update(
                status=Comment.Status.APPROVED,
                check_state=Comment.CheckState.CHECKED,
                verdict=Comment.Verdict.HAM,
                verdict_checker="demo",
                submitted_at=now - datetime.timedelta(days=row["days_ago"]),
            )
        for reply in row.get("replies", []):
            add(essay, reply, comment)

    for slug, threads in demo_content.COMMENT_THREADS.items():
        for row in threads:
            add(essays[slug], row, None)
    seed_moderation_queue(essays)


def seed_moderation_queue(essays: dict[str, Essay]) -> None:
    """A few comments for the moderators, screened as real posts are (once)."""
    from comments.models import Comment
    from comments.services import CommentData, RequestMeta, body_fingerprint, comment_create
    from comments.spam.pipeline import comment_screen

    for row in demo_content.MODERATION_QUEUE:
        essay = essays[row["essay"]]
        if Comment.objects.filter(
            essay=essay, author_email=row["email"], body_hash=body_fingerprint(row["body"])
        ).exists():
            continue
        comment = comment_create(
            essay=essay,
            data=CommentData(
                author_name=row["name"],
                author_email=row["email"],
                author_url=row["website"],
                body=row["body"],
            ),
            meta=RequestMeta(ip_address="198.51.100.23", user_agent="Mozilla/5.0 (demo)"),
            signals={"honeypot_field": "homepage_url", "honeypot": ""} | row["signals"],
        )
        comment_screen(comment=comment)
