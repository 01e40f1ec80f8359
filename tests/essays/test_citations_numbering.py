"""Note numbering: first appearance, and the three display styles."""

import pytest

from essays.citations import format_number, from_roman, number_labels, to_roman
from essays.citations.numbering import to_letters


def test_labels_are_numbered_by_first_appearance():
    assert number_labels(["b", "a", "b", "c", "a"]) == {"b": 1, "a": 2, "c": 3}


def test_a_repeated_label_reuses_its_number():
    numbers = number_labels(["x", "y", "x"])
    assert numbers["x"] == 1
    assert len(numbers) == 2


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (1, "i"), (2, "ii"), (3, "iii"), (4, "iv"), (5, "v"), (9, "ix"), (14, "xiv"),
        (19, "xix"), (40, "xl"), (44, "xliv"), (49, "xlix"), (90, "xc"), (99, "xcix"),
        (400, "cd"), (1994, "mcmxciv"), (3999, "mmmcmxcix"),
    ],
)  # fmt: skip
def test_lower_roman_numbers(n, shown):
    assert format_number(n, "lower-roman") == shown


@pytest.mark.parametrize("n", [1, 9, 10, 49, 100, 1234])
def test_arabic_numbers(n):
    assert format_number(n, "arabic") == str(n)


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (1, "*"), (2, "†"), (3, "‡"), (4, "§"), (5, "‖"), (6, "¶"),
        (7, "**"), (8, "††"), (9, "‡‡"), (12, "¶¶"), (13, "***"), (18, "¶¶¶"), (19, "****"),
    ],
)  # fmt: skip
def test_symbols_double_after_the_sixth_note(n, shown):
    assert format_number(n, "symbols") == shown


def test_every_style_gives_distinct_marks_for_the_first_fifty_notes():
    for style in ("lower-roman", "arabic", "symbols"):
        assert len({format_number(n, style) for n in range(1, 51)}) == 50


def test_unknown_style_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="lower-roman, arabic, symbols"):
        format_number(1, "upper-alpha")


@pytest.mark.parametrize("n", [0, -3])
def test_numbers_start_at_one(n):
    with pytest.raises(ValueError, match="start at 1"):
        format_number(n, "arabic")


def test_roman_numerals_stop_at_3999():
    with pytest.raises(ValueError, match="3999"):
        to_roman(4000)


def test_from_roman_inverts_to_roman():
    assert all(from_roman(to_roman(n)) == n for n in range(1, 4000))


@pytest.mark.parametrize("numeral", ["XIV", "xiv", "Xiv"])
def test_from_roman_ignores_case(numeral):
    assert from_roman(numeral) == 14


@pytest.mark.parametrize("numeral", ["", "iiii", "vx", "ic", "abc", "mmmm", "14"])
def test_from_roman_refuses_malformed_numerals(numeral):
    assert from_roman(numeral) is None


@pytest.mark.parametrize(("n", "letters"), [(1, "a"), (2, "b"), (26, "z"), (27, "aa"), (53, "ba")])
def test_to_letters(n, letters):
    assert to_letters(n) == letters
