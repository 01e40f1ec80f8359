"""When two records are the same work: the one definition, as keys any two records can share.

Same DOI, same ISBN, same URL once normalised, or the same title (normalised) with the same
year and first author's surname; and the same title and publication, which the Source table
allows only once. Works on anything with Source's field names (a Source, a FoundSource).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

from essays.citations.sources import split_name
from essays.sources.identifiers import normalise_doi, normalise_isbn

# Query parameters that track a click rather than name a page.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|share)$", re.IGNORECASE)


def match_keys(record) -> frozenset[str]:
    """The keys that make `record` the same work as any other record with one of them."""
    keys = set()
    if doi := normalise_doi(record.doi or ""):
        keys.add(f"doi:{doi}")
    if isbn := normalise_isbn(record.isbn or ""):
        keys.add(f"isbn:{isbn}")
    if url := normalise_url(record.url or ""):
        keys.add(f"url:{url}")
    if title := normalise_title(record.title or ""):
        keys.add(f"title:{title}|{year_of(record)}|{first_surname(record)}")
        keys.add(f"title-container:{title}|{normalise_title(record.container or '')}")
    return frozenset(keys)


def normalise_url(url: str) -> str:
    """ "https://www.Example.com/a/?utm_source=x#top" -> "example.com/a"; "" if not a URL."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, True) if not _TRACKING.match(k))
    path = parts.path.rstrip("/")
    return host + path + (f"?{urlencode(query)}" if query else "")


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing set aside: "The Dam’s Cost!" -> "the dams cost"."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", "", letters).split())


def year_of(record) -> str:
    return str(record.published_on.year) if record.published_on else ""


def first_surname(record, *, normalised: bool = True) -> str:
    authors = record.authors if isinstance(record.authors, list) else record.authors.splitlines()
    first = next((name.strip().strip("{}") for name in authors if name.strip()), "")
    surname = split_name(first)[1] if first else ""
    return normalise_title(surname) if normalised else surname


def url_fragment(url: str) -> str:
    """The part of a normalised URL a stored URL must contain to be the same page."""
    normalised = normalise_url(url)
    return normalised.partition("?")[0]
