"""Typographic quotes and apostrophes by SmartyPants, never inside code, tags or URLs.

https://pypi.org/project/smartypants/ skips <pre>, <code>, <kbd> and the like, and leaves
tags (so attribute values) alone; URLs written as text are hidden from it here.
"""

from __future__ import annotations

import re
from html import escape, unescape

import smartypants

_QUOTES = smartypants.Attr.q | smartypants.Attr.u  # quotes only, as characters, not entities
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_URL = re.compile(r"""\b(?:https?://|www\.)[^\s<>"]+""", re.I)
# URLs stand in as a private-use character the text does not hold: a word character to
# SmartyPants, so quotes around a URL still open and close.
_PRIVATE_USE = range(0xE000, 0xF900)
# SmartyPants opens the quote of an elided decade ("the '90s"); it is an apostrophe.
_DECADE = re.compile(r"‘(?=\d\ds\b)")


def smarten_html(html: str) -> str:
    """`html` with straight quotes and apostrophes in its text made typographic."""
    urls: list[str] = []
    mark = unused_private_character(html)
    if mark is None:  # text made to hold every one of them is left as it is
        return html

    def hide(match: re.Match) -> str:
        urls.append(match.group(0))
        return mark

    parts = _TAG_OR_TEXT.split(html)
    hidden = "".join(
        part if index % 2 else _URL.sub(hide, part) for index, part in enumerate(parts)
    )
    smart = _DECADE.sub("’", smartypants.smartypants(hidden, _QUOTES))
    pieces = smart.split(mark)
    return pieces[0] + "".join(url + piece for url, piece in zip(urls, pieces[1:], strict=True))


def unused_private_character(text: str) -> str | None:
    """A private-use character `text` does not hold, to stand in for something in it."""
    return next((chr(code) for code in _PRIVATE_USE if chr(code) not in text), None)


def smarten_text(text: str) -> str:
    """Plain `text` with typographic quotes and apostrophes; stays plain text."""
    return unescape(smarten_html(escape(text, quote=False)))
