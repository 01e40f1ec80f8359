"""The essay body is set with typographic quotes, dashes and ellipses; code and URLs as typed."""

from essays.rendering import markdown_to_safe_html


def test_body_quotes_and_apostrophes_are_typographic():
    html = markdown_to_safe_html("\"Water,\" she said -- it's the '90s... [^a]")
    assert html == "<p>“Water,” she said &ndash; it’s the ’90s&hellip; [^a]</p>"


def test_code_and_urls_in_the_body_keep_their_straight_quotes():
    html = markdown_to_safe_html(
        "See `print('x')`, <https://example.com/o'brien> and https://example.org/it's.\n\n"
        '    block = "kept"\n'
    )
    assert "<code>print('x')</code>" in html
    assert "<a href=\"https://example.com/o'brien\">https://example.com/o'brien</a>" in html
    assert "https://example.org/it's." in html
    assert 'block = "kept"' in html
