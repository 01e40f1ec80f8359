"""Finding [^label] markers in Markdown and in rendered HTML."""

import pytest

from essays.citations import find_malformed_markers, find_markers
from essays.citations.markers import find_html_markers, replace_html_markers


def test_markers_are_listed_in_order_of_appearance_with_repeats():
    text = "One[^b] two[^a]. Three[^b] and [^reuters-haaretz]."
    assert find_markers(text) == ["b", "a", "b", "reuters-haaretz"]


def test_labels_may_use_letters_digits_and_the_punctuation_of_the_grammar():
    text = "[^1] [^A_b] [^x.y] [^ch:3] [^a-b] [^" + "z" * 40 + "]"
    assert find_markers(text) == ["1", "A_b", "x.y", "ch:3", "a-b", "z" * 40]


@pytest.mark.parametrize(
    "text",
    ["[^ bad label]", "[^]", "[^unclosed", "[^" + "z" * 41 + "]", "[^a b]", "[^é]", "[ ^1]"],
)
def test_malformed_markers_are_not_markers(text):
    assert find_markers(text) == []


def test_malformed_markers_are_reported_as_typed():
    text = "Good[^1], bad[^ bad label], empty[^], open[^unclosed and fine[^2]."
    assert find_markers(text) == ["1", "2"]
    assert find_malformed_markers(text) == ["[^ bad label]", "[^]", "[^unclosed and fine"]


def test_markers_in_code_spans_are_ignored():
    assert find_markers("Use `[^1]` to cite, like this[^2], or ``a `[^3]` b``.") == ["2"]


def test_markers_in_fenced_code_are_ignored():
    text = "Before[^1]\n\n```markdown\nText[^2]\n```\n\n~~~\n[^3]\n~~~\nAfter[^4]\n"
    assert find_markers(text) == ["1", "4"]


def test_markers_in_indented_code_are_ignored_but_list_continuations_count():
    text = "Para[^1]\n\n    code[^2]\n\n- item[^3]\n\n    continued[^4]\n\nEnd[^5]\n"
    assert find_markers(text) == ["1", "3", "4", "5"]


def test_markers_in_inline_html_code_and_attributes_are_ignored():
    text = 'A<code>[^1]</code> <pre>[^2]</pre> <span title="[^3]">b</span>[^4] <!-- [^5] -->'
    assert find_markers(text) == ["4"]


def test_html_markers_skip_code_pre_and_attributes():
    html = '<p>a[^1] <code>[^2]</code></p><pre><code>[^3]</code></pre><p title="[^4]">[^5]</p>'
    assert find_html_markers(html) == ["1", "5"]


def test_html_markers_survive_smarty_dashes_and_ellipses():
    html = "<p>a[^a&ndash;b] b[^c&hellip;d] c[^e&mdash;f]</p>"
    assert find_html_markers(html) == ["a--b", "c...d", "e---f"]


def test_replacement_inside_a_link_moves_after_the_link():
    html = '<p><a href="https://example.com/">text[^1]</a> more</p>'
    out = replace_html_markers(html, lambda label: f"<sup>{label}</sup>")
    assert out == '<p><a href="https://example.com/">text</a><sup>1</sup> more</p>'


def test_replacement_returning_none_keeps_the_marker_visible():
    out = replace_html_markers("<p>a[^1] b[^2]</p>", lambda label: "X" if label == "1" else None)
    assert out == "<p>aX b[^2]</p>"


def test_replacement_leaves_everything_else_untouched():
    html = (
        '<h2 id="x">Title</h2>\n<p>A &amp; B <em>c</em> &lt;d&gt;</p><img src="a.png" alt="[^1]">'
    )
    assert replace_html_markers(html, lambda label: "X") == html
