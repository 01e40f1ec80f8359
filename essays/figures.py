"""Figures from the media library in an essay's Markdown: the syntax, and its HTML.

A figure is a line of its own: `![alt text](media:12 "caption")`. The words in brackets are
this figure's alt text (the library's when left empty), a caption in quotes replaces the
library's, and the credit is always the library's. Pure: the caller looks the images up
(Essay.render) and passes them in as FigureData.

Markdown turns the line into an <img>; a Treeprocessor takes it out before sanitising and
leaves a placeholder paragraph, which is replaced by our markup (escaped by the template)
after sanitising, as note markers are.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from django.template.loader import render_to_string
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from essays.images import COLUMN_SIZES, Renditions

MEDIA_SRC_RE = re.compile(r"media:(\d{1,9})")
# Over-inclusive on purpose (code blocks too): it only decides which images to look up.
FIGURE_IDS_RE = re.compile(r"\]\(\s*<?media:(\d{1,9})\b")


@dataclass(frozen=True)
class FigureData:
    """A library image as the renderer needs it."""

    alt: str
    caption: str = ""
    credit: str = ""
    renditions: Renditions | None = None
    url: str = ""


@dataclass(frozen=True)
class FigureUse:
    """One `![alt](media:N "caption")` line of the body."""

    media_id: int
    alt: str
    caption: str


def figure_ids(body: str) -> set[int]:
    """The library ids the body may place, to look up before rendering."""
    return {int(match[1]) for match in FIGURE_IDS_RE.finditer(body)}


class FigureExtension(Extension):
    """Collects the body's figures while Markdown runs; `place()` puts them in afterwards."""

    def __init__(self):
        super().__init__()
        # Random per rendering, so no text an editor types can pass for a placeholder.
        self.token = f"FIGURE{secrets.token_hex(8)}N"
        self.uses: list[FigureUse] = []
        self.loose: list[int] = []  # media images inside a paragraph of text, left out

    def extendMarkdown(self, md: Markdown) -> None:
        # After "unescape" (priority 0), so the alt text has its backslash escapes resolved.
        md.treeprocessors.register(_FigureCollector(md, self), "media_figures", -1)

    def placeholders(self) -> re.Pattern:
        return re.compile(rf"<p>{self.token}(\d+)</p>")

    def without_placeholders(self, html: str) -> str:
        return self.placeholders().sub("", html)

    def place(self, html: str, figures: Mapping[int, FigureData]) -> str:
        """Replace each placeholder with its figure; one whose image is unknown leaves nothing."""
        return self.placeholders().sub(
            lambda match: figure_html(self.uses[int(match[1])], figures), html
        )

    def missing(self, figures: Mapping[int, FigureData]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(u.media_id for u in self.uses if u.media_id not in figures))


class _FigureCollector(Treeprocessor):
    def __init__(self, md: Markdown, extension: FigureExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for image in list(root.iter("img")):
            match = MEDIA_SRC_RE.fullmatch(image.get("src", "").strip())
            if match is None:
                continue
            parent = parents[image]
            if parent.tag == "p" and len(parent) == 1 and _blank(parent.text, image.tail):
                parent.remove(image)
                parent.text = f"{self.extension.token}{len(self.extension.uses)}"
                self.extension.uses.append(
                    FigureUse(int(match[1]), image.get("alt", ""), image.get("title", ""))
                )
            else:
                _remove_keeping_tail(parent, image)
                self.extension.loose.append(int(match[1]))


def _blank(*texts: str | None) -> bool:
    return all(not (text or "").strip() for text in texts)


def _remove_keeping_tail(parent: ET.Element, child: ET.Element) -> None:
    index = list(parent).index(child)
    tail = child.tail or ""
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(child)


def figure_html(use: FigureUse, figures: Mapping[int, FigureData]) -> str:
    figure = figures.get(use.media_id)
    if figure is None:
        return ""
    return render_to_string(
        "essays/_figure.html",
        {
            "renditions": figure.renditions,
            "url": figure.url,
            "alt": use.alt.strip() or figure.alt,
            "caption": use.caption.strip() or figure.caption,
            "credit": figure.credit,
            "sizes": COLUMN_SIZES,
            "loading": "lazy",
        },
    ).strip()


def figure_markdown(media_id: int, alt: str) -> str:
    """The line that places library image `media_id`, with `alt` as its alt text."""
    alt = re.sub(r"([\\\[\]])", r"\\\1", " ".join(alt.split()))
    return f"![{alt}](media:{media_id})"
