"""Reads of essays that views, feeds and sitemaps share."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from essays.citations import ConversionResult, NoteData, convert_pasted
from essays.models import Essay, Footnote, Source
from essays.rendering import RenderedBody, render_essay_body
from essays.search import (
    MARK_END,
    MARK_START,
    POSTGRES_CONFIG,
    SNIPPET_WORDS,
    SQLITE_MATCHING,
    SQLITE_RANK,
    SQLITE_SNIPPET,
    fts5_match,
    search_vector,
    searches_own_table,
)


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
    """Published essays matching every word and "phrase" of `query`, best first, each with a
    `snippet` of its body (matches between essays.search.MARK_START and MARK_END).

    SQLite ranks with FTS5's bm25, PostgreSQL with SearchRank (essays/search.py).
    """
    published = Essay.objects.published().with_bylines()
    if not query.strip():
        return published.none()
    if not searches_own_table(connection):
        return _postgres_search(published, query)
    match = fts5_match(query, max_terms=settings.SEARCH_MAX_TERMS)
    if not match:
        return published.none()
    # RawSQL: the statements are constants of essays.search; the query is their one parameter.
    return (
        published.filter(pk__in=RawSQL(SQLITE_MATCHING, [match]))  # noqa: S611
        .annotate(
            rank=RawSQL(SQLITE_RANK, [match]),  # noqa: S611
            snippet=RawSQL(SQLITE_SNIPPET, [match]),  # noqa: S611
        )
        .order_by("rank", "-publish_at")
    )


def _postgres_search(published: QuerySet[Essay], query: str) -> QuerySet[Essay]:
    # Filtering on the vector itself (@@), not on the rank, lets the GIN index answer.
    search_query = SearchQuery(query[:500], search_type="websearch", config=POSTGRES_CONFIG)
    return (
        published.alias(document=search_vector())
        .filter(document=search_query)
        .annotate(
            rank=SearchRank(F("document"), search_query),
            snippet=SearchHeadline(
                "body",
                search_query,
                config=POSTGRES_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=SNIPPET_WORDS + 6,
                min_words=SNIPPET_WORDS - 6,
            ),
        )
        .order_by("-rank", "-publish_at")
    )


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
