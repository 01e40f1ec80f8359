"""Chicago notes style (18th edition): full notes, "Ibid.", and the "Cite this essay" entry.

Every formatter has an HTML variant (escaped, titles in <i>, http(s) URLs linked) and a
plain-text variant; both come from the same rules through a `_Writer`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from .sources import NoteData, SourceData, is_organisation, same_source, split_name
from .typography import smarten_text

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
# A range of pages or numbered parts: "214-16", "xi - xiv", "3--5" (CMOS 6.78: an en dash).
_HYPHENS = r"\s*(?:-{1,2}|‐|‑|‒|―)\s*"
_RANGE = re.compile(
    rf"\b(\d+){_HYPHENS}(?=\d)|\b([ivxlcdm]+){_HYPHENS}(?=[ivxlcdm]+\b)"
    rf"|\b([IVXLCDM]+){_HYPHENS}(?=[IVXLCDM]+\b)"
)


class _Writer:
    def __init__(self, html: bool):
        self.html = html

    def text(self, value: str) -> str:
        return escape(value) if self.html else value

    def italic(self, value: str) -> str:
        return f"<i>{escape(value)}</i>" if self.html else value

    def link(self, url: str) -> str:
        url = url.strip()
        if self.html and is_http_url(url):
            return f'<a href="{escape(url)}">{escape(url)}</a>'
        return self.text(url)


_HTML = _Writer(html=True)
_TEXT = _Writer(html=False)


@dataclass(frozen=True)
class _Quoted:
    """A title in quotation marks; the comma or period that follows goes inside them."""

    text: str


def format_chicago_note(source: SourceData, pinpoint: str = "") -> str:
    """A full Chicago note for `source` as safe HTML, ending with a period."""
    return _note(source, format_pinpoint(pinpoint), _HTML)


def format_chicago_note_text(source: SourceData, pinpoint: str = "") -> str:
    """A full Chicago note for `source` as plain text (no markup, nothing escaped)."""
    return _note(source, format_pinpoint(pinpoint), _TEXT)


def format_note(note: NoteData, *, previous: NoteData | None = None, html: bool = True) -> str:
    """One numbered note: its citation (or "Ibid.") followed by its commentary."""
    writer = _HTML if html else _TEXT
    citation = ""
    if note.source is not None:
        if is_ibid(note, previous):
            citation = format_ibid(note, previous, writer)
        else:
            citation = _note(note.source, format_pinpoint(note.pinpoint), writer)
    return with_commentary(citation, note, writer)


def with_commentary(citation: str, note: NoteData, writer: _Writer) -> str:
    """A note's citation followed by its commentary, in typographic quotes."""
    commentary = smarten_text(note.commentary.strip())
    return " ".join(part for part in (citation, writer.text(commentary)) if part)


def format_ibid(note: NoteData, previous: NoteData, writer: _Writer) -> str:
    """ "Ibid." alone for the same place as the note before, "Ibid., 14." for another."""
    pinpoint = format_pinpoint(note.pinpoint)
    if pinpoint == format_pinpoint(previous.pinpoint):
        return "Ibid."
    return _join(["Ibid.", writer.text(pinpoint)])


def format_pinpoint(pinpoint: str) -> str:
    """A pinpoint with its ranges joined by en dashes: "214-16" becomes "214–16"."""
    return _RANGE.sub(_en_dash, " ".join(pinpoint.split()))


def _en_dash(match: re.Match) -> str:
    return next(group for group in match.groups() if group) + "–"


def is_ibid(note: NoteData, previous: NoteData | None) -> bool:
    """Whether `note` repeats the one work `previous` cited, at a place "Ibid." can name."""
    # "Ibid." alone would claim the previous page; a note citing the whole work spells it out.
    return (
        previous is not None
        and same_source(previous.source, note.source)
        and bool(note.pinpoint.strip() or not previous.pinpoint.strip())
    )


