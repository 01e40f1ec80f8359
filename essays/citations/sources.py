"""The plain data the citation functions work on, and the name heuristics they share."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

KINDS = ("news", "report", "book", "journal", "web", "interview", "other")
DATE_PRECISIONS = ("year", "month", "day")
LABEL_RE = re.compile(r"[A-Za-z0-9_.:-]{1,40}")

# A name containing one of these words is taken for an organisation, not a person.
_ORGANISATION_WORDS = frozenset({
    "agency", "alliance", "association", "authority", "bank", "board", "bureau", "center",
    "centre", "coalition", "college", "commission", "committee", "company", "corporation",
    "council", "court", "department", "forum", "foundation", "fund", "government", "group", "inc.",
    "institute", "institution", "international", "league", "ltd", "ministry", "nations",
    "network", "news", "office", "organisation", "organization", "parliament", "press", "program",
    "programme", "project", "secretariat", "service", "society", "trust", "union", "university",
    "watch",
})  # fmt: skip
PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la",
                        "le", "ter", "ten", "bin", "ibn", "al", "el"})  # fmt: skip
_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})


@dataclass(kw_only=True)
class SourceData:
    """A cited work. `key` identifies it across notes (the database pk, as a string)."""

    kind: str = "other"
    authors: list[str] = field(default_factory=list)
    title: str = ""
    short_title: str = ""  # for shortened notes; empty: derived from the title
    container: str = ""
    publisher: str = ""
    date: datetime.date | None = None
    date_precision: str = "day"
    url: str = ""
    archived_url: str = ""
    url_broken: bool = False
    accessed: datetime.date | None = None
    key: str = ""
    organisations: frozenset[str] = frozenset()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown source kind {self.kind!r}; use one of {', '.join(KINDS)}.")
        if self.date_precision not in DATE_PRECISIONS:
            raise ValueError(
                f"Unknown date precision {self.date_precision!r}; "
                f"use one of {', '.join(DATE_PRECISIONS)}."
            )

    def is_organisation(self, name: str) -> bool:
        return name in self.organisations or is_organisation(name)


@dataclass
class NoteData:
    """One footnote: a source with a pinpoint, commentary (plain text), or both."""

    label: str
    source: SourceData | None = None
    pinpoint: str = ""
    commentary: str = ""

    def __post_init__(self):
        if not LABEL_RE.fullmatch(self.label):
            raise ValueError(
                f"Footnote label {self.label!r} is not valid: use 1 to 40 letters, digits, "
                "or - _ . : characters."
            )


def same_source(a: SourceData | None, b: SourceData | None) -> bool:
    """Whether two notes cite the same work: same key, or equal data when neither has a key."""
    if a is None or b is None:
        return False
    if a.key or b.key:
        return a.key == b.key
    return a == b


def is_organisation(name: str) -> bool:
    """Guess whether an author name is an organisation ("Reuters", "Meran Basin Commission")."""
    tokens = name.split()
    if len(tokens) == 1 and "," not in name:
        return True
    lowered = {token.lower().strip(",()") for token in tokens}
    if lowered & _ORGANISATION_WORDS:
        return True
    # An all-capitals token of two letters or more is an acronym: "BBC News", "UN Water".
    return any(token.isupper() and token.isalpha() and len(token) > 1 for token in tokens)


def split_name(name: str) -> tuple[str, str, str]:
    """Split a person's name into (given, family, suffix); "Last, First" is understood too."""
    name = " ".join(name.split())
    head, _, tail = name.rpartition(",")
    if head and tail.strip().lower() in _SUFFIXES:  # "Martin Luther King, Jr."
        given, family, _ = split_name(head)
        return given, family, tail.strip()
    if "," in name:
        family, _, rest = name.partition(",")
        given_parts = [part.strip() for part in rest.split(",") if part.strip()]
        suffix = ""
        if given_parts and given_parts[-1].lower() in _SUFFIXES:
            suffix = given_parts.pop()
        return " ".join(given_parts), family.strip(), suffix
    tokens = name.split()
    suffix = ""
    if len(tokens) > 2 and tokens[-1].lower() in _SUFFIXES:
        suffix = tokens.pop()
    if len(tokens) == 1:
        return "", tokens[0], suffix
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(tokens[:start]), " ".join(tokens[start:]), suffix
