"""Exports of sources: CSL-JSON (for Zotero and citeproc) and BibTeX/biblatex."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from itertools import count

from .chicago import is_http_url
from .numbering import to_letters
from .sources import SourceData, is_organisation, split_name

# https://github.com/citation-style-language/schema/blob/master/schemas/input/csl-data.json
CSL_TYPES = {
    "news": "article-newspaper",
    "report": "report",
    "book": "book",
    "journal": "article-journal",
    "web": "webpage",
    "interview": "interview",
    "other": "document",
}
BIBTEX_TYPES = {
    "news": "article",
    "journal": "article",
    "book": "book",
    "report": "techreport",
    "web": "online",
    "interview": "misc",
    "other": "misc",
}
_CONTAINER_FIELDS = {
    "article": "journal",
    "incollection": "booktitle",
    "online": "organization",
    "misc": "howpublished",
    "book": "series",
    "techreport": "type",
}
_BIBTEX_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
# Braces and backslash become commands, so braces stay balanced: BibTeX counts "\{" too.
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_SPECIAL_RE = re.compile(r"[\\{}#$%&_^~]")
# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
)
_KEY_STOPWORDS = frozenset({
    "a", "an", "and", "at", "by", "for", "from", "how", "in", "is", "of", "on", "the", "to", "what",
    "when", "why", "with",
})  # fmt: skip


def to_csl_json(sources: list[SourceData]) -> list[dict]:
    """CSL-JSON items, one per source, with unique ids (the source key, or "source-N")."""
    items = []
    ids: set[str] = set()
    for position, source in enumerate(sources, start=1):
        item: dict = {
            "id": _unique(source.key or f"source-{position}", ids, (f"-{n}" for n in count(2))),
            "type": _csl_type(source),
        }
        if source.title:
            item["title"] = source.title
        if source.authors:
            item["author"] = [_csl_name(name, source) for name in source.authors if name.strip()]
        if source.container:
            item["container-title"] = source.container
        if source.publisher:
            item["publisher"] = source.publisher
        if source.date:
            item["issued"] = {"date-parts": [_date_parts(source.date, source.date_precision)]}
        if url := _best_url(source):
            item["URL"] = url
        if source.accessed:
            item["accessed"] = {"date-parts": [_date_parts(source.accessed, "day")]}
        items.append(item)
    return items


def _csl_type(source: SourceData) -> str:
    if source.kind == "book" and source.container:
        return "chapter"
    return CSL_TYPES[source.kind]


def _csl_name(name: str, source: SourceData) -> dict:
    name = " ".join(name.split())
    if source.is_organisation(name):
        return {"literal": name}
    given, family, suffix = split_name(name)
    parts = {"family": family, "given": given, "suffix": suffix}
    return {field: value for field, value in parts.items() if value}


def _date_parts(date: datetime.date, precision: str) -> list[int]:
    return [date.year, date.month, date.day][: {"year": 1, "month": 2}.get(precision, 3)]


def _best_url(source: SourceData) -> str:
    if source.url_broken and source.archived_url:
        return source.archived_url
    return source.url or source.archived_url


def to_bibtex(sources: list[SourceData]) -> str:
    """BibTeX entries (biblatex-friendly) with unique keys such as "reuters2019turkey"."""
    keys: set[str] = set()
    return "\n".join(_bibtex_entry(source, keys) for source in sources)


def _bibtex_entry(source: SourceData, keys: set[str]) -> str:
    entry_type = BIBTEX_TYPES[source.kind]
    if source.kind in ("book", "report") and source.container:
        entry_type = "incollection"
    year = str(source.date.year) if source.date else ""
    key = _citation_key(source.authors, year, source.title)
    key = _unique(key, keys, (to_letters(n) for n in count(2)))  # doe2019water, doe2019waterb
    fields = [("author", _bibtex_authors(source))]
    fields.append(("title", "{" + bibtex_escape(source.title) + "}" if source.title else ""))
    if source.container:
        fields.append((_CONTAINER_FIELDS[entry_type], bibtex_escape(source.container)))
    if entry_type == "techreport":
        institution = source.publisher or (source.authors[0] if source.authors else "")
        fields.append(("institution", bibtex_escape(institution)))
    elif source.publisher:
        fields.append(("publisher", bibtex_escape(source.publisher)))
    fields += _bibtex_dates(source.date, source.date_precision)
    url = _best_url(source)
    if is_http_url(url):
        fields.append(("url", _bibtex_url(url)))
    if source.accessed:
        fields.append(("urldate", source.accessed.isoformat()))
    return _format_entry(entry_type, key, fields)


def _format_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields:
        if not value:
            continue
        if name == "month":
            lines.append(f"  month = {value},")  # an unbraced macro: jan, feb, ...
        else:
            lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bibtex_dates(date: datetime.date | None, precision: str) -> list[tuple[str, str]]:
    if date is None:
        return []
    fields = [("year", str(date.year))]
    if precision != "year":
        fields.append(("month", _BIBTEX_MONTHS[date.month - 1]))
    iso = date.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]
    return [*fields, ("date", iso)]


def _bibtex_authors(source: SourceData) -> str:
    names = []
    for name in source.authors:
        name = " ".join(name.split())
        if not name:
            continue
        if source.is_organisation(name):
            # Extra braces keep BibTeX from splitting "Food and Agriculture Organization".
            names.append("{" + bibtex_escape(name) + "}")
        else:
            given, family, suffix = split_name(name)
            parts = [family, suffix, given] if suffix else [family, given]
            names.append(", ".join(bibtex_escape(part) for part in parts if part))
    return " and ".join(names)


def bibtex_escape(text: str) -> str:
    """Escape LaTeX specials; non-ASCII text is kept as UTF-8 (biber and bibtex8 read it)."""
    text = " ".join(text.split())
    return _BIBTEX_SPECIAL_RE.sub(lambda match: _BIBTEX_SPECIALS[match.group(0)], text)


def _bibtex_url(url: str) -> str:
    # URLs are read verbatim by the url package; only what would break BibTeX is encoded.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _citation_key(authors: list[str], year: str, title: str) -> str:
    first = " ".join(authors[0].split()) if authors else ""
    if not first:
        name = "anon"
    elif is_organisation(first):
        name = next((w for w in _ascii_words(first) if w not in _KEY_STOPWORDS), "anon")
    else:
        name = "".join(_ascii_words(split_name(first)[1])) or "anon"
    word = next((w for w in _ascii_words(title) if w not in _KEY_STOPWORDS), "")
    return f"{name}{year or 'nd'}{word}"


def _ascii_words(text: str) -> list[str]:
    text = text.lower().translate(_UNDECOMPOSABLE)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower().replace("'", "").replace("’", ""))


def _unique(candidate: str, taken: set[str], suffixes: Iterable[str]) -> str:
    """`candidate`, or candidate + the first suffix that makes it unused."""
    result = candidate
    remaining = iter(suffixes)
    while result in taken:
        result = candidate + next(remaining)
    taken.add(result)
    return result


def cite_essay_bibtex(
    title: str,
    authors: list[str],
    site_name: str,
    date: datetime.date | None,
    url: str,
    *,
    key: str = "",
    accessed: datetime.date | None = None,
) -> str:
    """A biblatex @online entry for an essay on this site, for a "Cite this essay" box."""
    source = SourceData(kind="web", authors=list(authors), title=title, date=date, url=url)
    year = str(date.year) if date else ""
    key = key or _citation_key(source.authors, year, title)
    fields = [
        ("author", _bibtex_authors(source)),
        ("title", "{" + bibtex_escape(title) + "}"),
        ("organization", bibtex_escape(site_name)),
        *_bibtex_dates(date, "day"),
        ("url", _bibtex_url(url) if is_http_url(url) else ""),
        ("urldate", accessed.isoformat() if accessed else ""),
    ]
    return _format_entry("online", key, fields)
