"""Turning [^label] markers in rendered HTML into note references, and the notes list.

The markup follows DPUB-ARIA: `doc-noteref` links, a `doc-endnotes` section, `doc-backlink`
links with distinct accessible names. List items carry no role: `doc-endnote` is deprecated.
https://www.w3.org/TR/dpub-aria-1.1/#doc-endnote
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .markers import replace_html_markers
from .metadata import coins_span
from .notes import format_notes
from .numbering import format_number, to_letters
from .sources import NoteData
from .typography import unused_private_character

_ID_PREFIX_RE = re.compile(r"[A-Za-z0-9_-]*")
# A note's text holds no <span>, so the first </span> after the number closes the sidenote.
_SIDENOTE_RE = re.compile(
    r'<span class="sidenote" hidden aria-hidden="true"><span class="sidenote__number">[^<]*'
    r"</span>.*?</span>",
    re.S,
)
# U+FE0E asks for the text glyph; without it some phones draw the arrow as an emoji.
_BACKLINK_GLYPH = "↩\ufe0e"


@dataclass(frozen=True)
class RenderedNotes:
    body_html: str
    notes_html: str
    used_labels: list[str]
    missing_labels: list[str]
    unused_labels: list[str]
    duplicate_labels: list[str]


def render_notes(
    html: str,
    notes: list[NoteData],
    *,
    style: str,
    citation_style: str = "shortened",
    id_prefix: str = "",
) -> RenderedNotes:
    """Number the notes cited in `html`, link each marker to its note, and build the list.

    `style` numbers the notes; `citation_style` sets out repeated citations (notes.py).

    A marker without a note stays visible as typed and is reported in `missing_labels`; of
    two notes sharing a label, the first is used and the label reported as a duplicate.
    """
    format_number(1, style)  # fail early on an unknown style
    if not _ID_PREFIX_RE.fullmatch(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} may hold only letters, digits, - and _.")
    by_label: dict[str, NoteData] = {}
    duplicates: list[str] = []
    for note in notes:
        if note.label not in by_label:
            by_label[note.label] = note
        elif note.label not in duplicates:
            duplicates.append(note.label)

    ids = _Ids(id_prefix)
    citations: dict[str, list[str]] = {}  # label -> ids of the places citing it, in order
    missing: list[str] = []

    def noteref(label: str) -> str | None:
        if label not in by_label:
            if label not in missing:
                missing.append(label)
            return None
        places = citations.setdefault(label, [])
        places.append(ids.ref(label, len(places) + 1))
        number = escape(format_number(list(citations).index(label) + 1, style))
        return (
            f'<sup class="noteref" id="{places[-1]}"><a href="#{ids.note(label)}" '
            f'role="doc-noteref" aria-describedby="{ids.heading}">{number}</a></sup>'
            + (f"{mark}{label}{mark}" if mark else "")  # its sidenote, once texts are known
        )

    mark = unused_private_character(html)  # None: a body holding them all gets no sidenotes
    body_html = replace_html_markers(html, noteref)
    used = list(citations)
    formatted = format_notes([by_label[label] for label in used], style=citation_style)
    texts = dict(zip(used, formatted, strict=True))
    if mark:
        numbers = {label: escape(format_number(n, style)) for n, label in enumerate(used, 1)}
        body_html = re.sub(
            f"{mark}([^{mark}]*){mark}",
            lambda match: _sidenote(numbers[match.group(1)], texts[match.group(1)]),
            body_html,
        )
    return RenderedNotes(
        body_html=body_html,
        notes_html=_notes_section(used, by_label, citations, ids, style, texts),
        used_labels=used,
        missing_labels=missing,
        unused_labels=[label for label in by_label if label not in citations],
        duplicate_labels=duplicates,
    )


def _notes_section(
    used: list[str],
    by_label: dict[str, NoteData],
    citations: dict[str, list[str]],
    ids: _Ids,
    style: str,
    texts: dict[str, str],
) -> str:
    if not used:
        return ""
    items = []
    for number, label in enumerate(used, start=1):
        note, text = by_label[label], texts[label]
        shown = escape(format_number(number, style))
        refs = citations[label]
        backlinks = " ".join(
            _backlink(ref_id, shown, k, len(refs)) for k, ref_id in enumerate(refs, start=1)
        )
        items.append(
            f'<li id="{ids.note(label)}" value="{number}"><span class="note-number">{shown}</span> '
            f'<span class="note-text">{text}</span> '
            f'<span class="note-backlinks">{backlinks}</span>{_coins(note)}</li>'
        )
    return (
        f'<section class="notes" role="doc-endnotes" aria-labelledby="{ids.heading}">'
        f'<h2 id="{ids.heading}">Notes</h2><ol class="notes-list notes-list--{style}">'
        + "".join(items)
        + "</ol></section>"
    )


def without_sidenotes(body_html: str) -> str:
    """A rendered body without its sidenotes, for feeds: readers there drop `hidden`."""
    return _SIDENOTE_RE.sub("", body_html)


def _sidenote(shown: str, text: str) -> str:
    """The note again, beside its marker: shown in the margin by CSS on wide screens only.

    `hidden` keeps it out of reader modes and pages read without CSS, which have the list;
    aria-hidden and tabindex keep screen readers and the keyboard on the marker and the list.
    """
    text = text.replace("<a href=", '<a tabindex="-1" href=')
    return (
        f'<span class="sidenote" hidden aria-hidden="true">'
        f'<span class="sidenote__number">{shown}</span> {text}</span>'
    )


def _coins(note: NoteData) -> str:
    # For reference managers (Zotero's COinS translator); empty, so nothing shows.
    return coins_span(note.source) if note.source is not None else ""


def _backlink(ref_id: str, shown: str, k: int, count: int) -> str:
    """A link back to the k-th of `count` places citing a note, named apart from the others."""
    name = f"Back to reference {shown}"
    mark = ""
    if count > 1:
        # The visible letter is part of the name (WCAG 2.5.3, label in name).
        name += f", citation {to_letters(k)}"
        mark = f"<sup>{to_letters(k)}</sup>"
    return (
        f'<a href="#{ref_id}" role="doc-backlink" aria-label="{name}">{_BACKLINK_GLYPH}{mark}</a>'
    )


class _Ids:
    """Element ids derived from labels; characters awkward in CSS selectors become "-"."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.heading = f"{prefix}notes-heading"
        self._slugs: dict[str, str] = {}

    def slug(self, label: str) -> str:
        if label not in self._slugs:
            base = candidate = re.sub(r"[^A-Za-z0-9_-]", "-", label)
            n = 2
            while candidate in self._slugs.values():  # "a.b" and "a:b" must not share an id
                candidate, n = f"{base}--{n}", n + 1
            self._slugs[label] = candidate
        return self._slugs[label]

    def note(self, label: str) -> str:
        return f"{self.prefix}note-{self.slug(label)}"

    def ref(self, label: str, k: int) -> str:
        return f"{self.prefix}ref-{self.slug(label)}-{k}"