def _note(source: SourceData, pinpoint: str, writer: _Writer) -> str:
    segments: list[str | _Quoted] = []
    if source.authors:
        segments.append(writer.text(smarten_text(format_authors(source.authors))))
    title = smarten_quotes(" ".join(source.title.split()))
    container = smarten_quotes(" ".join(source.container.split()))
    if source.kind in ("book", "report"):
        facts = _publication_facts(source, writer)
        if container:
            if title:
                segments.append(_Quoted(writer.text(_inner_quotes(title))))
            segments.append(f"in {writer.italic(container)}{facts}")
        elif title or facts:
            segments.append((writer.italic(title) if title else "") + facts)
    else:
        if title:
            segments.append(_Quoted(writer.text(_inner_quotes(title))))
        if source.kind == "interview":
            segments.append("interview")
        if container:
            # Chicago sets web site names in roman; publications are italic.
            web = source.kind == "web"
            segments.append(writer.text(container) if web else writer.italic(container))
        if source.publisher and source.kind in ("web", "other") and source.publisher != container:
            segments.append(writer.text(source.publisher))
        if source.date:
            segments.append(writer.text(format_date(source.date, source.date_precision)))
    if source.date is None and source.accessed and (source.url or source.archived_url):
        segments.append(writer.text(f"accessed {format_date(source.accessed, 'day')}"))
    if pinpoint:
        segments.append(writer.text(pinpoint))
    if source.url_broken and source.archived_url:
        segments.append(f"archived at {writer.link(source.archived_url)}")
    elif source.url or source.archived_url:
        segments.append(writer.link(source.url or source.archived_url))
    return _join(segments)


def _publication_facts(source: SourceData, writer: _Writer) -> str:
    """The parenthesis after a book or report title: " (Publisher, 2019)"."""
    facts = []
    publisher = " ".join(source.publisher.split())
    if publisher:
        facts.append(publisher)
    if source.date:
        facts.append(format_date(source.date, source.date_precision))
    elif facts:
        facts.append("n.d.")
    return f" ({writer.text(', '.join(facts))})" if facts else ""


def _join(segments: list[str | _Quoted]) -> str:
    out = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if isinstance(segment, _Quoted):
            out.append(_quote(segment.text, "." if last else ",") + ("" if last else " "))
        elif last:
            out.append(segment if _ends_with_stop(segment) else f"{segment}.")
        else:
            out.append(f"{segment}, ")
    return "".join(out)


def _quote(text: str, punctuation: str) -> str:
    """“Text,” with the comma or period inside, even inside a closing single quote."""
    inner = ""
    if text.endswith("’") and "‘" in text:  # a closing quote, not an apostrophe
        text, inner = text[:-1], "’"
    return f"“{text}{'' if _ends_with_stop(text) else punctuation}{inner}”"


def _ends_with_stop(markup: str) -> bool:
    return _TAG.sub("", markup).rstrip().endswith((".", "?", "!"))


def format_authors(authors: list[str]) -> str:
    """Join author names: "A", "A and B", "A, B, and C"; four or more give "A et al."."""
    names = [" ".join(name.split()) for name in authors if name.strip()]
    if len(names) >= 4:
        return f"{names[0]} et al."
    if len(names) == 3:
        return f"{names[0]}, {names[1]}, and {names[2]}"
    return " and ".join(names)


def format_date(date: datetime.date, precision: str = "day") -> str:
    """A date at its precision: "2019", "October 2019", or "October 26, 2019"."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def smarten_quotes(text: str) -> str:
    """Straight quotes and apostrophes to curly ones (plain text in, plain text out)."""
    return smarten_text(text)


def _inner_quotes(title: str) -> str:
    # A quoted title's own double quotes become single ones: “Turkey Will ‘Cleanse’ …”.
    return title.replace("“", "‘").replace("”", "’")


def is_http_url(url: str) -> bool:
    """Only http and https URLs are ever linked."""
    if not url or any(char.isspace() or ord(char) < 32 for char in url):
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def cite_essay_chicago(
    title: str,
    authors: list[str],
    site_name: str,
    date: datetime.date | None,
    url: str,
    *,
    html: bool = True,
) -> str:
    """The Chicago bibliography entry for an essay on this site, for a "Cite this essay" box."""
    writer = _HTML if html else _TEXT
    title = _inner_quotes(smarten_quotes(" ".join(title.split())))
    parts = []
    if names := _bibliography_names(authors):
        parts.append(writer.text(names if names.endswith(".") else f"{names}."))
    if title:
        parts.append(_quote(writer.text(title), "."))
    published = format_date(date) + "." if date else "n.d."
    parts.append(f"{writer.italic(site_name)}, {published}" if site_name else published)
    if url:
        parts.append(f"{writer.link(url)}.")
    return " ".join(parts)


def _bibliography_names(authors: list[str]) -> str:
    names = [" ".join(name.split()) for name in authors if name.strip()]
    if not names:
        return ""
    first = names[0]
    if not is_organisation(first):
        given, family, suffix = split_name(first)
        first = ", ".join(part for part in (family, given, suffix) if part)
    names[0] = first
    if len(names) > 10:  # Chicago lists up to ten; beyond that, seven and "et al."
        return ", ".join(names[:7]) + ", et al."
    if len(names) == 1:
        return first
    if len(names) == 2:
        return f"{names[0]}, and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"
