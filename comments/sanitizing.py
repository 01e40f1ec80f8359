"""Turn a reader's comment into the HTML we store, and read that HTML back.

``sanitize_comment`` runs once, when a comment is saved; templates render the stored result
with ``|safe`` and never re-parse it, so everything here must hold for any input.
"""

import re
import threading
from functools import partial
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter, build_url_re

INLINE_TAGS = frozenset(
    {"a", "em", "i", "strong", "b", "code", "blockquote", "q", "cite", "abbr", "del", "s"}
)
# <p> and <br> are ours: a reader who types them sees the text, not the element.
PARAGRAPH_TAGS = frozenset({"p", "br"})
ALLOWED_TAGS = INLINE_TAGS | PARAGRAPH_TAGS
# No q[cite] or blockquote[cite]: a URL readers never see is a URL moderators never check.
# rel is not accepted from readers; _harden_link sets it on every link.
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# C0 controls other than \t and \n (\r is folded into \n first), DEL, C1 controls, and lone
# surrogates, which cannot be encoded as UTF-8 and would fail at the database instead.
_UNWANTED_CHARS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Character references with so many digits that Python's int() refuses them (html.unescape
# would raise); past 7 digits they are beyond U+10FFFF, which browsers show as U+FFFD anyway.
_NUMERIC_REFERENCE_RE = re.compile(r"&#(?:([xX])0*([0-9a-fA-F]+)|0*([0-9]+))(;?)")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
# A quotation is a block of its own: its inside gets paragraphs, it is never inside one.
_BLOCKQUOTE_TAG_RE = re.compile(r"(</?blockquote>)")
# What bleach ignores when it reads a URL's scheme; we read it the same way.
_URL_NOISE_RE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+|[^\x00-\x7f]")
# Bare URLs become links only for the schemes we allow (bleach's default list includes data:).
_BARE_URL_RE = build_url_re(protocols=["http", "https"])


def _shorten_numeric_references(text: str) -> str:
    def shorten(match: re.Match) -> str:
        x, hex_digits, decimal_digits, semicolon = match.groups()
        digits = hex_digits or decimal_digits
        return "&#xFFFD;" if len(digits) > 7 else f"&#{x or ''}{digits}{semicolon}"

    return _NUMERIC_REFERENCE_RE.sub(shorten, text)


def _has_allowed_scheme(href: str) -> bool:
    """True for absolute http, https and mailto URLs, read the way a browser reads them."""
    try:
        # bleach hands attribute values on with their character references still in them.
        normalised = _URL_NOISE_RE.sub("", unescape(href)).lower()
        return urlsplit(normalised).scheme in ALLOWED_PROTOCOLS
    except ValueError:
        return False


def _harden_link(attrs: dict, new: bool = False) -> dict | None:
    """Set our rel on every link; drop any link _UnwrapUnsafeLinks did not already unwrap."""
    if not _has_allowed_scheme(attrs.get((None, "href"), "")):
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


class _UnwrapUnsafeLinks(Filter):
    """Replace each <a> whose href is missing, relative or not http/https/mailto by its content.

    bleach already removed hrefs with other schemes, but it keeps relative ones, and a link
    callback that drops a link also drops the entities and markup inside it.
    """

    def __iter__(self):
        kept = []  # one entry per open <a>: was it kept?
        for token in super().__iter__():
            if token.get("name") != "a" or token["type"] not in ("StartTag", "EndTag"):
                yield token
            elif token["type"] == "StartTag":
                kept.append(_has_allowed_scheme(token["data"].get((None, "href"), "")))
                if kept[-1]:
                    yield token
            elif not kept or kept.pop():
                yield token


class _FlattenAttributeNewlines(Filter):
    """Fold newlines in attribute values into spaces, so newlines only remain in text."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["data"]:
                token["data"] = {k: v.replace("\n", " ") for k, v in token["data"].items()}
            yield token


def _build_cleaners() -> tuple[bleach.Cleaner, bleach.Cleaner]:
    # strip=False escapes tags we do not allow instead of deleting them: the reader sees
    # exactly what they typed, as inert text, and no half-deleted markup can re-form.
    inline = bleach.Cleaner(
        tags=INLINE_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,
        strip_comments=True,
        filters=[_UnwrapUnsafeLinks, _FlattenAttributeNewlines],
    )
    # The second pass re-parses our paragraphs, so html5lib repairs any nesting they split,
    # and it is the final word on what survives.
    final = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,
        strip_comments=True,
        filters=[
            partial(
                LinkifyFilter,
                callbacks=[_harden_link],
                skip_tags={"code"},
                parse_email=False,
                url_re=_BARE_URL_RE,
            )
        ],
    )
    return inline, final


# A bleach Cleaner keeps parser state and is not thread-safe, so each thread builds its pair
# once and reuses it: https://bleach.readthedocs.io/en/latest/clean.html#using-bleach-cleaner
_local = threading.local()


def _cleaners() -> tuple[bleach.Cleaner, bleach.Cleaner]:
    if not hasattr(_local, "cleaners"):
        _local.cleaners = _build_cleaners()
    return _local.cleaners


def _paragraphs(html: str) -> str:
    """Blank line -> new paragraph, single newline -> <br>, text wrapped in <p>."""
    out = []
    for segment in _BLOCKQUOTE_TAG_RE.split(html):
        if _BLOCKQUOTE_TAG_RE.fullmatch(segment):
            out.append(segment)
            continue
        for paragraph in _PARAGRAPH_BREAK_RE.split(segment.strip()):
            if paragraph:
                out.append("<p>" + paragraph.replace("\n", "<br>") + "</p>")
    return "".join(out)


def sanitize_comment(text: str) -> str:
    """Return safe HTML for a comment body, to be stored and rendered with ``|safe``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _shorten_numeric_references(_UNWANTED_CHARS_RE.sub("", text))
    inline, final = _cleaners()
    # Paragraphs go in after the first pass so that <p> and <br> typed by the reader stay
    # escaped text; markup tangled across a paragraph break leaves html5lib empty <p>s.
    html = final.clean(_paragraphs(inline.clean(text)))
    return html.replace("<p></p>", "")


class _CommentReader(HTMLParser):
    """Collects the text of stored comment HTML, and the text and href of each link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.chunks.append("\n")
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag):
        if tag == "p":
            self.chunks.append("\n\n")
        elif tag == "a" and self._link is not None:
            href, text = self._link
            self.links.append(("".join(text), href))
            self._link = None

    def handle_data(self, data):
        self.chunks.append(data)
        if self._link is not None:
            self._link[1].append(data)


def _read(html: str) -> _CommentReader:
    reader = _CommentReader()
    reader.feed(_shorten_numeric_references(html))
    reader.close()
    return reader


def comment_plain_text(html: str) -> str:
    """Plain text of stored comment HTML, for excerpts and notifications (escape it again)."""
    return "".join(_read(html).chunks).strip()


def extract_links(html: str) -> list[tuple[str, str]]:
    """Every link in stored comment HTML as (visible text, full href), in order."""
    return _read(html).links
