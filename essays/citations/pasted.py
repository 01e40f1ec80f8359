"""Converting a pasted essay (WordPress, a word processor) with [1] or [iv] markers and a notes
list at the end into a body with [^1] markers and structured notes.

Parsing is heuristic: a note that does not have a recognisable citation shape keeps its text
as commentary and is listed in `unparsed` for an editor to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbering import from_roman
from .pasted_notes import ParsedNote, parse_note
from .sources import SourceData


@dataclass(frozen=True)
class ConversionResult:
    body: str
    notes: list[ParsedNote]
    unparsed: list[str]  # labels of notes that look like citations but could not be read
    markers_without_notes: list[str]
    notes_without_markers: list[str]
    numbering_style: str  # "arabic" or "lower-roman", as pasted
    warnings: list[str] = field(default_factory=list)


_NUMERAL = r"(\d{1,3}|[ivxlcdm]{1,9}|[IVXLCDM]{1,9})"
_NOTE_LINE_RE = re.compile(rf"[ \t]*\[{_NUMERAL}\][ \t.:)–-]*(.*)")
_HEADING_RE = re.compile(
    r"\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:notes|endnotes|footnotes|references|sources|citations"
    r"|works cited|bibliography)\s*:?\s*(?:\*\*|__)?\s*",
    re.I,
)
_RULE_RE = re.compile(r"\s*(?:[_\-*=~—–]\s*){3,}")
# The space an editor typed before a marker goes: "word [1]" becomes "word[^1]".
_ARABIC_MARKER_RE = re.compile(r"[ \u00a0]?\[(\d{1,3})\]")
_ANY_MARKER_RE = re.compile(rf"[ \u00a0]?\[{_NUMERAL}\]")


def convert_pasted(text: str) -> ConversionResult:
    """Split pasted `text` into a body with [^n] markers and parsed notes (idempotent)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = _notes_start(lines)
    warnings: list[str] = []
    entries = _note_entries(lines[start:], warnings)
    roman = any(not numeral.isdigit() for numeral, _ in entries)
    notes: list[ParsedNote] = []
    sources: list[SourceData] = []
    unparsed: list[str] = []
    for numeral, raw in entries:
        value = _numeral_value(numeral, roman)
        if value is None:
            warnings.append(f"Note [{numeral}] mixes Arabic and Roman numbering; it was skipped.")
            continue
        label = str(value)
        if any(note.label == label for note in notes):
            warnings.append(f"Note [{numeral}] appears twice; the second was skipped.")
            continue
        note, parsed = parse_note(label, raw, notes[-1] if notes else None, sources)
        if not parsed:
            unparsed.append(label)
        if note.ibid and note.source is None:
            warnings.append(f"Note [{numeral}] says Ibid. but the note before cites no source.")
        notes.append(note)

    cited: list[str] = []

    def marker(match: re.Match) -> str:
        value = _numeral_value(match.group(1), roman)
        if value is None:
            return match.group(0)
        if str(value) not in cited:
            cited.append(str(value))
        return f"[^{value}]"

    body = "\n".join(lines[:start]).rstrip()
    body = (_ANY_MARKER_RE if roman else _ARABIC_MARKER_RE).sub(marker, body)
    labels = [note.label for note in notes]
    return ConversionResult(
        body=body + "\n" if body else "",
        notes=notes,
        unparsed=unparsed,
        markers_without_notes=[label for label in cited if label not in labels],
        notes_without_markers=[label for label in labels if label not in cited],
        numbering_style="lower-roman" if roman else "arabic",
        warnings=warnings,
    )


def _numeral_value(numeral: str, roman: bool) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    return from_roman(numeral) if roman else None


def _notes_start(lines: list[str]) -> int:
    """Index of the first line of the notes section (its heading or rule), or len(lines)."""
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if _HEADING_RE.fullmatch(line) and _note_follows(lines, i + 1)
        ),
        len(lines),
    )
    # Paragraphs opening with a marker just before belong to the notes too: the notes need no
    # heading, and the body must not end in something a second pass would take for notes.
    index = start
    while True:
        index -= 1
        while index >= 0 and (not lines[index].strip() or _RULE_RE.fullmatch(lines[index])):
            index -= 1
        if index < 0:
            break
        bottom = index
        while index > 0 and lines[index - 1].strip() and not _RULE_RE.fullmatch(lines[index - 1]):
            index -= 1
        if not _NOTE_LINE_RE.fullmatch(lines[index]):
            # Notes typed straight under the last paragraph: a run of marker lines ends it.
            while _NOTE_LINE_RE.fullmatch(lines[bottom]):
                start = bottom
                bottom -= 1
            break
        start = index
    return _rules_before(lines, start) if start < len(lines) else start


def _note_follows(lines: list[str], index: int) -> bool:
    while index < len(lines) and (not lines[index].strip() or _RULE_RE.fullmatch(lines[index])):
        index += 1
    return index < len(lines) and bool(_NOTE_LINE_RE.fullmatch(lines[index]))


def _rules_before(lines: list[str], start: int) -> int:
    """Move `start` up over the blank lines and rules ("___") that introduce the notes."""
    index = start - 1
    while index >= 0 and (not lines[index].strip() or _RULE_RE.fullmatch(lines[index])):
        if lines[index].strip():
            start = index
        index -= 1
    return start


def _note_entries(lines: list[str], warnings: list[str]) -> list[tuple[str, str]]:
    """(numeral, text) per note; lines without a marker continue the note before them."""
    entries: list[tuple[str, list[str]]] = []
    for line in lines:
        if match := _NOTE_LINE_RE.fullmatch(line):
            entries.append((match.group(1), [match.group(2)]))
        elif not line.strip() or _HEADING_RE.fullmatch(line) or _RULE_RE.fullmatch(line):
            continue
        elif entries:
            entries[-1][1].append(line)
        else:
            warnings.append(f"Ignored text before the first note: {line.strip()!r}")
    return [(numeral, " ".join(" ".join(parts).split())) for numeral, parts in entries]
