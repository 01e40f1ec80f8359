"""smarten_html and smarten_text: typographic quotes, never in code, tags or URLs."""

import pytest

from essays.citations import smarten_html, smarten_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Water," she said.', "“Water,” she said."),
        ("It's the river's 'share'.", "It’s the river’s ‘share’."),
        ("the '90s", "the ’90s"),
        ('<em>"Quoted"</em>', "<em>“Quoted”</em>"),
    ],
)
def test_quotes_and_apostrophes_become_typographic(text, expected):
    assert smarten_html(text) == expected


def test_code_is_left_as_typed():
    html = '<p>"Run" <code>print("it\'s")</code> <pre>x = \'y\'</pre> <kbd>"k"</kbd></p>'
    assert smarten_html(html) == (
        '<p>“Run” <code>print("it\'s")</code> <pre>x = \'y\'</pre> <kbd>"k"</kbd></p>'
    )


def test_attribute_values_are_left_as_typed():
    html = '<a href="https://example.com/it\'s" title="\'t\'">"link"</a>'
    assert smarten_html(html) == '<a href="https://example.com/it\'s" title="\'t\'">“link”</a>'


def test_urls_written_as_text_are_left_as_typed():
    html = "See https://example.com/o'brien and www.example.org/'x' for 'more'."
    assert smarten_html(html) == (
        "See https://example.com/o'brien and www.example.org/'x' for ‘more’."
    )


def test_a_url_in_quotes_keeps_its_own_characters_and_gets_curly_quotes_around_it():
    assert smarten_html('"https://example.com/a\'b"') == "“https://example.com/a'b”"


def test_plain_text_stays_plain_with_its_ampersands_and_angle_brackets():
    assert smarten_text('Water & "Power" <b>') == "Water & “Power” <b>"
    assert smarten_text("&amp; it's") == "&amp; it’s"


def test_text_holding_private_use_characters_is_left_intact():
    html = "\ue000 \ue001 'a' https://example.com/x"
    assert smarten_html(html) == "\ue000 \ue001 ‘a’ https://example.com/x"


def test_text_holding_every_private_use_character_is_left_as_it_is():
    html = "".join(map(chr, range(0xE000, 0xF900))) + " 'a'"
    assert smarten_html(html) == html
