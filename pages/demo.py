"""The demo publication: demo/ read as data, and seeded into a database that lacks it.

Seeding adds what is missing and never changes what exists. It knows its own by two marks:
the essays demo/manifest.toml lists, and the users it creates, who join the group
"Demo accounts". Any other user or essay means the database is in real use.
"""

from __future__ import annotations

import datetime
import os
import secrets
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from comments import notifications
from comments.models import Comment
from comments.services import (
    CommentData,
    RequestMeta,
    body_fingerprint,
    comment_approve,
    comment_create,
    comment_screen,
)
from essays.images import renditions_for
from essays.models import Author, Essay, Footnote, MediaItem, Source, Topic
from essays.services.media import media_item_add
from essays.services.search import essay_search_index
from pages.demo_art import CREDIT as DEMO_ART_CREDIT
from pages.demo_art import demo_art

DEMO_DIR = settings.BASE_DIR / "demo"
DEMO_GROUP = "Demo accounts"
FRONT_MATTER = "+++\n"
LISTED = 5  # names shown when saying what makes a database in use


@dataclass(frozen=True)
class DemoContent:
    """demo/manifest.toml, and each essay's front matter with its slug and Markdown body."""

    manifest: dict
    essays: list[dict]

    @property
    def slugs(self) -> list[str]:
        return [essay["slug"] for essay in self.essays]


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    password: str | None = None  # known: created now, or kept in the logins file
    created: bool = False
    ours: bool = True  # False: a user seed_demo did not create holds the name


@dataclass(frozen=True)
class Seeded:
    essays: int
    added: int
    logins: list[Login]


def demo_load(directory: Path = DEMO_DIR) -> DemoContent:
    """Read the manifest and the essays it lists, in its order."""
    manifest = tomllib.loads((directory / "manifest.toml").read_text(encoding="utf-8"))
    essays = [essay_read(directory / "essays" / f"{slug}.md") for slug in manifest["essays"]]
    return DemoContent(manifest=manifest, essays=essays)


def essay_read(path: Path) -> dict:
    """One essay file: TOML front matter between "+++" lines, then the Markdown body."""
    text = path.read_text(encoding="utf-8")
    front, closed, body = text.removeprefix(FRONT_MATTER).partition("\n" + FRONT_MATTER)
    if not text.startswith(FRONT_MATTER) or not closed:
        raise ValueError(f"{path}: put the front matter between two lines of '+++'.")
    return tomllib.loads(front) | {"slug": path.stem, "body": body}


def demo_in_use(content: DemoContent) -> str:
    """What makes the database one in real use (users and essays not seeded), or ""."""
    User = get_user_model()
    users = User.objects.exclude(groups__name=DEMO_GROUP).order_by("pk")
    essays = Essay.objects.exclude(slug__in=content.slugs).order_by("pk")
    found = [
        counted(
            users.values_list(User.USERNAME_FIELD, flat=True),
            "user not created by seed_demo",
            "users not created by seed_demo",
        ),
        counted(
            essays.values_list("slug", flat=True),
            "essay that is not demo content",
            "essays that are not demo content",
        ),
    ]
    return " and ".join(part for part in found if part)


def counted(names, one: str, many: str) -> str:
    """ "2 users … (alice, bob)", naming the first few; "" when there are none."""
    total = names.count()
    if not total:
        return ""
    shown = ", ".join(names[:LISTED]) + (", …" if total > LISTED else "")
    return f"{total} {one if total == 1 else many} ({shown})"


def logins_path(database: dict) -> Path | None:
    """Where the demo passwords are kept: beside an SQLite file, else in var/ under the
    database's name. None for an in-memory database, whose logins live as long as it does."""
    name = str(database["NAME"])
    if database["ENGINE"].rsplit(".", 1)[-1] == "sqlite3":  # Django's, or config.sqlite3
        if name == ":memory:" or "mode=memory" in name:
            return None
        return Path(name).resolve().parent / "demo-logins.txt"
    return settings.VAR_DIR / f"demo-logins-{Path(name).name}.txt"


