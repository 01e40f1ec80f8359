"""WordPress post HTML (classic or block markup) to essay Markdown with a pasted notes list.

Every note syntax WordPress sites use becomes a bracketed marker and a line of a "Notes" list
at the end, the shape `essays.citations.convert_pasted` reads, so one converter turns them
all into structured citations: core footnotes (WordPress 6.3+: `<sup data-fn>` markers, the
notes in the `footnotes` post meta), `<sup>` links to an ordered list, `[efn_note]…[/efn_note]`
and `((…))`. What Markdown cannot express stays as sanitised HTML; what the sanitiser removes
is listed, never dropped silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import bleach
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from essays.rendering import EDITOR_ATTRIBUTES, EDITOR_PROTOCOLS, EDITOR_TAGS

_INLINE_NOTE_RE = re.compile(r"\[efn_note\](.*?)\[/efn_note\]|\(\((.+?)\)\)", re.S)
_CAPTION_RE = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S)
_SHORTCODE_RE = re.compile(r"\[/?([a-z][a-z0-9_-]*)(?:\s[^\]]*)?\]")
_BLOCK_TAG_RE = re.compile(r"<(?:p|div|h[1-6]|ul|ol|table|blockquote|pre|figure)\b", re.I)
# Kept as HTML: Markdown has no table cell spans, definition lists or captions.
_KEPT = ("table", "dl", "figure")
_DROPPED = ("script", "style", "iframe", "object", "embed", "video", "audio", "form", "noscript")
_KEEP_PLACEHOLDER = "MARGINALIAKEPTHTML{}X"


@dataclass
class Markup:
    body: str  # Markdown, ending in a "Notes" list when the post had notes of any kind
    structured_notes: int = 0  # notes found in core footnotes, sup links or plugin syntax
    images: list[str] = field(default_factory=list)  # src of every image, in order
    kept_html: list[str] = field(default_factory=list)  # tags kept as sanitised HTML
    removed: list[str] = field(default_factory=list)  # tags the sanitiser took out
    shortcodes: list[str] = field(default_factory=list)  # left as text: nothing reads them


def wordpress_to_markdown(html: str, *, footnotes_meta: str = "") -> Markup:
    """Convert one post's content to Markdown; `footnotes_meta` is its `footnotes` meta JSON."""
    html = _CAPTION_RE.sub(_caption_figure, html)
    html = _INLINE_NOTE_RE.sub(
        lambda match: f"<sup data-inline-note>{match.group(1) or match.group(2)}</sup>", html
    )
    if not _BLOCK_TAG_RE.search(html):
        html = _autop(html)
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()  # block delimiters: <!-- wp:paragraph -->
    markup = Markup(body="")
    for tag in soup.find_all(_DROPPED):
        markup.removed.append(tag.name)
        tag.decompose()
    notes = _take_notes(soup, _core_footnotes(footnotes_meta))
    markup.structured_notes = len(notes)
    markup.images = [img.get("src", "") for img in soup.find_all("img") if img.get("src")]
    kept = _keep_as_html(soup, markup)
    body = _Converter(heading_style="ATX", bullets="-", escape_misc=False).convert_soup(soup)
    for index, html_block in enumerate(kept):
        body = body.replace(_KEEP_PLACEHOLDER.format(index), html_block)
    markup.shortcodes = sorted(set(_SHORTCODE_RE.findall(body)) - {"efn_note"})
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    if notes:
        body += "\n\nNotes\n\n" + "\n\n".join(f"[{n}] {text}" for n, text in enumerate(notes, 1))
    markup.body = body + "\n"
    return markup


class _Converter(MarkdownConverter):
    """markdownify, leaving `<sup>` and `<sub>` that carry no note as HTML Markdown allows."""

    def convert_sup(self, el, text, *args, **kwargs):
        return f"<sup>{text}</sup>" if text.strip() else ""

    def convert_sub(self, el, text, *args, **kwargs):
        return f"<sub>{text}</sub>" if text.strip() else ""


