"""Citation logic for essays: pure functions over plain dataclasses; no Django, no ORM.

The models adapt to `SourceData` and `NoteData`; everything here is deterministic and safe to
run at save time.
"""

from .chicago import (
    cite_essay_chicago,
    format_authors,
    format_chicago_note,
    format_chicago_note_text,
    format_date,
    format_note,
    format_pinpoint,
    is_http_url,
)
from .export import bibtex_escape, cite_essay_bibtex, to_bibtex, to_csl_json
from .markers import MARKER_RE, find_html_markers, find_malformed_markers, find_markers
from .metadata import coins_span, coins_title, highwire_date, highwire_reference
from .notes import CITATION_STYLES, format_notes, format_short_note, short_authors, short_title
from .numbering import NUMBERING_STYLES, format_number, from_roman, number_labels, to_roman
from .pasted import ConversionResult, ParsedNote, convert_pasted
from .render import RenderedNotes, render_notes, without_sidenotes
from .sources import DATE_PRECISIONS, KINDS, LABEL_RE, NoteData, SourceData, same_source
from .typography import smarten_html, smarten_text

__all__ = [
    "CITATION_STYLES",
    "DATE_PRECISIONS",
    "KINDS",
    "LABEL_RE",
    "MARKER_RE",
    "NUMBERING_STYLES",
    "ConversionResult",
    "NoteData",
    "ParsedNote",
    "RenderedNotes",
    "SourceData",
    "bibtex_escape",
    "cite_essay_bibtex",
    "cite_essay_chicago",
    "coins_span",
    "coins_title",
    "convert_pasted",
    "find_html_markers",
    "find_malformed_markers",
    "find_markers",
    "format_authors",
    "format_chicago_note",
    "format_chicago_note_text",
    "format_date",
    "format_note",
    "format_notes",
    "format_number",
    "format_pinpoint",
    "format_short_note",
    "from_roman",
    "highwire_date",
    "highwire_reference",
    "is_http_url",
    "number_labels",
    "render_notes",
    "same_source",
    "short_authors",
    "short_title",
    "smarten_html",
    "smarten_text",
    "to_bibtex",
    "to_csl_json",
    "to_roman",
    "without_sidenotes",
]
