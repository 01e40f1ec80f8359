"""Crossref's answer for one DOI (GET /works/{doi}) read into a FoundSource.

The format: https://api.crossref.org/swagger-ui/index.html (the "work" message type).
"""

from __future__ import annotations

import json

from essays.sources.errors import Unreadable
from essays.sources.identifiers import normalise_doi
from essays.sources.records import FoundSource, clean_text, date_from_parts

# Crossref's work types (https://api.crossref.org/types) as Source.Kind.
KINDS = {
    "journal-article": "journal",
    "proceedings-article": "journal",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-chapter": "book",
    "book-section": "book",
    "report": "report",
    "report-component": "report",
    "posted-content": "web",
}
# The first date the work was out, in Crossref's order of preference.
_DATES = ("issued", "published-print", "published-online", "published", "created")


def parse_crossref(body: bytes) -> FoundSource:
    """The work in a Crossref /works/{doi} answer; Unreadable if it is not one."""
    try:
        work = json.loads(body)["message"]
        title = clean_text(work.get("title"))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise Unreadable("Crossref's answer could not be read: try again later.") from None
    if not title:
        raise Unreadable("Crossref's record has no title: fill in the fields by hand.")
    subtitle = clean_text(work.get("subtitle"))
    published_on, precision = _first_date(work)
    doi = normalise_doi(clean_text(work.get("DOI")))
    return FoundSource(
        kind=KINDS.get(work.get("type"), "other"),
        authors=[name for name in map(_person, work.get("author") or []) if name],
        title=f"{title}: {subtitle}" if subtitle and subtitle not in title else title,
        short_title=clean_text(work.get("short-title")),
        container=clean_text(work.get("container-title")),
        publisher=clean_text(work.get("publisher")),
        published_on=published_on,
        date_precision=precision,
        url=f"https://doi.org/{doi}" if doi else clean_text(work.get("URL")),
        doi=doi,
        isbn="",
        found_by="Crossref",
    )


def _person(author) -> str:
    if not isinstance(author, dict):
        return ""
    if name := clean_text(author.get("name")):  # an organisation as author
        return f"{{{name}}}"
    return " ".join(filter(None, (clean_text(author.get(k)) for k in ("given", "family"))))


def _first_date(work: dict):
    for key in _DATES:
        parts = (work.get(key) or {}).get("date-parts") or [[]]
        date, precision = date_from_parts(parts[0] or [])
        if date:
            return date, precision
    return None, "day"
