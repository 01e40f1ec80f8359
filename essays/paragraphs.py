"""Stable ids for the top-level paragraphs of a rendered essay body, and their plain text.

An id is "p-" and a short hash of the paragraph's own text, so editing one paragraph leaves
the ids of the others (and the comments anchored to them) as they were; a repeated text gets
"-2", "-3" in order. Note numbers and sidenotes are left out of the text: adding a note to
an earlier paragraph renumbers the markers after it, and must not move their ids.

Pure: works on the sanitised HTML that essays/rendering.py stores, whose ids are all ours
(the editor allowlist has no `id` attribute).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass

from essays.citations import MARKER_RE, without_sidenotes

# Blocks a reader may comment on: paragraphs, quotations and figures at the top level, and
# the items of top-level lists. Tables and code blocks are left out: no markup can be added
# inside a <table>, and a control inside <pre> would be copied with the code.
TOP_LEVEL_BLOCKS = frozenset({"p", "blockquote", "figure"})
LISTS = frozenset({"ul", "ol"})
PARAGRAPH_ID_RE = re.compile(r"p-[0-9a-f]{8}(?:-[1-9][0-9]{0,3})?")
# Sanitised HTML escapes "<" in text; attribute values are quoted and may hold ">".
_TAG_RE = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>""")
_OWN_ID_RE = re.compile(r'\sid="([^"]*)"')
_ID_ATTR_RE = re.compile(r"""\s+id=(?:"[^"]*"|'[^']*'|[^\s>]+)""")
_NOTEREF_RE = re.compile(r'<sup class="noteref"[^>]*>.*?</sup>', re.S)
_VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass(frozen=True)
class Block:
    """A commentable block: where its opening tag ends and its closing tag starts."""

    tag: str
    open_start: int
    open_end: int
    close_start: int
    id: str = ""


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str
    close_start: int  # where the block's content ends: controls go here, at its end


def find_blocks(body_html: str) -> list[Block]:
    """The commentable blocks of `body_html`, in document order."""
    blocks: list[Block] = []
    stack: list[tuple[str, int, int]] = []  # open elements: tag, open_start, open_end
    for match in _TAG_RE.finditer(body_html):
        closing, tag = match.group(1), match.group(2).lower()
        if not closing:
            if tag not in _VOID and not match.group(3).rstrip().endswith("/"):
                stack.append((tag, match.start(), match.end()))
            continue
        depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == tag), None)
        if depth is None:
            continue  # a stray closing tag: ignored, as a browser would
        _, open_start, open_end = stack[depth]
        del stack[depth:]
        parents = [name for name, _, _ in stack]
        if (not parents and tag in TOP_LEVEL_BLOCKS) or (
            tag == "li" and len(parents) == 1 and parents[0] in LISTS
        ):
            id_match = _OWN_ID_RE.search(body_html, open_start, open_end)
            blocks.append(
                Block(tag, open_start, open_end, match.start(), id_match[1] if id_match else "")
            )
    return sorted(blocks, key=lambda block: block.open_start)


def paragraph_text(inner_html: str) -> str:
    """The words of a block as a reader sees them: no tags, notes or sidenotes; spaces
    collapsed, Unicode composed (NFC), so a quote typed or copied elsewhere still matches."""
    text = _NOTEREF_RE.sub("", without_sidenotes(inner_html))
    text = html.unescape(_TAG_RE.sub(" ", MARKER_RE.sub("", text)))
    return " ".join(unicodedata.normalize("NFC", text).split())


def paragraph_id(text: str, seen: dict[str, int]) -> str:
    """ "p-" and 8 hex digits of the text's hash; "-2", "-3" for repeats (counted in `seen`)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    base = f"p-{digest}"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def with_paragraph_ids(body_html: str) -> str:
    """`body_html` with an id on each commentable block (replacing any it had)."""
    seen: dict[str, int] = {}
    parts, position = [], 0
    for block in find_blocks(body_html):
        inner = body_html[block.open_end : block.close_start]
        # A block of no words (an image alone) is known by its markup instead.
        text = paragraph_text(inner) or "\x00" + " ".join(inner.split())
        opening = body_html[block.open_start : block.open_end]
        attributes = _ID_ATTR_RE.sub("", opening[len(block.tag) + 1 :])
        parts += [
            body_html[position : block.open_start],
            f'<{block.tag} id="{paragraph_id(text, seen)}"{attributes}',
        ]
        position = block.open_end
    parts.append(body_html[position:])
    return "".join(parts)


def paragraphs(body_html: str) -> list[Paragraph]:
    """The blocks of a stored body that carry a paragraph id, with their text."""
    return [
        Paragraph(block.id, paragraph_text(body_html[block.open_end : block.close_start]),
                  block.close_start)
        for block in find_blocks(body_html)
        if PARAGRAPH_ID_RE.fullmatch(block.id)
    ]  # fmt: skip
