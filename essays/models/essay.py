"""Essays, their authors and topics, and the old addresses that lead to them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from essays.figures import figure_ids
from essays.models.media import MediaItem
from essays.rendering import RenderedBody, note_data, render_essay_body


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    bio = models.TextField(blank=True, help_text="One or two sentences, shown on essays.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The login of this author, if they have one.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("essays:author", kwargs={"slug": self.slug})


class Topic(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)  # a stamp of the reader page cache

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("essays:topic", kwargs={"slug": self.slug})


def default_note_style() -> str:
    """The numbering style of a new essay (ESSAYS_DEFAULT_NOTE_STYLE)."""
    return settings.ESSAYS_DEFAULT_NOTE_STYLE


def default_citation_style() -> str:
    """How a new essay sets out repeated citations (ESSAYS_DEFAULT_CITATION_STYLE)."""
    return settings.ESSAYS_DEFAULT_CITATION_STYLE


# What a list or page shows beside an essay's title (EssayQuerySet.with_bylines; an essay
# loaded without them gets them through prefetch_related_objects).
BYLINE_PREFETCHES = ("authors", "topics")
BYLINE_JOIN = "hero_media"


class EssayQuerySet(models.QuerySet):
    def published(self, *, now: datetime.datetime | None = None):
        """Essays a reader may see: published, and due (the one definition; see is_public).

        `now`: the moment to judge by, when not this one (a query compiled once, #17).
        """
        return self.filter(status=PUBLIC_STATUS, publish_at__lte=now if now else timezone.now())

    def scheduled(self):
        """Essays set to appear later: published, but not yet in published()."""
        return self.filter(status=PUBLIC_STATUS).exclude(pk__in=self.published().values("pk"))

    def drafts(self):
        return self.exclude(status=PUBLIC_STATUS)

    def with_bylines(self):
        """Prefetch what a list or page shows beside the title, in a fixed number of queries."""
        return self.prefetch_related(*BYLINE_PREFETCHES).select_related(BYLINE_JOIN)


class Essay(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class State(models.TextChoices):
        """What readers get, as editors name it: derived from status and publish_at."""

        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    class Comments(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        AFTER_DAYS = "after_days", "Open, closing after a number of days"

    class NoteStyle(models.TextChoices):
        LOWER_ROMAN = "lower-roman", "Lower-case roman (i, ii, iii)"
        ARABIC = "arabic", "Arabic (1, 2, 3)"
        SYMBOLS = "symbols", "Symbols (*, †, ‡)"

    class CitationStyle(models.TextChoices):
        SHORTENED = "shortened", "Chicago shortened notes (author, short title, page)"
        IBID = "ibid", "Ibid. after the same source, shortened notes further on"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, help_text="The essay's address. Changing it after publishing breaks links."
    )
    dek = models.CharField(
        "standfirst", max_length=300, blank=True, help_text="One sentence under the title."
    )
    body = models.TextField(
        help_text="Markdown. Place [^label] where a footnote attaches; define it under Footnotes."
    )
    authors = models.ManyToManyField(Author, related_name="essays")
    topics = models.ManyToManyField(Topic, related_name="essays", blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="A published essay appears to readers from this moment; set a future time to "
        "schedule it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    hero_media = models.ForeignKey(
        MediaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hero_of",
        verbose_name="hero image from the library",
        help_text="Its alt text, caption and credit come with it; it replaces an image uploaded "
        "below.",
    )
    hero_image = models.ImageField(upload_to="heroes/%Y/", blank=True)
    hero_alt = models.CharField(
        "hero alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(
        max_length=200, blank=True, help_text='For example "Photo credit: Jane Doe / Agency".'
    )

    comments_mode = models.CharField(
        "comments",
        max_length=12,
        choices=Comments,
        default=settings.ESSAYS_DEFAULT_COMMENTS,
    )
    comments_close_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Used when comments close after a number of days; empty means the site default.",
    )
    note_style = models.CharField(
        "footnote numbering", max_length=12, choices=NoteStyle, default=default_note_style
    )
    citation_style = models.CharField(
        "repeated citations",
        max_length=10,
        choices=CitationStyle,
        default=default_citation_style,
        help_text="How a note citing a source already cited is set out; the first is in full.",
    )

    # Rendered once at save time; readers' pages never run Markdown.
    body_html = models.TextField(editable=False, blank=True)
    notes_html = models.TextField(editable=False, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    # Whether any note shown cites a source; the page offers the exports without a query.
    has_sources = models.BooleanField(editable=False, default=False)
    # Stamps for the reader page cache (essays/caching.py): a re-render after a source edit
    # is stored with an update that leaves updated_at alone, and comments change apart.
    rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    comments_changed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last change readers see in comments."
    )
    # Where an imported essay came from ("wordpress:<site>:<post id>"): a second import of the
    # same export updates this essay instead of adding another.
    import_key = models.CharField(max_length=200, blank=True, editable=False)

    objects = EssayQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="%(app_label)s_%(class)s_slug_unique"),
            models.CheckConstraint(
                condition=~Q(title=""), name="%(app_label)s_%(class)s_title_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="%(app_label)s_%(class)s_slug_not_empty"
            ),
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~Q(import_key=""),
                name="%(app_label)s_%(class)s_import_key_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    RENDERED_FIELDS = ("body_html", "notes_html", "word_count", "has_sources", "rendered_at")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title, exclude_pk=self.pk)
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.RENDERED_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("essays:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """The rule of EssayQuerySet.published(), for an essay already loaded."""
        return self.status == PUBLIC_STATUS and self.publish_at <= timezone.now()

    @property
    def state(self) -> State:
        """Draft, Scheduled (published, not yet due) or Published, by the rule of is_public."""
        if self.is_public:
            return self.State.PUBLISHED
        return self.State.SCHEDULED if self.status == PUBLIC_STATUS else self.State.DRAFT

    @property
    def hero(self) -> Hero | None:
        """The picture above the text: from the library when chosen there, else the upload."""
        if self.hero_media_id:
            media = self.hero_media
            return Hero(media.image, media.alt, media.caption, media.credit)
        if self.hero_image:
            return Hero(self.hero_image, self.hero_alt, self.hero_caption, self.hero_credit)
        return None

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / settings.ESSAYS_WORDS_PER_MINUTE))

    def comments_close_at(self) -> datetime.datetime | None:
        """When comments close, or None if they never do (or are closed already)."""
        return comments_close_at(
            self.comments_mode, self.comments_close_after_days, publish_at=self.publish_at
        )

    def comments_are_open(self, *, now: datetime.datetime | None = None) -> bool:
        return comments_are_open(
            self.comments_mode, self.comments_close_after_days, self.publish_at, now=now
        )

    def render(self, footnotes: Iterable[models.Model] | None = None) -> RenderedBody:
        """Render the body and its notes to stored HTML; return what did not match too.

        `footnotes`: rows to render instead of the stored ones (the editor's live preview).
        """
        if footnotes is None:
            footnotes = self.footnotes.written().select_related("source") if self.pk else []
        notes = [note for note in map(note_data, footnotes) if note is not None]
        rendered = render_essay_body(
            self.body,
            notes=notes,
            note_style=self.note_style,
            citation_style=self.citation_style,
            figures=figures_in(self.body),
        )
        self.body_html = rendered.body_html
        self.notes_html = rendered.notes_html
        self.word_count = rendered.word_count
        self.has_sources = rendered.has_sources
        self.rendered_at = timezone.now()
        return rendered


# The rule, on plain values too: the page cache applies it to the stamps of a cached page
# (pages/caching.py), where building an Essay would cost more than the rest of the hit.
def comments_close_at(
    mode: str, close_after_days: int | None, *, publish_at: datetime.datetime
) -> datetime.datetime | None:
    """When comments close, or None if they never do (or are closed already)."""
    if mode != Essay.Comments.AFTER_DAYS:
        return None
    days = close_after_days or settings.ESSAYS_CLOSE_COMMENTS_AFTER_DAYS
    return publish_at + datetime.timedelta(days=days)


def comments_are_open(
    mode: str,
    close_after_days: int | None,
    publish_at: datetime.datetime,
    *,
    now: datetime.datetime | None = None,
) -> bool:
    if mode == Essay.Comments.CLOSED:
        return False
    close_at = comments_close_at(mode, close_after_days, publish_at=publish_at)
    return close_at is None or (now or timezone.now()) < close_at


class Hero(NamedTuple):
    image: FieldFile
    alt: str
    caption: str
    credit: str


def figures_in(body: str) -> dict:
    """The library images `body` places, by id, as the renderer takes them (one query)."""
    if not (ids := figure_ids(body)):
        return {}
    return {pk: item.figure_data() for pk, item in MediaItem.objects.in_bulk(ids).items()}


# What readers may see: this status, once publish_at has passed. Raw SQL uses it too: the
# condition below, with PUBLIC_STATUS and the current time as its parameters.
PUBLIC_STATUS = Essay.Status.PUBLISHED
PUBLISHED_SQL = "status = %s AND publish_at <= %s"


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug for `title` that no other essay uses."""
    base = slugify(title)[:190] or "essay"
    candidate, n = base, 2
    taken = Essay.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class OldAddress(models.Model):
    """An address an essay had on the site it was imported from, answered with a 301."""

    path = models.CharField(
        max_length=500, unique=True, help_text='A path, or "/?p=ID" for a WordPress query.'
    )
    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="old_addresses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "old addresses"
        # Importing writes essays, sources and comments at once: more than either app's
        # own permissions say, so it is granted on its own.
        permissions = [("import_wordpress", "Can import a WordPress export")]

    def __str__(self):
        return f"{self.path} → {self.essay}"
