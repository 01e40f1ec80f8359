"""Essays, their authors and topics, and the sources their footnotes cite.

essay: Author, Topic, Essay (with what "public" means), OldAddress; citations: Source,
Footnote; revisions: EssayRevision; corrections: Correction. Migrations name
essays.models.default_note_style and default_citation_style.
"""

from essays.models.citations import Footnote, FootnoteQuerySet, Source
from essays.models.corrections import Correction
from essays.models.essay import (
    BYLINE_JOIN,
    BYLINE_PREFETCHES,
    PUBLIC_STATUS,
    PUBLISHED_SQL,
    Author,
    Essay,
    EssayQuerySet,
    OldAddress,
    Topic,
    comments_are_open,
    comments_close_at,
    default_citation_style,
    default_note_style,
    unique_slug,
)
from essays.models.media import MediaItem
from essays.models.revisions import EssayRevision

__all__ = [
    "BYLINE_JOIN",
    "BYLINE_PREFETCHES",
    "PUBLIC_STATUS",
    "PUBLISHED_SQL",
    "Author",
    "Correction",
    "Essay",
    "EssayQuerySet",
    "EssayRevision",
    "Footnote",
    "FootnoteQuerySet",
    "MediaItem",
    "OldAddress",
    "Source",
    "Topic",
    "comments_are_open",
    "comments_close_at",
    "default_citation_style",
    "default_note_style",
    "unique_slug",
]
