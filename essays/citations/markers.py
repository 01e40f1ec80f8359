"""Finding [^label] footnote markers in Markdown source and in rendered HTML, outside code."""

from __future__ import annotations

import re
from collections.abc import Callable

MARKER_RE = re.compile(r"\[\^([A-Za-z0-9_.:-]{1,40})\]")
_MARKER_START_RE = re.compile(r"\[\^[^\[\]\n]{0,41}\]?")
# Python-Markdown's smarty extension turns "--" and "..." inside a label into entities.
_HTML_MARKER_RE = re.compile(r"\[\^((?:[A-Za-z0-9_.:-]|&ndash;|&mdash;|&hellip;){1,40})\]")
_SMARTY_ENTITIES = {"&ndash;": "--", "&mdash;": "---", "&hellip;": "..."}

_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})")
_LIST_ITEM_RE = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_CODE_SPAN_RE = re.compile(r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_HTML_CODE_RE = re.compile(
    r"<(code|pre|kbd|samp|script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^>]*>",
    re.S | re.I,
)
_HTML_TOKEN_RE = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>|</?([A-Za-z][A-Za-z0-9-]*)(?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.S,
)
_RAW_ELEMENTS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})


def find_markers(text: str) -> list[str]:
    """Labels of the [^label] markers in Markdown `text`, in order, ignoring code and HTML tags."""
    return [match.group(1) for match in MARKER_RE.finditer(_mask_code(text))]


def find_malformed_markers(text: str) -> list[str]:
    """Snippets that open like a marker ("[^") but are not one, such as "[^ bad label]"."""
    masked = _mask_code(text)
    valid = {match.start() for match in MARKER_RE.finditer(masked)}
    return [
        match.group(0) for match in _MARKER_START_RE.finditer(masked) if match.start() not in valid
    ]


def replace_html_markers(html: str, replace: Callable[[str], str | None]) -> str:
    """Replace each marker in the text of `html` by `replace(label)`; None keeps it as text.

    Code, preformatted text and attribute values are left alone. A marker inside a link is
    moved to just after the link, because links must not nest.
    """
    out: list[str] = []
    raw_open: list[str] = []
    deferred: list[str] = []
    link_depth = 0

    def substitute(match: re.Match) -> str:
        label = re.sub("&[a-z]+;", lambda entity: _SMARTY_ENTITIES[entity.group(0)], match.group(1))
        markup = replace(label) if MARKER_RE.fullmatch(f"[^{label}]") else None
        if markup is None:
            return match.group(0)
        if link_depth:
            deferred.append(markup)
            return ""
        return markup

    position = 0
    for token in _HTML_TOKEN_RE.finditer(html):
        text = html[position : token.start()]
        out.append(text if raw_open else _HTML_MARKER_RE.sub(substitute, text))
        out.append(token.group(0))
        position = token.end()
        name = (token.group(1) or "").lower()
        closing = token.group(0).startswith("</")
        if name in _RAW_ELEMENTS:
            if closing and name in raw_open:
                del raw_open[len(raw_open) - 1 - raw_open[::-1].index(name)]
            elif not closing and not token.group(0).endswith("/>"):
                raw_open.append(name)
        elif name == "a" and not raw_open:
            link_depth = max(0, link_depth - 1) if closing else link_depth + 1
            if closing and not link_depth:
                out.extend(deferred)
                deferred.clear()
    text = html[position:]
    out.append(text if raw_open else _HTML_MARKER_RE.sub(substitute, text))
    out.extend(deferred)
    return "".join(out)


def find_html_markers(html: str) -> list[str]:
    """Labels of the markers `render_notes` would see in `html`, in order."""
    labels: list[str] = []
    replace_html_markers(html, lambda label: labels.append(label))
    return labels


def _mask_code(text: str) -> str:
    """`text` with code blocks, code spans and HTML tags blanked out, keeping every offset."""
    text = _CODE_SPAN_RE.sub(_blank, _mask_code_blocks(text))
    return _HTML_CODE_RE.sub(_blank, text)


def _mask_code_blocks(text: str) -> str:
    out = []
    fence = ""
    previous_blank, in_list, in_indented = True, False, False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence:
            out.append(_blank(line))
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            continue
        if opening := _FENCE_RE.match(line):
            fence = opening.group(1)
            out.append(_blank(line))
            continue
        if not stripped:
            out.append(line)
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        # An indented block after a blank line is code, unless it continues a list item.
        in_indented = indented and (in_indented or (previous_blank and not in_list))
        if not indented:
            in_list = bool(_LIST_ITEM_RE.match(line)) or (in_list and not previous_blank)
        out.append(_blank(line) if in_indented else line)
        previous_blank = False
    return "".join(out)


def _blank(match_or_text: re.Match | str) -> str:
    text = match_or_text if isinstance(match_or_text, str) else match_or_text.group(0)
    return re.sub(r"[^\n]", " ", text)