def _autop(html: str) -> str:
    """WordPress's wpautop, simplified: a blank line separates paragraphs in classic posts."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", html) if part.strip()]
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs)


def _caption_figure(match: re.Match) -> str:
    inner = match.group(1).strip()
    image_end = inner.rfind(">") + 1
    caption = inner[image_end:].strip()
    return f"<figure>{inner[:image_end]}<figcaption>{caption}</figcaption></figure>"


def _core_footnotes(meta: str) -> dict[str, str]:
    """id -> note HTML from the `footnotes` meta; an unreadable value means no notes."""
    try:
        notes = json.loads(meta) if meta else []
    except ValueError:
        return {}
    if not isinstance(notes, list):
        return {}
    return {
        str(note.get("id")): str(note.get("content", ""))
        for note in notes
        if isinstance(note, dict) and note.get("id")
    }


def _take_notes(soup: BeautifulSoup, core: dict[str, str]) -> list[str]:
    """Replace each note marker with "[n]" in document order; the notes' plain text."""
    notes: list[str] = []
    lists: set[int] = set()
    for sup in soup.find_all("sup"):
        text = _note_text(sup, core, lists)
        if text is None:
            continue
        notes.append(text)
        sup.replace_with(NavigableString(f"[{len(notes)}]"))
    for listing in soup.find_all("ol"):
        if id(listing) in lists or "wp-block-footnotes" in listing.get("class", []):
            listing.decompose()
    return notes


def _note_text(sup: Tag, core: dict[str, str], lists: set[int]) -> str | None:
    if sup.has_attr("data-inline-note"):
        return _plain(sup.decode_contents())
    if sup.get("data-fn") in core:
        return _plain(core[sup["data-fn"]])
    link = sup.find("a", href=re.compile(r"^#."))
    target = link and sup.find_parent().find_next("li", id=link["href"][1:])
    if target is None or target.find_parent("ol") is None:
        return None
    lists.add(id(target.find_parent("ol")))
    for back in target.find_all("a", href=re.compile(r"^#")):
        back.decompose()  # the "↩" link back to the marker
    return _plain(target.decode_contents())


def _plain(html: str) -> str:
    text = BeautifulSoup(html, "html.parser").get_text()
    return " ".join(text.replace("↩", "").split())


def _keep_as_html(soup: BeautifulSoup, markup: Markup) -> list[str]:
    """Swap what Markdown cannot express for tokens; return the sanitised HTML of each."""
    kept: list[str] = []
    swapped: set[int] = set()
    for tag in soup.find_all(_KEPT):
        if any(id(parent) in swapped for parent in tag.parents) or not _needs_html(tag):
            continue
        swapped.add(id(tag))
        html, removed = sanitise(str(tag))
        markup.kept_html.append(tag.name)
        markup.removed.extend(removed)
        kept.append(re.sub(r"\n\s*\n", "\n", html))
        token = soup.new_tag("p")
        token.string = _KEEP_PLACEHOLDER.format(len(kept) - 1)
        tag.replace_with(token)
    return kept


def _needs_html(tag: Tag) -> bool:
    if tag.name == "table":
        return bool(tag.find(["td", "th"], attrs={"colspan": True}) or tag.find(rowspan=True))
    if tag.name == "figure":
        inner = tag.find("table")
        return tag.find("figcaption") is not None or (inner is not None and _needs_html(inner))
    return True


def sanitise(html: str) -> tuple[str, list[str]]:
    """`html` through the essay allowlist, and the names of the tags it removed."""
    before = [tag.name for tag in BeautifulSoup(html, "html.parser").find_all(True)]
    clean = bleach.clean(
        html, tags=EDITOR_TAGS, attributes=EDITOR_ATTRIBUTES, protocols=EDITOR_PROTOCOLS, strip=True
    )
    return clean, sorted({name for name in before if name not in EDITOR_TAGS})
