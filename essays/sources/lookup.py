"""Fetching what an identifier names, through essays.outbound, and reading the answer.

Crossref and Open Library go through essays.outbound as well as the pages editors name: both
are on public addresses, so the one policy (public addresses only, one deadline, a size cap)
covers them without an allow-list, and a base URL set by mistake to an internal host is refused
like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from essays import outbound
from essays.sources.crossref import parse_crossref
from essays.sources.errors import NotFound, Refused, ServiceUnavailable, Unreadable
from essays.sources.identifiers import recognise
from essays.sources.openlibrary import books_api_path, parse_openlibrary
from essays.sources.pages import parse_page
from essays.sources.records import FoundSource

MAX_JSON_BYTES = 512 * 1024
# Metadata lives in <head>: the start of a long page is enough, and the rest is not read.
MAX_PAGE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LookupConfig:
    crossref_url: str
    openlibrary_url: str
    deadline: float
    user_agent: str
    allowed_networks: Iterable[str] = ()


def lookup(text: str, *, config: LookupConfig) -> FoundSource:
    """The work `text` names (a DOI, an ISBN or a URL); a LookupFailed saying why if none."""
    identifier = recognise(text)
    if identifier.kind == "doi":
        url = f"{config.crossref_url.rstrip('/')}/works/{quote(identifier.value, safe='/')}"
        answer = _get(url, "Crossref", f"DOI {identifier.value}", config, max_bytes=MAX_JSON_BYTES)
        return parse_crossref(answer.body)
    if identifier.kind == "isbn":
        url = config.openlibrary_url.rstrip("/") + books_api_path(identifier.value)
        answer = _get(
            url, "Open Library", f"ISBN {identifier.value}", config, max_bytes=MAX_JSON_BYTES
        )
        return parse_openlibrary(answer.body, identifier.value)
    page = _get(
        identifier.value,
        "The page",
        "this address",
        config,
        max_bytes=MAX_PAGE_BYTES,
        truncate=True,
    )
    content_type = page.headers.get("Content-Type", "")
    if "html" not in content_type.lower():
        raise Unreadable(f"The address gives {content_type or 'no content type'}, not a web page.")
    found = parse_page(page.body.decode(_charset(content_type), errors="replace"), page.url)
    if not found.title:
        raise Unreadable("The page names no title: fill in the fields by hand.")
    return found


def _get(url: str, service: str, what: str, config: LookupConfig, **limits) -> outbound.FetchResult:
    try:
        result = outbound.fetch(
            url,
            deadline=config.deadline,
            headers={"User-Agent": config.user_agent, "Accept": "application/json, text/html"},
            allowed_networks=config.allowed_networks,
            **limits,
        )
    except outbound.BlockedAddress as error:
        raise Refused(
            f"Not fetched: {error}. Only public web addresses can be looked up."
        ) from None
    except outbound.FetchTimeout:
        raise ServiceUnavailable(
            f"{service} did not answer within {config.deadline:g} s: try again, "
            "or fill in the fields by hand."
        ) from None
    except outbound.FetchError as error:
        raise ServiceUnavailable(f"{service} could not be reached ({error}).") from None
    if result.status == 404 or result.status == 410:
        raise NotFound(
            f"{service} has no record of {what} (HTTP {result.status}): check it, "
            "or fill in the fields by hand."
        )
    if result.status >= 400:
        raise ServiceUnavailable(
            f"{service} answered HTTP {result.status}: try again later, "
            "or fill in the fields by hand."
        )
    return result


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
            try:
                "".encode(charset)
                return charset
            except LookupError:
                break
    return "utf-8"
