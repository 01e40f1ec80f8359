"""A run of notes in a citation style: each source in full once, later citations shortened.

Chicago (17th ed., 14.29–14.36) prefers shortened notes, author surnames, a short title and
the page, for every later citation of a source, and discourages "Ibid.". The "ibid" style
follows CSL's positions: "Ibid." only right after a note citing that one source, and never
across a note without a citation; other later citations are shortened as well.
https://docs.citationstyles.org/en/stable/specification.html#position
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .chicago import (
    _HTML,
    _TEXT,
    _inner_quotes,
    _join,
    _Quoted,
    _Writer,
    format_ibid,
    format_pinpoint,
    is_ibid,
    smarten_quotes,
    with_commentary,
)
from .chicago import _note as full_note
from .sources import NoteData, SourceData, same_source, split_name

CITATION_STYLES = ("shortened", "ibid")
SHORT_TITLE_WORDS = 4
# Words a short title does not start or end with ("The Arithmetic of" -> "Arithmetic").
_ARTICLES = frozenset({"a", "an", "the"})
_LINKING = _ARTICLES | frozenset(
    {"of", "and", "or", "in", "on", "to", "for", "with", "at", "by", "from", "as", "into", "versus"}
)
_SUBTITLE = re.compile(r"\s*(?::|—|\s–\s|\s-\s).*$|(?<=[?!])\s.*$")
_TRAILING = re.compile(r"[\s,;:.…–—-]+$")


def format_notes(notes: Sequence[NoteData], *, style: str, html: bool = True) -> list[str]:
    """The text of each note in order, as `style` sets out repeated citations."""
    if style not in CITATION_STYLES:
        choices = ", ".join(CITATION_STYLES)
        raise ValueError(f"Unknown citation style {style!r}; use one of {choices}.")
    writer = _HTML if html else _TEXT
    cited: list[SourceData] = []
    texts = []
    previous = None
    for note in notes:
        citation = ""
        if note.source is not None:
            citation = _citation(note, previous, cited, style, writer)
            cited.append(note.source)
        texts.append(with_commentary(citation, note, writer))
        previous = note
    return texts


def _citation(note, previous, cited, style, writer: _Writer) -> str:
    if style == "ibid" and is_ibid(note, previous):
        return format_ibid(note, previous, writer)
    if any(same_source(note.source, earlier) for earlier in cited):
        return _short_note(note.source, format_pinpoint(note.pinpoint), writer)
    return full_note(note.source, format_pinpoint(note.pinpoint), writer)


def format_short_note(source: SourceData, pinpoint: str = "", *, html: bool = True) -> str:
    """A shortened note: "Marsh, <i>Rivers of Contention</i>, 214–16."."""
    return _short_note(source, format_pinpoint(pinpoint), _HTML if html else _TEXT)


def _short_note(source: SourceData, pinpoint: str, writer: _Writer) -> str:
    segments: list[str | _Quoted] = []
    if names := short_authors(source):
        segments.append(writer.text(smarten_quotes(names)))
    title = smarten_quotes(source.short_title.strip()) or short_title(source.title)
    if title:
        italic = source.kind in ("book", "report") and not source.container.strip()
        quoted = _Quoted(writer.text(_inner_quotes(title)))
        segments.append(writer.italic(title) if italic else quoted)
    elif source.container.strip():
        segments.append(writer.italic(smarten_quotes(source.container.strip())))
    if pinpoint:
        segments.append(writer.text(pinpoint))
    return _join(segments)


def short_authors(source: SourceData) -> str:
    """Surnames as Chicago's short notes give them; organisations keep their whole name."""
    names = [
        " ".join(name.split()) if source.is_organisation(name) else split_name(name)[1]
        for name in source.authors
        if name.strip()
    ]
    if len(names) >= 4:
        return f"{names[0]} et al."
    if len(names) == 3:
        return f"{names[0]}, {names[1]}, and {names[2]}"
    return " and ".join(names)


def short_title(title: str) -> str:
    """The main title without its subtitle; past four words, its leading key words."""
    main = _SUBTITLE.sub("", " ".join(title.split())) or " ".join(title.split())
    words = main.split()
    if len(words) > SHORT_TITLE_WORDS:
        if words[0].lower() in _ARTICLES:
            words = words[1:]
        kept = words[:SHORT_TITLE_WORDS]
        # Stop before a linking word after the first two: "Negro Impact on Western..." ->
        # "Negro Impact".
        for index, word in enumerate(kept[2:], start=2):
            if word.lower() in _LINKING:
                kept = kept[:index]
                break
        while len(kept) > 1 and kept[-1].lower() in _LINKING:
            kept.pop()
        main = _TRAILING.sub("", " ".join(kept))
    return smarten_quotes(main)