def demo_seed(*, content: DemoContent, logins_file: Path | None, images: bool = False) -> Seeded:
    """Add the demo content the database lacks; leave everything that exists as it is.

    With `images`, each essay added gets a generated hero image (pages/demo_art.py).
    """
    known = logins_file_read(logins_file)
    with transaction.atomic():
        essays, added = publication_seed(content, images=images)
        logins = logins_seed(content, known=known)
    created = {login.username: login.password for login in logins if login.created}
    if created and logins_file is not None:
        logins_file_write(logins_file, known | created)
    # Outside the transaction: screening must not hold a database lock (comments/services).
    comments_seed(content, essays)
    return Seeded(essays=len(essays), added=added, logins=logins)


def publication_seed(content: DemoContent, *, images: bool = False) -> tuple[dict[str, Essay], int]:
    """Authors, topics and sources by their keys, then each essay that is missing."""
    manifest = content.manifest
    authors = {
        row["slug"]: Author.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "bio": row["bio"]}
        )[0]
        for row in manifest["authors"]
    }
    topics = {
        row["slug"]: Topic.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "description": row["description"]}
        )[0]
        for row in manifest["topics"]
    }
    sources = {row["key"]: source_seed(row) for row in manifest["sources"]}
    existing = Essay.objects.in_bulk(content.slugs, field_name="slug")
    essays = {
        row["slug"]: existing.get(row["slug"])
        or essay_create(row, authors, topics, sources, images=images)
        for row in content.essays
    }
    return essays, len(essays) - len(existing)


