import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from essays.search import MARK_END, MARK_START, snippet_text

register = template.Library()

_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}")
_UNPAIRED = re.compile(f"[{MARK_START}{MARK_END}]")


@register.filter
def search_snippet(snippet: str | None) -> str:
    """A search snippet as HTML: everything escaped, then the matched words in <mark>."""
    text = escape(snippet_text(snippet or ""))
    return mark_safe(_UNPAIRED.sub("", _MARKED.sub(r"<mark>\1</mark>", text)))  # noqa: S308
