"""Storing an essay brought from another publication: create it, or update the one an
earlier import of the same post made."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from essays.models import Author, Essay, OldAddress, Topic, unique_slug
from essays.services import ConversionReport, essay_convert_pasted_notes, essay_missing_labels
from essays.services.search import essay_search_index


@dataclass(frozen=True)
class AuthorData:
    key: str  # the login on the old site: the same key finds the same author again
    name: str
    user: object | None = None  # a login here, from the author map


@dataclass(frozen=True)
class HeroImage:
    name: str
    content: bytes
    alt: str = ""
    caption: str = ""


@dataclass
class EssayImportData:
    import_key: str
    title: str
    slug: str
    body: str  # Markdown; a pasted notes list at the end becomes footnotes
    publish_at: datetime.datetime
    published: bool = False
    comments_closed: bool = False  # closed on the old site: closed here too
    dek: str = ""
    authors: list[AuthorData] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    hero: HeroImage | None = None
    old_paths: list[str] = field(default_factory=list)


@dataclass
class EssayImportResult:
    essay: Essay
    created: bool
    notes: ConversionReport
    commentary_notes: int = 0  # notes that cite no source: kept as commentary
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def essay_import(*, data: EssayImportData) -> EssayImportResult:
    """Create or update the essay imported under `data.import_key`, with its notes as
    footnotes, its authors, topics, hero image and old addresses."""
    essay = Essay.objects.filter(import_key=data.import_key).first()
    created = essay is None
    essay = essay or Essay(import_key=data.import_key)
    warnings: list[str] = []
    if not created:
        essay.footnotes.all().delete()  # the import owns the notes; they are read again
    _set_fields(essay, data, warnings)
    essay.full_clean()
    essay.save()
    essay.authors.set([author_for_import(data=author) for author in data.authors])
    essay.topics.set([topic_for_import(slug=slug, name=name) for slug, name in data.topics])
    notes = essay_convert_pasted_notes(essay=essay)
    if data.published:
        if missing := essay_missing_labels(essay=essay):
            cited = ", ".join(f"[^{label}]" for label in missing)
            warnings.append(f"the body cites {cited} with no such note; imported as a draft.")
        else:
            essay.status = Essay.Status.PUBLISHED
            essay.save(update_fields=["status", "updated_at"])
    for path in data.old_paths:
        OldAddress.objects.update_or_create(path=path[:500], defaults={"essay": essay})
    essay_search_index(essay=essay)
    commentary = essay.footnotes.filter(source=None).count()
    return EssayImportResult(essay, created, notes, commentary, warnings + notes.problems())


def _set_fields(essay: Essay, data: EssayImportData, warnings: list[str]) -> None:
    essay.title = data.title.strip()[:200] or "Untitled"
    essay.slug = _free_slug(essay, data.slug or slugify(data.title), warnings)
    if len(data.dek) > 300:
        warnings.append("the excerpt is longer than a standfirst may be; it was shortened.")
    essay.dek = data.dek[:299] + "…" if len(data.dek) > 300 else data.dek
    essay.body = data.body
    essay.status = Essay.Status.DRAFT  # until its notes are footnotes: see essay_publish
    essay.publish_at = data.publish_at
    if data.comments_closed:
        essay.comments_mode = Essay.Comments.CLOSED
    if data.hero is not None:
        _set_hero(essay, data.hero)


def _free_slug(essay: Essay, slug: str, warnings: list[str]) -> str:
    slug = slugify(slug)[:200]
    if slug and not Essay.objects.filter(slug=slug).exclude(pk=essay.pk).exists():
        return slug
    free = unique_slug(essay.title, exclude_pk=essay.pk)
    warnings.append(f"the address “{slug}” is taken by another essay; this one is at “{free}”.")
    return free


def _set_hero(essay: Essay, hero: HeroImage) -> None:
    name = PurePosixPath(hero.name).name
    if not essay.hero_image or PurePosixPath(essay.hero_image.name).name != name:
        essay.hero_image.save(name, ContentFile(hero.content), save=False)
    essay.hero_alt = hero.alt[:250]
    essay.hero_caption = hero.caption[:300]


def author_for_import(*, data: AuthorData) -> Author:
    """The author imported under this key, created on first sight; linked to a login if given."""
    slug = slugify(data.key)[:140] or "author"
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": data.name[:120]})
    if data.user is not None and author.user_id != data.user.pk:
        author.user = data.user
        author.save(update_fields=["user", "updated_at"])
    return author


def topic_for_import(*, slug: str, name: str) -> Topic:
    topic, _ = Topic.objects.get_or_create(
        slug=slugify(slug)[:100] or "topic", defaults={"name": name[:80]}
    )
    return topic
