"""Text that can be published: what XML 1.0, and so every feed and sitemap, can carry.

XML 1.0 allows tab, line feed and carriage return among the C0 controls, and no surrogate
code point, U+FFFE or U+FFFF (https://www.w3.org/TR/xml/#charsets). Noncharacters are refused
too: they are not text (https://www.unicode.org/faq/private_use.html#noncharacters).
"""

import re

from django.core.exceptions import ValidationError

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
UNPUBLISHABLE_RE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff{_NONCHARACTERS}]")


def strip_unpublishable(text: str) -> str:
    """`text` without the characters an XML document cannot carry."""
    return UNPUBLISHABLE_RE.sub("", text)


def _describe(ch: str) -> str:
    if ord(ch) < 0x20:
        return "a control character"
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return "half of a broken character"
    return "a noncharacter"


def validate_xml_safe_text(value: str) -> None:
    """Refuse control characters (but tab and line breaks), surrogates and noncharacters."""
    if match := UNPUBLISHABLE_RE.search(value):
        raise ValidationError(
            "This contains %(what)s (%(codepoint)s) that cannot be published; remove it.",
            code="unpublishable_character",
            params={"what": _describe(match[0]), "codepoint": f"U+{ord(match[0]):04X}"},
        )
