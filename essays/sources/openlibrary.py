"""Open Library's answer for one ISBN read into a FoundSource.

The Books API, `GET /api/books?bibkeys=ISBN:{isbn}&jscmd=data&format=json`
(https://openlibrary.org/dev/docs/api/books), rather than `/isbn/{isbn}.json`: one request
gives authors' names and publishers, where the edition record names authors by key only and
would take one more request per author. An ISBN it does not know gets `{}`.
"""

from __future__ import annotations

import json

from essays.sources.errors import NotFound, Unreadable
from essays.sources.records import FoundSource, clean_text, parse_date


def books_api_path(isbn: str) -> str:
    return f"/api/books?bibkeys=ISBN:{isbn}&jscmd=data&format=json"


def parse_openlibrary(body: bytes, isbn: str) -> FoundSource:
    """The edition in a Books API answer; NotFound for `{}`, Unreadable for anything odd."""
    try:
        answer = json.loads(body)
        book = answer.get(f"ISBN:{isbn}") if isinstance(answer, dict) else None
        if answer == {} or book is None:
            raise NotFound(
                f"Open Library has no book with ISBN {isbn}: fill in the fields by hand."
            )
        title = clean_text(book.get("title"))
        subtitle = clean_text(book.get("subtitle"))
        authors = [clean_text(author.get("name")) for author in book.get("authors") or []]
        publishers = [clean_text(p.get("name")) for p in book.get("publishers") or []]
    except (ValueError, TypeError, AttributeError):
        raise Unreadable("Open Library's answer could not be read: try again later.") from None
    if not title:
        raise Unreadable("Open Library's record has no title: fill in the fields by hand.")
    published_on, precision = parse_date(clean_text(book.get("publish_date")))
    return FoundSource(
        kind="book",
        authors=[name for name in authors if name],
        title=f"{title}: {subtitle}" if subtitle else title,
        short_title=title if subtitle else "",
        publisher=publishers[0] if publishers else "",
        published_on=published_on,
        date_precision=precision,
        isbn=isbn,
        found_by="Open Library",
    )
