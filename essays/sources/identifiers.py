"""What an editor pasted: a DOI, an ISBN, or else a URL. Pure functions, no fetching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from essays.sources.errors import NotRecognised

# A DOI is "10." + a registrant code + "/" + a suffix of any printable characters
# (https://www.doi.org/doi-handbook/HTML/doi-name-syntax.html).
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIXES = re.compile(
    r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/)", re.IGNORECASE
)
_ISBN_PREFIX = re.compile(r"^isbn(?:-1[03])?:?\s*", re.IGNORECASE)
_ISBN_SEPARATORS = re.compile(r"[\s‐-―-]")  # spaces, hyphens and dashes


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi", "isbn" or "url"
    value: str  # a DOI in lower case; an ISBN-13; a URL as pasted


def recognise(text: str) -> Identifier:
    """Tell what `text` is: a DOI in any common form, an ISBN-10 or -13, or a URL."""
    text = " ".join(text.split())
    if not text:
        raise NotRecognised("Paste a DOI, an ISBN or a URL first.")
    if doi := normalise_doi(text):
        return Identifier("doi", doi)
    digits = _ISBN_SEPARATORS.sub("", _ISBN_PREFIX.sub("", text))
    if re.fullmatch(r"\d{9}[\dXx]|\d{13}", digits):
        isbn = normalise_isbn(digits)
        if not isbn:
            raise NotRecognised(f"{text} looks like an ISBN but its check digit is wrong.")
        return Identifier("isbn", isbn)
    if _looks_like_url(text):
        return Identifier("url", text if "://" in text else f"https://{text}")
    raise NotRecognised(
        f"“{text[:80]}” is not a DOI (10.1234/…), an ISBN or a web address: "
        "check it, or fill in the fields by hand."
    )


def _looks_like_url(text: str) -> bool:
    """An http(s) URL, or a bare "example.com/page" (a dotted name) taken as https."""
    try:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        host = parts.hostname or ""
    except ValueError:
        return False
    dotted = "://" in text or "." in host
    return parts.scheme in ("http", "https") and bool(host) and dotted and " " not in text


def normalise_doi(text: str) -> str:
    """The DOI in `text` ("doi:", "https://doi.org/…" or bare), lower-cased; "" if none.

    DOIs are case-insensitive (DOI Handbook 2.4), so the lower-case form compares equal.
    """
    text = unquote(_DOI_PREFIXES.sub("", text.strip()))
    match = _DOI.fullmatch(text)
    return match.group(0).rstrip(".,;").lower() if match else ""


def normalise_isbn(text: str) -> str:
    """The ISBN-13 for an ISBN-10 or -13 with valid check digit (hyphens allowed); else ""."""
    digits = _ISBN_SEPARATORS.sub("", _ISBN_PREFIX.sub("", text.strip())).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits) and _isbn10_valid(digits):
        core = "978" + digits[:9]
        return core + _isbn13_check(core)
    if re.fullmatch(r"97[89]\d{10}", digits) and _isbn13_check(digits[:12]) == digits[12]:
        return digits
    return ""


def _isbn10_valid(digits: str) -> bool:
    values = [10 if char == "X" else int(char) for char in digits]
    return "X" not in digits[:9] and sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0


def _isbn13_check(first12: str) -> str:
    total = sum(int(char) * (3 if i % 2 else 1) for i, char in enumerate(first12))
    return str((10 - total % 10) % 10)
