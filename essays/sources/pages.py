"""A web page's own description of itself read into a FoundSource.

In order of trust: Highwire Press `citation_*` meta tags (what Google Scholar reads), JSON-LD
(schema.org Article, ScholarlyArticle, NewsArticle, Book, Report), Open Graph, then <title>.
Each field comes from the first that has it. The stdlib parser: a page is hostile input, and
html.parser neither fetches nor executes anything.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from essays.sources.identifiers import normalise_doi, normalise_isbn
from essays.sources.records import FoundSource, clean_text, given_first, parse_date

_JSON_LD_KINDS = {
    "scholarlyarticle": "journal",
    "newsarticle": "news",
    "reportagenewsarticle": "news",
    "article": "web",
    "blogposting": "web",
    "book": "book",
    "report": "report",
}
_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ")


class _Collector(HTMLParser):
    """Meta tags by name or property (all values, in order), JSON-LD blocks, and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self.title = ""
        self._capture: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        named = {key: value or "" for key, value in attrs}
        if tag == "meta":
            key = (named.get("name") or named.get("property") or "").strip().lower()
            if key and named.get("content", "").strip():
                self.meta.setdefault(key, []).append(clean_text(named["content"]))
        elif tag == "script" and named.get("type", "").lower() == "application/ld+json":
            self._capture, self._text = "json-ld", []
        elif tag == "title" and not self.title:
            self._capture, self._text = "title", []

    def handle_data(self, data):
        if self._capture:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._capture == "json-ld" and tag == "script":
            self.json_ld.append("".join(self._text))
        elif self._capture == "title" and tag == "title":
            self.title = clean_text("".join(self._text))
        else:
            return
        self._capture = None


def parse_page(html: str, url: str) -> FoundSource:
    """What the page at `url` says it is; fields it does not give are left empty."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    meta = collector.meta
    ld = _json_ld_work(collector.json_ld)

    def one(*keys: str) -> str:
        return next((meta[key][0] for key in keys if meta.get(key)), "")

    site = one("og:site_name") or _name(ld.get("publisher"))
    title = (
        one("citation_title", "dc.title")
        or clean_text(ld.get("headline") or ld.get("name"))
        or one("og:title", "twitter:title")
        or _without_site_name(collector.title, site)
    )
    date_text = (
        one("citation_publication_date", "citation_date", "citation_online_date", "dc.date")
        or clean_text(ld.get("datePublished"))
        or one("article:published_time")
    )
    published_on, precision = parse_date(date_text)
    return FoundSource(
        kind=_kind(meta, ld),
        authors=[given_first(name) for name in meta.get("citation_author", [])]
        or _people(ld.get("author"))
        or meta.get("author", []),
        title=title,
        container=one("citation_journal_title", "citation_conference_title")
        or _name(ld.get("isPartOf"))
        or site,
        publisher=one("citation_publisher", "dc.publisher") or _name(ld.get("publisher")),
        published_on=published_on,
        date_precision=precision,
        url=url,
        doi=normalise_doi(one("citation_doi", "dc.identifier")),
        isbn=normalise_isbn(one("citation_isbn")),
        found_by="the page’s own metadata",
    )


def _json_ld_work(blocks: list[str]) -> dict:
    """The first schema.org item of a kind we cite, looking inside lists and @graph."""
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue  # a broken block among good ones: the others may still serve
        items = data if isinstance(data, list) else [data]
        for item in items + [g for i in items if isinstance(i, dict) for g in i.get("@graph", [])]:
            if isinstance(item, dict) and _types(item) & _JSON_LD_KINDS.keys():
                return item
    return {}


def _types(item: dict) -> set[str]:
    kinds = item.get("@type") or []
    return {str(kind).lower() for kind in (kinds if isinstance(kinds, list) else [kinds])}


def _kind(meta: dict, ld: dict) -> str:
    if meta.get("citation_journal_title"):
        return "journal"
    if meta.get("citation_isbn") or meta.get("citation_book_title"):
        return "book"
    for kind in _types(ld):
        if kind in _JSON_LD_KINDS:
            return _JSON_LD_KINDS[kind]
    return "news" if meta.get("og:type") == ["article"] and meta.get("og:site_name") else "web"


def _name(thing) -> str:
    if isinstance(thing, list):
        thing = thing[0] if thing else ""
    return clean_text(thing.get("name") if isinstance(thing, dict) else thing)


def _people(author) -> list[str]:
    people = author if isinstance(author, list) else [author] if author else []
    names = []
    for person in people:
        name = _name(person)
        organisation = isinstance(person, dict) and _types(person) == {"organization"}
        if name and not name.startswith(("http://", "https://")):
            names.append(f"{{{name}}}" if organisation else name)
    return names


def _without_site_name(title: str, site: str) -> str:
    """ "The Dam | Harbour Gazette" -> "The Dam", when the tail is the site's name."""
    for separator in _SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if head and site and tail.strip().casefold() == site.casefold():
            return head.strip()
    return title
