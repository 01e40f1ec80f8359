"""The site's comment rules as pure functions of plain text: one link counter, one key matcher.

The moderation policy and the embedded spam checker both use these, so a link or a key
counts the same everywhere. No Django, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# An <a> element counts once, whatever its text says; bare URLs outside tags count each.
_ANCHOR_RE = re.compile(r"<a\s[^>]*>.*?(?:</a\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")
# Links as spammers send them: bare URLs, <a href>, BBCode. Hosts without a scheme are
# counted by the Bayes tokenizer instead ("url:" tokens), which is enough for density.
URL_RE = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"'\[\]]+", re.IGNORECASE)


def count_links(text: str) -> int:
    """How many links a reader would see in `text`: each <a> element and each bare URL."""
    anchors = _ANCHOR_RE.findall(text)
    rest = _TAG_RE.sub(" ", _ANCHOR_RE.sub(" ", text))
    return len(anchors) + len(URL_RE.findall(rest))


def matching_key(fields: Iterable[str], keys: Sequence[str]) -> str | None:
    """The first of `keys` found (case-insensitively) in any of `fields`, or None."""
    haystack = "\n".join(fields).casefold()
    for key in keys:
        key = key.strip()
        if key and key.casefold() in haystack:
            return key
    return None
