"""Essay body rendering: Markdown to sanitised HTML, with numbered notes. Pure; no ORM."""

from __future__ import annotations

import re
from dataclasses import dataclass

import bleach
import markdown
from bleach.css_sanitizer import CSSSanitizer

# Editors are trusted, but a stolen editor account must not be able to plant script:
# everything Markdown produces is passed through this allowlist.
EDITOR_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "i", "b", "s", "del",
        "ins", "sup", "sub", "small", "mark", "abbr", "cite", "q", "code", "pre", "kbd",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "img", "table",
        "thead", "tbody", "tr", "th", "td", "caption",
    }
)  # fmt: skip
EDITOR_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "img": ["src", "alt", "width", "height", "loading", "title"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
    "ol": ["start"],
    "q": ["cite"],
    "blockquote": ["cite"],
    "code": ["class"],
}
EDITOR_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=EDITOR_TAGS,
    attributes=EDITOR_ATTRIBUTES,
    protocols=EDITOR_PROTOCOLS,
    strip=True,
    strip_comments=True,
    css_sanitizer=CSSSanitizer(allowed_css_properties=[]),
)
_MARKDOWN_EXTENSIONS = ["abbr", "tables", "fenced_code", "sane_lists", "smarty"]
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class RenderedBody:
    body_html: str
    notes_html: str
    word_count: int
    missing_labels: tuple[str, ...] = ()
    unused_labels: tuple[str, ...] = ()
    duplicate_labels: tuple[str, ...] = ()


def markdown_to_safe_html(text: str) -> str:
    """Convert editor Markdown (with a little inline HTML) to HTML that passed the allowlist."""
    html = markdown.markdown(text, extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    return _cleaner.clean(html)


def count_words(html: str) -> int:
    return len(_WORD.findall(_TAG.sub(" ", html)))


def render_essay_body(body: str, *, footnotes=(), note_style: str = "lower-roman") -> RenderedBody:
    """Render an essay's Markdown body and its footnotes to stored HTML."""
    html = markdown_to_safe_html(body)
    word_count = count_words(html)
    return RenderedBody(body_html=html, notes_html="", word_count=word_count)
