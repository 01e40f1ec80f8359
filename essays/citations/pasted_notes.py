"""Reading one pasted note ("Author, “Title,” Publication, October 26 2019.") into a source.

The shapes understood: a quoted title (news, journal, web), a book or report with a
parenthesis of publication facts, a short form of an earlier source, and "Ibid.".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .sources import PARTICLES, SourceData, is_organisation, split_name


@dataclass
class ParsedNote:
    label: str
    raw_text: str
    source: SourceData | None = None
    pinpoint: str = ""
    commentary: str = ""
    ibid: bool = False


_URL_RE = re.compile(r"https?://[^\s<>\"“”]+")
_QUOTED_RE = re.compile(r"[“\"](?P<title>[^”\"]+)[”\"]")
_BOOK_RE = re.compile(r"(?P<head>[^()“”\"]+?)\s*\((?P<facts>[^()]*\d{4}[^()]*)\)(?P<tail>.*)")
_IBID_RE = re.compile(r"ibid\b\.?", re.I)
_PIN = r"(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?"
_PIN_PREFIXED_RE = re.compile(r"\bpp?\.\s*\d+(?:\s*[-–]\s*\d+)?")
_BARE_PIN_RE = re.compile(r"\d+(?:\s*[-–]\s*\d+)?|§\s*[\d.]+|\d{1,2}:\d{2}(?::\d{2})?")
_SLASH_DATE_RE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DATE_PATTERNS = (
    (re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"), "day"),
    (re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b"), "day"),
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)\b"), "day"),
    (re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b"), "month"),
    (re.compile(r"(?<![\d/.-])(?P<year>1[5-9]\d\d|20\d\d)(?![\d/-])"), "year"),
)
_MONTH_NUMBERS = {name: n for n, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
)}  # fmt: skip
_ABBREVIATIONS = frozenset({
    "al", "cf", "co", "dr", "ed", "eds", "inc", "jr", "ltd", "mr", "mrs", "ms", "no", "nos", "rev",
    "sr", "st", "trans", "vol", "vols",
})  # fmt: skip
_JOURNAL_WORDS = re.compile(
    r"\b(?:journal|quarterly|review|studies|annals|proceedings|bulletin)\b", re.I
)
# Placeholders standing in for pieces already read out of a note's tail.
_URL, _PINPOINT, _ACCESSED, _DATE = "\x01", "\x02", "\x03", "\x04"


def parse_note(
    label: str, raw: str, previous: ParsedNote | None, sources: list[SourceData]
) -> tuple[ParsedNote, bool]:
    """The note, and whether it was read (commentary-only notes count as read)."""
    text = _clean(raw)
    if ibid := _IBID_RE.match(text):
        pinpoint, commentary = _pinpoint_and_rest(text[ibid.end() :])
        source = previous.source if previous else None
        if source is None:
            return ParsedNote(label, raw, commentary=text, ibid=True), False
        pinpoint = pinpoint or previous.pinpoint
        return ParsedNote(label, raw, source, pinpoint, commentary, ibid=True), True
    for reader in (_read_short_form, _read_article, _read_book):
        if result := reader(text, sources):
            source, pinpoint, commentary = result
            return ParsedNote(label, raw, _remember(source, sources), pinpoint, commentary), True
    return ParsedNote(label, raw, commentary=text), not _looks_like_citation(text)


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\ufe0e", "")
    # WordPress footnote plugins leave their back-link arrows in the pasted text.
    return " ".join(text.strip(" \t↩↑^").split())


def _pinpoint_and_rest(text: str) -> tuple[str, str]:
    """Read ", 14. Commentary" (after "Ibid.") into ("14", "Commentary")."""
    text = text.strip()
    if not text.startswith(","):
        return "", text.lstrip(". ")
    match = re.match(rf",\s*(?P<pin>{_PIN}|[^.]+?)(?:\.\s+|\.?$)", text)
    if not match:
        return "", text.lstrip(", ")
    return _normalise_pinpoint(match.group("pin")), text[match.end() :].strip()


def _normalise_pinpoint(pinpoint: str) -> str:
    pinpoint = re.sub(r"^pp?\.\s*", "", pinpoint.strip())
    return re.sub(r"(\d)\s*-\s*(\d)", r"\1–\2", pinpoint)


def _read_short_form(text: str, sources: list[SourceData]):
    """A short form, "Marsh, Rivers of Contention, 52.", of a source given in full earlier."""
    citation, commentary = _split_commentary(text)
    pieces = [piece.strip() for piece in re.split(r",(?![”\"])|,[”\"]", citation.rstrip("."))]
    if len(pieces) not in (2, 3):
        return None
    pinpoint = _normalise_pinpoint(pieces[2]) if len(pieces) == 3 else ""
    if pinpoint and not _BARE_PIN_RE.fullmatch(pinpoint):
        return None
    author, title = pieces[0], pieces[1].strip('“”" ,')
    for source in reversed(sources):
        if _names_match(author, source.authors) and _title_prefix(title, source.title):
            return source, pinpoint, commentary
    return None


def _names_match(author: str, authors: list[str]) -> bool:
    return any(author in (name, split_name(name)[1]) for name in authors)


def _title_prefix(short: str, title: str) -> bool:
    short_words, title_words = _words(short), _words(title)
    return bool(short_words) and title_words[: len(short_words)] == short_words


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _read_article(text: str, sources: list[SourceData]):  # readers share one signature
    """The article shape: Author, “Title,” Publication, Date, pinpoint, URL. Commentary."""
    match = _QUOTED_RE.search(text)
    if not match:
        return None
    authors_text = text[: match.start()].strip().rstrip(",").strip()
    if authors_text and not _plausible_authors(authors_text):
        return None
    title = _strip_title(match.group("title"))
    tail, commentary = _read_tail(text[match.end() :])
    container = tail["texts"][0] if tail["texts"] else ""
    if not (container or tail["date"] or tail["url"] or tail["accessed"]):
        return None
    if _JOURNAL_WORDS.search(container):
        kind = "journal"
    elif not container or (tail["accessed"] and not tail["date"]):
        kind = "web"
    else:
        kind = "news"
    source = SourceData(
        kind=kind,
        authors=_split_authors(authors_text),
        title=title,
        container=container,
        **_source_dates(tail),
        url=tail["url"],
    )
    return source, tail["pinpoint"], commentary


def _read_book(text: str, sources: list[SourceData]):
    """Book shape: Author, Title (Place: Publisher, 2011), 45; a report if by an organisation."""
    match = _BOOK_RE.fullmatch(text)
    if not match or not (split := _split_head(match.group("head"))):
        return None
    authors, title = split
    facts = match.group("facts")
    date = _find_date(facts)
    publisher = facts[: date[0]] if date else facts
    publisher = publisher.rsplit(":", 1)[-1].strip(" ,")
    tail, commentary = _read_tail(match.group("tail"), pinpoint_first=True)
    pinpoint = tail["pinpoint"] or (tail["texts"][0] if tail["texts"] else "")
    report = len(authors) == 1 and is_organisation(authors[0])
    source = SourceData(
        kind="report" if report else "book",
        authors=authors,
        title=title,
        publisher=publisher,
        date=date[2] if date else None,
        date_precision=date[3] if date else "day",
        url=tail["url"],
    )
    return source, pinpoint, commentary


def _strip_title(title: str) -> str:
    title = title.strip().rstrip(",").strip()
    # "Title." loses its period, "the U.S." keeps it.
    return title[:-1] if re.search(r"[a-z0-9]\.$", title) else title


def _read_tail(tail: str, *, pinpoint_first: bool = False) -> tuple[dict, str]:
    """Read what follows a title: publication, date, pinpoint, URL; and the commentary after."""
    found: dict = {
        "texts": [], "date": None, "precision": "day", "accessed": None, "pinpoint": "", "url": "",
    }  # fmt: skip
    urls: list[str] = []

    def url(match: re.Match) -> str:
        value = trimmed = match.group(0)
        # Sentence punctuation after a URL is not part of it; a closing bracket may be.
        while trimmed[-1] in ".,;:]" or (
            trimmed[-1] == ")" and trimmed.count("(") < trimmed.count(")")
        ):
            trimmed = trimmed[:-1]
        urls.append(trimmed)
        return _URL + value[len(trimmed) :]

    tail = _URL_RE.sub(url, tail)
    found["url"] = urls[0] if urls else ""
    if accessed := re.search(r"\baccessed\s+", tail, re.I):
        date = _find_date(tail[accessed.end() :], anchored=True)
        if date:
            found["accessed"] = date[2]
            tail = tail[: accessed.start()] + _ACCESSED + tail[accessed.end() + date[1] :]
    if pinpoint := _PIN_PREFIXED_RE.search(tail):
        found["pinpoint"] = _normalise_pinpoint(pinpoint.group(0))
        tail = tail[: pinpoint.start()] + _PINPOINT + tail[pinpoint.end() :]
    if date := _find_date(tail):
        found["date"], found["precision"] = date[2], date[3]
        tail = tail[: date[0]] + _DATE + tail[date[1] :]
    citation, commentary = _split_commentary(tail.strip(" ,;:"))
    for segment in re.split(r"[,;]", citation.rstrip(".")):
        words = segment.strip(" .")
        for char in (_URL, _PINPOINT, _ACCESSED, _DATE):
            words = words.replace(char, "").strip(" .")
        if not words:
            continue
        after_place = pinpoint_first or found["date"] or found["texts"]
        if after_place and not found["pinpoint"] and _BARE_PIN_RE.fullmatch(words):
            found["pinpoint"] = _normalise_pinpoint(words)
        else:
            found["texts"].append(words)
    return found, commentary


def _source_dates(tail: dict) -> dict:
    return {
        "date": tail["date"],
        "date_precision": tail["precision"],
        "accessed": tail["accessed"],
    }


def _split_commentary(text: str) -> tuple[str, str]:
    """Split "citation. Commentary" at the first sentence end that is not an abbreviation."""
    for match in re.finditer(r"[.?!]\s+(?=[A-Z“\"‘(])", text):
        word = re.search(r"(\w+)\W*$", text[: match.start()])
        if match.group(0)[0] == "." and word and _is_abbreviation(word.group(1)):
            continue
        return text[: match.start() + 1].strip(), text[match.end() :].strip()
    return text.strip(), ""


def _is_abbreviation(word: str) -> bool:
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _find_date(text: str, *, anchored: bool = False):
    """(start, end, date, precision) of the most precise date in `text`, or None.

    A bare year is taken from the end: "Water Report 2020, 2021" was published in 2021.
    """
    for pattern, precision in _DATE_PATTERNS:
        matches = list(pattern.finditer(text))
        for match in reversed(matches) if precision == "year" and not anchored else matches:
            if anchored and match.start() != 0:
                break
            parts = match.groupdict()
            month = parts.get("month") or "1"
            month_number = int(month) if month.isdigit() else _MONTH_NUMBERS[month[:3].lower()]
            try:
                date = datetime.date(int(parts["year"]), month_number, int(parts.get("day") or 1))
            except ValueError:
                continue
            return match.start(), match.end(), date, precision
    return None


def _plausible_authors(text: str) -> bool:
    return len(text) <= 150 and len(text.split()) <= 16 and not re.search(r"[\d;:!?()“”\"]", text)


def _split_authors(text: str) -> list[str]:
    """Split "A and B" or "A, B, and C" into names; "Food and Agriculture Organization" stays."""
    if not text:
        return []
    pieces = [piece.strip() for piece in re.split(r",\s*(?:and\s+)?|\s+and\s+", text)]
    if len(pieces) > 1 and all(_looks_like_person(piece) for piece in pieces):
        return pieces
    return [text]


def _split_head(head: str) -> tuple[list[str], str] | None:
    """Split "Authors, Title" before a book's parenthesis; the title may hold commas."""
    pieces = [piece.strip() for piece in head.split(",")]
    if len(pieces) < 2 or not all(pieces):
        return None
    for index in range(1, len(pieces) - 1):
        if pieces[index].startswith("and ") and all(
            _looks_like_person(piece) for piece in [*pieces[:index], pieces[index][4:]]
        ):
            return [*pieces[:index], pieces[index][4:]], ", ".join(pieces[index + 1 :])
    if not _plausible_authors(pieces[0]):
        return None
    return _split_authors(pieces[0]), ", ".join(pieces[1:])


def _looks_like_person(name: str) -> bool:
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or is_organisation(name):
        return False
    return all(token[0].isupper() or token.lower() in PARTICLES for token in tokens)


def _looks_like_citation(text: str) -> bool:
    """Whether a note we could not read was meant as a citation (rather than a remark)."""
    month_date = any(
        pattern.search(text) for pattern, precision in _DATE_PATTERNS if precision != "year"
    )
    return bool(
        month_date
        or _URL_RE.search(text)
        or _QUOTED_RE.search(text)
        or _PIN_PREFIXED_RE.search(text)
        or _SLASH_DATE_RE.search(text)
        or re.search(r"\([^()]*\d{4}[^()]*\)", text)
    )


def _remember(source: SourceData, sources: list[SourceData]) -> SourceData:
    """The same work cited twice in full is one source; each gets a key "pasted-N"."""
    for known in sources:
        if (known.authors, known.title.lower(), known.container.lower()) == (
            source.authors,
            source.title.lower(),
            source.container.lower(),
        ):
            return known
    if not source.key:
        source.key = f"pasted-{len(sources) + 1}"
        sources.append(source)
    return source
