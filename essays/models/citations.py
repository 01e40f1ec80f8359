"""The sources essays cite, and the footnotes that cite them."""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from essays.citations import NoteData, SourceData
from essays.models.essay import Essay
from essays.rendering import note_data, source_data
from essays.sources.identifiers import normalise_doi, normalise_isbn
from essays.sources.matching import first_surname, match_keys, url_fragment

DOI_VALIDATOR = RegexValidator(
    r"\A10\.\d{4,9}/\S+\Z", "A DOI starts with 10. and a slash follows, as in 10.1038/nphys1170."
)
ISBN_VALIDATOR = RegexValidator(r"\A97[89]\d{10}\Z", "Give the ISBN-13 as 13 digits.")


class SourceQuerySet(models.QuerySet):
    def matching(self, record) -> list[Source]:
        """Sources that are the same work as `record` (a FoundSource, a Source): the one
        definition is essays.sources.matching; the query only narrows the candidates."""
        keys = match_keys(record)
        if not keys:
            return []
        candidates = Q(pk__in=[])
        if doi := normalise_doi(record.doi):
            candidates |= Q(doi__iexact=doi)
        if isbn := normalise_isbn(record.isbn):
            candidates |= Q(isbn=isbn)
        if fragment := url_fragment(record.url):
            candidates |= Q(url__icontains=fragment)
        if words := re.findall(r"\w+", record.title):
            candidates |= Q(title__icontains=max(words, key=len))
        if surname := first_surname(record, normalised=False):  # a title spelt otherwise
            candidates |= Q(authors__icontains=surname)
        found = self.filter(candidates).exclude(pk=getattr(record, "pk", None))
        return [source for source in found if match_keys(source) & keys]


class Source(models.Model):
    """A cited work, recorded once and reused by every footnote that cites it."""

    class Kind(models.TextChoices):
        NEWS = "news", "News article"
        REPORT = "report", "Report"
        BOOK = "book", "Book"
        JOURNAL = "journal", "Journal article"
        WEB = "web", "Web page"
        INTERVIEW = "interview", "Interview"
        OTHER = "other", "Other"

    class DatePrecision(models.TextChoices):
        YEAR = "year", "Year"
        MONTH = "month", "Month"
        DAY = "day", "Day"

    kind = models.CharField(max_length=10, choices=Kind, default=Kind.NEWS)
    authors = models.TextField(
        blank=True,
        help_text="One per line: people as “First Last”, or an organisation such as Reuters. "
        "Put an organisation the site takes for a person in braces: {Médecins Sans Frontières}.",
    )
    title = models.CharField(max_length=400)
    container = models.CharField(
        "publication", max_length=200, blank=True, help_text="For example Haaretz, Foreign Policy."
    )
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    url = models.URLField("URL", max_length=600, blank=True)
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[DOI_VALIDATOR],
        help_text="Such as 10.1038/nphys1170, without https://doi.org/.",
    )
    isbn = models.CharField(
        "ISBN",
        max_length=13,
        blank=True,
        validators=[ISBN_VALIDATOR],
        help_text="ISBN-13, digits only; an ISBN-10 is converted when filled in from a lookup.",
    )
    short_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Used by shortened notes after the first citation. "
        "Left empty, the title before its subtitle is used.",
    )
    archived_url = models.URLField("archived URL", max_length=600, blank=True)
    accessed_on = models.DateField("access date", null=True, blank=True)

    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_status = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="HTTP status of the last check."
    )
    link_error = models.CharField(max_length=200, blank=True, editable=False)
    link_broken = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="%(app_label)s_%(class)s_url_unique"
            ),
            models.UniqueConstraint(
                models.functions.Lower("title"),
                models.functions.Lower("container"),
                name="%(app_label)s_%(class)s_title_container_unique",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="%(app_label)s_%(class)s_title_not_empty"
            ),
            # One source per DOI; ISBNs may repeat (chapters of one book are cited apart).
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="%(app_label)s_%(class)s_doi_unique",
                violation_error_message="A source with this DOI is stored already.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.container})" if self.container else self.title

    @property
    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    def as_source_data(self) -> SourceData:
        """This source as the citation functions' SourceData."""
        return source_data(self)


class FootnoteQuerySet(models.QuerySet):
    def written(self):
        """Notes readers can be shown: with a source or commentary. The others are rows made
        for a new marker and not filled in yet; a published essay cannot cite them."""
        return self.exclude(source=None, commentary="")


class Footnote(models.Model):
    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="footnotes")
    label = models.CharField(
        max_length=40,
        validators=[
            RegexValidator(
                r"\A[A-Za-z0-9_.:-]+\Z",
                "Use letters, digits and - _ . : only, as in [^reuters-2019] or [^4].",
            )
        ],
        help_text="The key used in the body: [^label]. Letters, digits, and - _ . : only.",
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="footnotes"
    )
    pinpoint = models.CharField(
        max_length=60, blank=True, help_text="Page, section or timestamp, such as 12 or §4."
    )
    commentary = models.TextField(blank=True, help_text="Plain text shown after the citation.")
    position = models.PositiveIntegerField(
        default=0, help_text="Order of first appearance in the body, kept by the editor's save."
    )

    objects = FootnoteQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["essay", "label"],
                name="%(app_label)s_%(class)s_label_unique",
                violation_error_message="This essay already has a footnote with this label.",
            ),
            models.CheckConstraint(
                condition=~Q(label=""), name="%(app_label)s_%(class)s_label_not_empty"
            ),
        ]

    def __str__(self):
        return f"[^{self.label}]"

    def as_note_data(self) -> NoteData | None:
        """This footnote as the citation functions' NoteData (None for an unusable label)."""
        return note_data(self)
