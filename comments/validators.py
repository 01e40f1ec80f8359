"""Validators for what a commenter types: their website, name and email address."""

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from essays.validators import UNPUBLISHABLE_RE

MAX_URL_LENGTH = 200

# Text-direction controls (ALM, LRM, RLM, embeddings, overrides, isolates): they make a link
# read as a different address. https://unicode.org/reports/tr9/#Directional_Formatting_Characters
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Controls, format characters (zero-width, soft hyphen, BOM), surrogates, private use, and
# every kind of space or line separator. Browsers strip some of these out of URLs (WHATWG),
# so "java<TAB>script:" must be refused here rather than read past.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp"})
# Characters RFC 3986 never allows in a URL, that only appear when breaking out of markup.
_MARKUP_CHARS = frozenset('<>"`\\')
_ENCODED_CONTROL_RE = re.compile(r"%(?:[01][0-9a-f]|7f)", re.IGNORECASE)
# The WHATWG URL parser reads a host whose last label is a number (2130706433, 0x7f.1) as IPv4.
_NUMERIC_LABEL_RE = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)", re.IGNORECASE)
# What str.splitlines() splits on: each one ends an email header line somewhere.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# DEL and the C1 controls: XML allows them, but no reader means to type one.
_DEL_AND_C1_RE = re.compile("[\x7f-\x9f]")

_url_validator = URLValidator(
    schemes=["http", "https"],
    message="Enter a valid web address, such as https://example.com.",
)


def _reject(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _check_characters(url: str) -> None:
    if any(ch in BIDI_CONTROLS for ch in url):
        raise _reject("Web addresses can't contain text-direction control characters.", code="bidi")
    if any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in url):
        raise _reject(
            "Web addresses can't contain spaces, tabs, line breaks or invisible characters.",
            code="invisible",
        )
    if any(ch in _MARKUP_CHARS for ch in url):
        raise _reject(
            "Web addresses can't contain any of these characters: < > \" ` \\", code="markup"
        )
    if _ENCODED_CONTROL_RE.search(url):
        raise _reject(
            "Web addresses can't contain encoded control characters such as %0A.",
            code="encoded_control",
        )


def _check_host(host: str) -> None:
    """Refuse IP addresses and localhost: a commenter's website has a domain name."""
    try:
        ipaddress.ip_address(host)
        is_ip = True
    except ValueError:
        is_ip = bool(_NUMERIC_LABEL_RE.fullmatch(host.rstrip(".").rsplit(".", 1)[-1]))
    if is_ip or host == "localhost" or host.endswith(".localhost"):
        raise _reject(
            "Enter a web address with a domain name, not an IP address or localhost.",
            code="host",
        )


def validate_website_url(value: str) -> str:
    """Return ``value`` as a normalised http(s) URL, or raise ValidationError saying why not.

    A missing scheme becomes https://, and the host is stored in its ASCII (punycode) form
    so that a look-alike such as "аррӏе.com" shows as what it is: xn--80ak6aa92e.com.
    """
    url = value.strip(" ")
    if not url:
        raise _reject("Enter a web address, such as https://example.com.", code="required")
    if len(url) > MAX_URL_LENGTH:
        raise _reject(
            "Web addresses can be at most %(limit)d characters long.",
            code="max_length",
            limit=MAX_URL_LENGTH,
        )
    _check_characters(url)
    try:
        parts = urlsplit(url)
        if not parts.scheme and url[0].isalnum():  # "example.com", not "//example.com"
            url = "https://" + url
            parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not url.lower().startswith(
            f"{parts.scheme}://"
        ):
            raise _reject(
                "Enter a web address that starts with https:// or http://.", code="scheme"
            )
        if "@" in parts.netloc:
            raise _reject(
                "Web addresses can't contain a user name or password.", code="credentials"
            )
        host, port = parts.hostname or "", parts.port  # .port raises ValueError if > 65535
        _check_host(host)
        ascii_host = host.encode("idna").decode("ascii")
    except ValueError as error:  # UnicodeError, raised by the idna codec, is a ValueError
        raise _reject(_url_validator.message, code="invalid") from error
    netloc = ascii_host if port is None else f"{ascii_host}:{port}"
    normalised = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    _url_validator(normalised)
    if len(normalised) > MAX_URL_LENGTH:
        raise _reject(
            "Web addresses can be at most %(limit)d characters long.",
            code="max_length",
            limit=MAX_URL_LENGTH,
        )
    return normalised


def validate_no_control_characters(value: str) -> None:
    """Refuse control characters (except tab and line breaks), lone surrogates and
    noncharacters such as U+FFFE, which no feed can carry (essays.validators)."""
    if match := UNPUBLISHABLE_RE.search(value) or _DEL_AND_C1_RE.search(value):
        raise _reject(
            "This contains a character that is not allowed (%(codepoint)s). "
            "Remove it and try again.",
            code="control_characters",
            codepoint=f"U+{ord(match[0]):04X}",
        )


def validate_single_line(value: str) -> None:
    """Refuse line breaks of every kind in one-line fields that may end up in email headers."""
    if any(ch in LINE_BREAKS for ch in value):
        raise _reject("Enter this on a single line, without line breaks.", code="multiline")
