import pytest

from essays.rendering import markdown_to_safe_html

HOSTILE_BODIES = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">link</a>',
    "[link](javascript:alert(1))",
    '<iframe src="https://example.org"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "<object data='x.swf'></object><embed src='x'>",
    '<form action="https://evil.example"><input name="q"></form>',
    "<ScRiPt>alert(1)</sCrIpT>",
    '<div onclick="alert(1)">click</div>',
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_body_html_never_reaches_the_page(body):
    html = markdown_to_safe_html(f"Before.\n\n{body}\n\nAfter.").lower()

    assert "<script" not in html
    assert "onerror" not in html and "onload" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "data:text" not in html
    assert "<iframe" not in html and "<object" not in html and "<form" not in html
    assert "style=" not in html


def test_editor_markdown_keeps_figures_abbreviations_and_links():
    html = markdown_to_safe_html(
        'See [the report](https://example.org/r "Report").\n\n'
        '<figure><img src="/media/a.jpg" alt="A dam"><figcaption>A dam.</figcaption></figure>\n\n'
        'The <abbr title="International Energy Agency">IEA</abbr> agrees.'
    )
    assert '<a href="https://example.org/r" title="Report">the report</a>' in html
    assert '<img src="/media/a.jpg" alt="A dam">' in html
    assert "<figcaption>A dam.</figcaption>" in html
    assert '<abbr title="International Energy Agency">IEA</abbr>' in html


def test_footnote_markers_are_left_as_text_without_notes():
    assert "[^1]" in markdown_to_safe_html("A claim.[^1]")