def source_seed(row: dict) -> Source:
    url = row.get("url", "")
    lookup = {"url": url} if url else {"title": row["title"], "container": row.get("container", "")}
    published_on, precision = parse_partial_date(row.get("date", ""))
    source, _ = Source.objects.get_or_create(
        **lookup,
        defaults={
            "kind": row["kind"],
            "authors": "\n".join(row["authors"]),
            "title": row["title"],
            "container": row.get("container", ""),
            "publisher": row.get("publisher", ""),
            "published_on": published_on,
            "date_precision": precision,
            "archived_url": row.get("archived_url", ""),
            "accessed_on": parse_partial_date(row.get("accessed", ""))[0],
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


def essay_create(row: dict, authors: dict, topics: dict, sources: dict, *, images: bool) -> Essay:
    now = timezone.now()
    hero = row.get("hero", {})
    essay = Essay.objects.create(
        slug=row["slug"],
        title=row["title"],
        dek=row["dek"],
        body=row["body"],
        status=row["status"],
        note_style=row["note_style"],
        comments_mode=row["comments_mode"],
        hero_alt=hero.get("alt", ""),
        hero_caption=hero.get("caption", ""),
        hero_credit=hero.get("credit", ""),
        publish_at=(now - datetime.timedelta(days=row["days_ago"])).replace(
            second=0, microsecond=0
        ),
    )
    essay.authors.set([authors[slug] for slug in row["authors"]])
    essay.topics.set([topics[slug] for slug in row["topics"]])
    for position, note in enumerate(row.get("footnotes", [])):
        Footnote.objects.create(
            essay=essay,
            label=note["label"],
            source=sources[note["source"]] if "source" in note else None,
            pinpoint=note.get("pinpoint", ""),
            commentary=note.get("commentary", ""),
            position=position,
        )
    if images:
        hero_generate(essay)
        essay.body = body_with_figure(essay.body, figure_generate(essay))
    essay.save()  # render again, now with its notes
    essay_search_index(essay=essay)
    # Written when it was published, not today: a fresh demo shows no "Updated" line.
    written = min(essay.publish_at, now)
    Essay.objects.filter(pk=essay.pk).update(created_at=written, updated_at=written)
    essay.refresh_from_db()
    if images:
        renditions_for(essay.hero_image)  # made now, not by the first reader
    return essay


def hero_generate(essay: Essay) -> None:
    """A generated picture as the hero, with alt text saying what it shows (saved later).

    The manifest's hero text describes photographs the demo never had: the generated picture
    replaces it, caption included.
    """
    art = demo_art(essay.slug)
    essay.hero_image.save(f"{essay.slug}.png", ContentFile(art.png), save=False)
    essay.hero_alt, essay.hero_caption, essay.hero_credit = art.alt, "", DEMO_ART_CREDIT


def figure_generate(essay: Essay) -> MediaItem:
    """A second generated picture, added to the media library as editors would add one."""
    art = demo_art(f"{essay.slug}/figure")
    item = MediaItem(alt=art.alt, credit=DEMO_ART_CREDIT)
    item.image.save(f"{essay.slug}-figure.png", ContentFile(art.png), save=False)
    return media_item_add(item=item, uploaded_by=None)


def body_with_figure(body: str, item: MediaItem) -> str:
    """`body` with `item` placed as a figure after its first paragraph (the library's alt)."""
    first, _, rest = body.partition("\n\n")
    figure = f'![](media:{item.pk} "Drawn for the demo when it was seeded.")'
    return f"{first}\n\n{figure}\n\n{rest}" if rest else f"{first}\n\n{figure}"


def logins_seed(content: DemoContent, *, known: dict[str, str]) -> list[Login]:
    """Create the demo staff logins that are missing; an existing user is never touched."""
    User = get_user_model()
    demo_group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    logins = []
    for row in content.manifest["logins"]:
        username, role = row["username"], row.get("group", "superuser")
        user = User.objects.filter(username=username).first()
        if user is not None:
            ours = user.groups.filter(pk=demo_group.pk).exists()
            logins.append(Login(username, role, known.get(username) if ours else None, ours=ours))
            continue
        password = secrets.token_urlsafe(9)
        user = User(
            username=username,
            email=f"{username}@example.com",
            is_staff=True,
            is_superuser=row.get("superuser", False),
        )
        user.set_password(password)
        user.save()
        user.groups.add(demo_group)
        if "group" in row:
            user.groups.add(Group.objects.get(name=row["group"]))
        logins.append(Login(username, role, password, created=True))
    return logins


def logins_file_read(path: Path | None) -> dict[str, str]:
    if path is None or not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split(" ", 1) for line in lines if " " in line)


def logins_file_write(path: Path, passwords: dict[str, str]) -> None:
    """Write "username password" lines, readable by their owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a file left by an older run may be readable by others
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.writelines(f"{username} {password}\n" for username, password in passwords.items())


def comments_seed(content: DemoContent, essays: dict[str, Essay]) -> None:
    """The approved threads, then the moderators' queue; comments that exist are left."""
    now = timezone.now()
    for row in content.essays:
        for thread in row.get("comments", []):
            thread_seed(essays[row["slug"]], thread, parent=None, now=now)
    with moderators_mail_marked_sent():
        for row in content.essays:
            for item in row.get("moderation_queue", []):
                queued_seed(essays[row["slug"]], item)


def existing_comment(essay: Essay, row: dict) -> Comment | None:
    return Comment.objects.filter(
        essay=essay, author_email=row["email"], body_hash=body_fingerprint(row["body"])
    ).first()


def comment_data(row: dict, parent: Comment | None = None) -> CommentData:
    return CommentData(
        author_name=row["name"],
        author_email=row["email"],
        author_url=row.get("website", ""),
        body=row["body"],
        parent=parent,
    )


def thread_seed(essay: Essay, row: dict, *, parent: Comment | None, now) -> None:
    comment = existing_comment(essay, row)
    if comment is None:
        comment = comment_create(
            essay=essay,
            data=comment_data(row, parent),
            meta=RequestMeta(ip_address="192.0.2.10", user_agent="seed_demo"),
            submitted_at=now - datetime.timedelta(days=row["days_ago"]),  # the demo's story
        )
        comment_approve(comment=comment, note="demo content")
    for reply in row.get("replies", []):
        thread_seed(essay, reply, parent=comment, now=now)


def queued_seed(essay: Essay, row: dict) -> None:
    """A comment for the moderators, screened as a real post is (once)."""
    if existing_comment(essay, row) is not None:
        return
    comment = comment_create(
        essay=essay,
        data=comment_data(row),
        meta=RequestMeta(ip_address="198.51.100.23", user_agent="Mozilla/5.0 (demo)"),
        signals={"honeypot_field": "homepage_url", "honeypot": ""} | row["signals"],
    )
    comment_screen(comment=comment)


@contextmanager
def moderators_mail_marked_sent() -> Iterator[None]:
    """Demo comments are no news: no moderators' mail while seeding, and it counts as sent.

    Holding the mail lock stops the mail a held demo comment would send (make run would print
    it before the logins); recording a last mail keeps them out of the next digest when the
    cache is shared (comments/notifications.py).
    """
    locked = cache.add(notifications.LOCK_KEY, timezone.now(), timeout=300)
    try:
        yield
    finally:
        if locked:
            cache.set(notifications.LAST_SENT_KEY, timezone.now(), timeout=None)
            cache.delete(notifications.LOCK_KEY)
