"""Whole numbers taken from a request (query values, form fields, cookies): one parser.

`str.isdigit()` accepts "²" and "١٢" and `int()` then fails or reads a number the reader
never typed; this takes ASCII digits only, within a sane range, and answers None otherwise.
"""

from __future__ import annotations

# Database ids and page numbers fit in a signed 64-bit integer; anything longer is noise.
MAX_DIGITS = 18


def whole_number(value: object) -> int | None:
    """`value` as a whole number from 0 up, or None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def positive_int(value: object) -> int | None:
    """`value` as a whole number from 1 up (an id, a page), or None for anything else."""
    number = whole_number(value)
    return number if number else None
