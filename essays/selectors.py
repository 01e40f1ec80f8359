"""Reads of essays that views, feeds and sitemaps share."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet

from essays.citations import ConversionResult, NoteData, convert_pasted
from essays.models import Essay, Footnote, Source
from essays.rendering import RenderedBody, render_essay_body


def essay_neighbours(*, essay: Essay) -> tuple[Essay | None, Essay | None]:
    """The published essays just before and just after `essay`."""
    published = Essay.objects.published().only("title", "slug", "publish_at")
    previous = (
        published.filter(Q(publish_at__lt=essay.publish_at))
        .exclude(pk=essay.pk)
        .order_by("-publish_at", "-pk")
        .first()
    )
    following = (
        published.filter(Q(publish_at__gt=essay.publish_at))
        .exclude(pk=essay.pk)
        .order_by("publish_at", "pk")
        .first()
    )
    return previous, following


def essay_search(*, query: str) -> QuerySet[Essay]:
    """Published essays matching `query` in title, standfirst or body, best first.

    PostgreSQL ranks with full-text search; SQLite falls back to matching every word.
    """
    published = Essay.objects.published().with_bylines()
    query = query.strip()
    if not query:
        return published.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("dek", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return (
            published.annotate(rank=SearchRank(vector, search_query))
            .filter(rank__gt=0)
            .order_by("-rank", "-publish_at")
        )
    matches = published
    for word in query.split()[: settings.SEARCH_MAX_TERMS]:
        matches = matches.filter(
            Q(title__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        )
    return matches


def essay_preview(*, fields: dict, notes: list[dict]) -> tuple[Essay, RenderedBody]:
    """An unsaved essay rendered from the editor's form data, as readers would get it.

    The sources are read in one query, however many notes cite them; rows with neither a
    known source nor commentary are left out, as FootnoteQuerySet.written() leaves them out.
    """
    sources = Source.objects.in_bulk({note["source"] for note in notes if note.get("source")})
    footnotes = [
        Footnote(
            label=note["label"],
            source=source,
            pinpoint=note.get("pinpoint", "") if source else "",
            commentary=note.get("commentary", ""),
        )
        for note in notes
        if note.get("label")
        and ((source := sources.get(note.get("source"))) or note.get("commentary"))
    ]
    essay = Essay(**fields)
    return essay, essay.render(footnotes=footnotes)


def pasted_notes_preview(*, essay: Essay) -> tuple[ConversionResult, RenderedBody] | None:
    """What converting the notes list pasted at the end of the body would give, rendered as
    readers would see it; None when there is none. Nothing is written."""
    result = convert_pasted(essay.body)
    if not result.notes:
        return None
    notes = [
        NoteData(note.label, note.source, note.pinpoint, note.commentary)
        if note.source
        else NoteData(note.label, None, "", note.commentary or note.raw_text)
        for note in result.notes
    ]
    rendered = render_essay_body(
        result.body,
        notes=notes,
        note_style=result.numbering_style,
        citation_style=essay.citation_style,
    )
    return result, rendered
