"""Essay body rendering: Markdown to sanitised HTML, with numbered notes. Pure; no ORM."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import bleach
import markdown
from bleach.css_sanitizer import CSSSanitizer

from essays.citations import (
    LABEL_RE,
    MARKER_RE,
    NoteData,
    SourceData,
    find_malformed_markers,
    render_notes,
    smarten_html,
)
from essays.figures import FigureData, FigureExtension
from essays.paragraphs import with_paragraph_ids

# Editors are trusted, but a stolen editor account must not be able to plant script:
# everything Markdown produces is passed through this allowlist.
EDITOR_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "i", "b", "s", "del",
        "ins", "sup", "sub", "small", "mark", "abbr", "cite", "q", "code", "pre", "kbd",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "img", "table",
        "thead", "tbody", "tr", "th", "td", "caption",
    }
)  # fmt: skip
EDITOR_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "img": ["src", "alt", "width", "height", "loading", "title"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
    "ol": ["start"],
    "q": ["cite"],
    "blockquote": ["cite"],
    "code": ["class"],
}
EDITOR_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=EDITOR_TAGS,
    attributes=EDITOR_ATTRIBUTES,
    protocols=EDITOR_PROTOCOLS,
    strip=True,
    strip_comments=True,
    css_sanitizer=CSSSanitizer(allowed_css_properties=[]),
)
_MARKDOWN_EXTENSIONS = ["abbr", "tables", "fenced_code", "sane_lists", "smarty"]
# Smarty sets dashes and ellipses; quotes are SmartyPants' (smarten_html), as in notes and
# comments, which leaves URLs written as text alone.
_MARKDOWN_CONFIG = {"smarty": {"smart_quotes": False}}
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class RenderedBody:
    body_html: str
    notes_html: str
    word_count: int
    has_sources: bool = False
    missing_labels: tuple[str, ...] = ()
    unused_labels: tuple[str, ...] = ()
    duplicate_labels: tuple[str, ...] = ()
    malformed_markers: tuple[str, ...] = ()
    missing_figures: tuple[int, ...] = ()  # media:N lines whose image is not in the library
    loose_figures: tuple[int, ...] = ()  # media:N images inside a paragraph, left out


def markdown_to_safe_html(text: str, *, extensions: Sequence = ()) -> str:
    """Convert editor Markdown (with a little inline HTML) to HTML that passed the allowlist."""
    html = markdown.markdown(
        text,
        extensions=[*_MARKDOWN_EXTENSIONS, *extensions],
        extension_configs=_MARKDOWN_CONFIG,
        output_format="html",
    )
    return smarten_html(_cleaner.clean(html))


def count_words(html: str) -> int:
    return len(_WORD.findall(_TAG.sub(" ", html)))


def render_essay_body(
    body: str,
    *,
    notes: Sequence[NoteData] = (),
    note_style: str = "lower-roman",
    citation_style: str = "shortened",
    figures: Mapping[int, FigureData] | None = None,
) -> RenderedBody:
    """Render an essay's Markdown body and its notes to stored HTML, with what did not match.

    Markers and figures (`figures`: library images by id) are replaced after sanitising: the
    note and figure markup is ours, built from escaped data.
    """
    figures = figures or {}
    placed = FigureExtension()
    html = markdown_to_safe_html(body, extensions=[placed])
    # Labels and figure placeholders are not words of the essay.
    word_count = count_words(MARKER_RE.sub(" ", placed.without_placeholders(html)))
    rendered = render_notes(html, list(notes), style=note_style, citation_style=citation_style)
    used = set(rendered.used_labels)
    return RenderedBody(
        body_html=with_paragraph_ids(placed.place(rendered.body_html, figures)),
        notes_html=rendered.notes_html,
        word_count=word_count,
        has_sources=any(note.source is not None and note.label in used for note in notes),
        missing_labels=tuple(rendered.missing_labels),
        unused_labels=tuple(rendered.unused_labels),
        duplicate_labels=tuple(rendered.duplicate_labels),
        malformed_markers=tuple(find_malformed_markers(body)),
        missing_figures=placed.missing(figures),
        loose_figures=tuple(dict.fromkeys(placed.loose)),
    )


def source_data(source) -> SourceData:
    """A Source row (or anything with its fields, such as a migration's model) as SourceData.

    Authors are one per line. A name in braces, "{Médecins Sans Frontières}", or one equal to
    the publisher or publication, is an organisation whatever the name heuristic guesses.
    """
    authors, organisations = [], set()
    for line in source.authors.splitlines():
        name = " ".join(line.split())
        if name.startswith("{") and name.endswith("}"):
            name = name[1:-1].strip()
            organisations.add(name)
        if not name:
            continue
        if name.casefold() in {source.publisher.casefold(), source.container.casefold()}:
            organisations.add(name)
        authors.append(name)
    return SourceData(
        kind=source.kind,
        authors=authors,
        title=source.title,
        # getattr: the historical Source of migrations before essays 0012 has no short_title.
        short_title=getattr(source, "short_title", ""),
        container=source.container,
        publisher=source.publisher,
        date=source.published_on,
        date_precision=source.date_precision,
        url=source.url,
        archived_url=source.archived_url,
        url_broken=source.link_broken,
        accessed=source.accessed_on,
        key=str(source.pk),
        organisations=frozenset(organisations),
    )


def note_data(footnote) -> NoteData | None:
    """A Footnote row as NoteData, or None if its label could never match a marker."""
    if not LABEL_RE.fullmatch(footnote.label):
        return None
    source = source_data(footnote.source) if footnote.source_id else None
    return NoteData(footnote.label, source, footnote.pinpoint, footnote.commentary)
