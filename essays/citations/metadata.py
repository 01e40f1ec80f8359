"""Metadata citation managers read from a page: Highwire Press references and COinS.

Highwire `citation_reference` values follow Google Scholar's inclusion guidelines
(https://scholar.google.com/intl/en/scholar/inclusion.html#indexing); COinS is an OpenURL
ContextObject in a span's title (https://en.wikipedia.org/wiki/COinS), which Zotero's
COinS translator reads.
"""

from __future__ import annotations

import datetime
from html import escape
from urllib.parse import quote, urlencode

from .chicago import is_http_url
from .sources import SourceData

_BOOK_KINDS = frozenset({"book", "report"})
_ARTICLE_KINDS = frozenset({"news", "journal"})
_DATE_LENGTH = {"year": 4, "month": 7, "day": 10}  # of an ISO date at each precision


def highwire_date(date: datetime.date | None, precision: str = "day") -> str:
    """A date as Highwire tags write it: "2019/10/26", "2019/10" or "2019"."""
    if date is None:
        return ""
    parts = {"year": "%Y", "month": "%Y/%m"}.get(precision, "%Y/%m/%d")
    return date.strftime(parts)


def highwire_reference(source: SourceData) -> str:
    """One `citation_reference` value: "citation_title=…; citation_author=…; …"."""
    fields = [("citation_title", source.title)]
    fields += [("citation_author", name) for name in source.authors]
    container = "citation_book_title" if source.kind in _BOOK_KINDS else "citation_journal_title"
    fields += [
        (container, source.container),
        ("citation_publisher", source.publisher),
        ("citation_publication_date", highwire_date(source.date, source.date_precision)),
        ("citation_public_url", _link(source)),
    ]
    # "; " separates the fields, so a value may hold no semicolon of its own.
    return "; ".join(
        f"{name}={_one_line(value).replace(';', ',')}" for name, value in fields if value.strip()
    )


def coins_title(source: SourceData) -> str:
    """The OpenURL ContextObject (KEV) for `source`, unescaped: put it in a title attribute."""
    pairs = [("ctx_ver", "Z39.88-2004")]
    title, container = _one_line(source.title), _one_line(source.container)
    if source.kind in _ARTICLE_KINDS:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [("rft.atitle", title), ("rft.jtitle", container)]
        author_key = "rft.au"
    elif source.kind in _BOOK_KINDS:
        genre = "report" if source.kind == "report" else "book"
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if container:  # a chapter in a book
            pairs += [("rft.atitle", title), ("rft.btitle", container)]
        else:
            pairs += [("rft.btitle", title)]
        pairs += [("rft.pub", _one_line(source.publisher))]
        author_key = "rft.au"
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", source.kind)]
        pairs += [("rft.title", title), ("rft.source", container)]
        author_key = "rft.creator"
    pairs += [(author_key, _one_line(name)) for name in source.authors]
    if source.date:
        pairs += [("rft.date", source.date.isoformat()[: _DATE_LENGTH[source.date_precision]])]
    if link := _link(source):
        pairs += [("rft_id", link)]
    return urlencode([(key, value) for key, value in pairs if value], quote_via=quote)


def coins_span(source: SourceData) -> str:
    """An empty COinS span for `source`, safe to put in HTML."""
    return f'<span class="Z3988" title="{escape(coins_title(source))}"></span>'


def _link(source: SourceData) -> str:
    """The address the note links to: the archived copy once the original is broken."""
    url = source.archived_url if source.url_broken and source.archived_url else source.url
    return url if is_http_url(url) else ""


def _one_line(value: str) -> str:
    return " ".join(value.split())
