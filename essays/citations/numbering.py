"""Note numbers: first appearance decides, and the number is shown in one of three styles."""

from __future__ import annotations

from collections.abc import Iterable

NUMBERING_STYLES = ("lower-roman", "arabic", "symbols")
SYMBOLS = ("*", "†", "‡", "§", "‖", "¶")
_ROMAN_VALUES = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_ROMAN_DIGITS = {numeral: value for value, numeral in _ROMAN_VALUES if len(numeral) == 1}


def number_labels(labels: Iterable[str]) -> dict[str, int]:
    """Number labels by first appearance; a repeated label keeps its first number."""
    numbers: dict[str, int] = {}
    for label in labels:
        numbers.setdefault(label, len(numbers) + 1)
    return numbers


def format_number(n: int, style: str) -> str:
    """Show note number `n` (from 1) in `style`: "iv", "4", or "§" (then "**", "††", ...)."""
    if n < 1:
        raise ValueError(f"Note numbers start at 1, not {n}.")
    if style == "arabic":
        return str(n)
    if style == "lower-roman":
        return to_roman(n)
    if style == "symbols":
        return SYMBOLS[(n - 1) % len(SYMBOLS)] * ((n - 1) // len(SYMBOLS) + 1)
    choices = ", ".join(NUMBERING_STYLES)
    raise ValueError(f"Unknown numbering style {style!r}; use one of {choices}.")


def to_roman(n: int) -> str:
    """Lower-case Roman numeral for 1 to 3999."""
    if not 0 < n < 4000:
        raise ValueError(f"Roman numerals run from 1 to 3999, not {n}.")
    digits = []
    for value, numeral in _ROMAN_VALUES:
        count, n = divmod(n, value)
        digits.append(numeral * count)
    return "".join(digits)


def from_roman(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral (any case), or None if it is not one."""
    lowered = numeral.lower()
    if not lowered or set(lowered) - set("ivxlcdm"):
        return None
    total, previous = 0, 0
    for char in reversed(lowered):
        value = _ROMAN_DIGITS[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total if 0 < total < 4000 and to_roman(total) == lowered else None


def to_letters(n: int) -> str:
    """a, b, ..., z, aa, ab, ...: for telling repeated back-links and citation keys apart."""
    letters = ""
    while n > 0:
        n, remainder = divmod(n - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters
