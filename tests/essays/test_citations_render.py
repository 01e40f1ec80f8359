"""render_notes: note references in the body, the notes list, and their accessibility."""

import datetime
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from essays.citations import NoteData, SourceData, render_notes

MARSH = SourceData(
    kind="book",
    authors=["Lena Marsh"],
    title="Rivers of Contention",
    publisher="Northgate University Press",
    date=datetime.date(2011, 1, 1),
    date_precision="year",
    key="marsh",
)
REUTERS = SourceData(
    kind="news",
    authors=["Reuters"],
    title="Upstream Dam Cuts Meran Flow",
    container="Harbour Gazette",
    date=datetime.date(2019, 10, 26),
    url="https://example.com/dam",
    key="reuters",
)


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("br", "img", "hr"):
            self.open.append(element)

    def handle_endtag(self, tag):
        if self.open and self.open[-1]["tag"] == tag:
            self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data


def elements(html, **attrs):
    return [e for e in _Elements(html).elements if all(e.get(k) == v for k, v in attrs.items())]


def test_notes_are_numbered_by_first_appearance_and_repeats_reuse_the_number():
    notes = [NoteData("a", MARSH, "45"), NoteData("b", REUTERS)]
    result = render_notes("<p>One[^b] two[^a] three[^b].</p>", notes, style="arabic")
    assert result.used_labels == ["b", "a"]
    assert [e["text"] for e in elements(result.body_html, role="doc-noteref")] == ["1", "2", "1"]
    assert [e["id"] for e in elements(result.body_html, tag="sup")] == [
        "ref-b-1",
        "ref-a-1",
        "ref-b-2",
    ]
    items = elements(result.notes_html, tag="li")
    assert [(e["id"], e["value"]) for e in items] == [("note-b", "1"), ("note-a", "2")]


def test_noteref_markup_is_exact():
    result = render_notes("<p>x[^1]</p>", [NoteData("1", commentary="c")], style="lower-roman")
    assert result.body_html == (
        '<p>x<sup class="noteref" id="ref-1-1"><a href="#note-1" role="doc-noteref" '
        'aria-describedby="notes-heading">i</a></sup>'
        '<span class="sidenote" hidden aria-hidden="true"><span class="sidenote__number">i</span> '
        "c</span></p>"
    )


def test_notes_section_has_endnotes_role_and_labelled_heading():
    result = render_notes("<p>x[^1]</p>", [NoteData("1", commentary="c")], style="arabic")
    assert result.notes_html.startswith(
        '<section class="notes" role="doc-endnotes" aria-labelledby="notes-heading">'
        '<h2 id="notes-heading">Notes</h2><ol'
    )
    assert result.notes_html.endswith("</ol></section>")


def test_list_items_carry_no_deprecated_endnote_role():
    result = render_notes("<p>x[^1]</p>", [NoteData("1", commentary="c")], style="arabic")
    assert 'doc-endnote"' not in result.notes_html
    assert all("role" not in li for li in elements(result.notes_html, tag="li"))


@pytest.mark.parametrize(
    ("style", "shown"), [("lower-roman", "xiv"), ("arabic", "14"), ("symbols", "†††")]
)
def test_the_number_is_shown_in_a_span_for_every_style(style, shown):
    notes = [NoteData(str(n), commentary=f"note {n}") for n in range(1, 16)]
    body = "<p>" + "".join(f"[^{n}]" for n in range(1, 16)) + "</p>"
    result = render_notes(body, notes, style=style)
    numbers = [e["text"] for e in elements(result.notes_html, **{"class": "note-number"})]
    assert numbers[13] == shown
    assert elements(result.body_html, href="#note-14")[0]["text"] == shown
    assert f"notes-list--{style}" in result.notes_html


def test_every_reference_and_back_link_points_at_an_existing_id():
    notes = [NoteData("a", MARSH), NoteData("b", REUTERS), NoteData("c", commentary="Only this.")]
    body = "<p>A[^a] B[^b] C[^a]</p><p>D[^c] E[^a] F[^b]</p>"
    result = render_notes(body, notes, style="lower-roman")
    page = result.body_html + result.notes_html
    ids = [e["id"] for e in elements(page) if "id" in e]
    assert len(ids) == len(set(ids)), "ids must be unique"
    hrefs = [e["href"] for e in elements(page, tag="a") if e["href"].startswith("#")]
    assert hrefs and all(href[1:] in ids for href in hrefs)
    backlinks = elements(result.notes_html, role="doc-backlink")
    assert sorted(e["href"][1:] for e in backlinks) == sorted(
        e["id"] for e in elements(result.body_html, tag="sup")
    )
    for ref in elements(result.body_html, role="doc-noteref"):
        assert ref["aria-describedby"] == "notes-heading"
        assert ref["aria-describedby"] in ids


def test_every_back_link_has_a_distinct_accessible_name():
    notes = [NoteData("a", MARSH), NoteData("b", REUTERS)]
    result = render_notes("<p>[^a][^b][^a][^a]</p>", notes, style="lower-roman")
    names = [e["aria-label"] for e in elements(result.notes_html, role="doc-backlink")]
    assert names == [
        "Back to reference i, citation a",
        "Back to reference i, citation b",
        "Back to reference i, citation c",
        "Back to reference ii",
    ]
    assert len(set(names)) == len(names)


def test_repeated_citations_get_lettered_back_links():
    result = render_notes("<p>[^a][^a]</p>", [NoteData("a", MARSH)], style="arabic")
    marks = [e["text"] for e in elements(result.notes_html, role="doc-backlink")]
    assert marks == ["↩\ufe0ea", "↩\ufe0eb"]


def test_back_link_names_go_past_the_alphabet():
    result = render_notes("<p>" + "[^a]" * 28 + "</p>", [NoteData("a", MARSH)], style="arabic")
    names = [e["aria-label"] for e in elements(result.notes_html, role="doc-backlink")]
    assert names[9] == "Back to reference 1, citation j"
    assert names[27] == "Back to reference 1, citation ab"
    assert len(set(names)) == 28


def test_a_marker_without_a_note_stays_visible_and_takes_no_number():
    result = render_notes("<p>x[^ghost] y[^1]</p>", [NoteData("1", MARSH)], style="arabic")
    assert "[^ghost]" in result.body_html
    assert result.missing_labels == ["ghost"]
    assert result.used_labels == ["1"]
    assert elements(result.body_html, role="doc-noteref")[0]["text"] == "1"


def test_unused_and_duplicate_labels_are_reported():
    notes = [NoteData("1", MARSH), NoteData("2", REUTERS), NoteData("1", REUTERS, "3")]
    result = render_notes("<p>x[^1]</p>", notes, style="arabic")
    assert result.unused_labels == ["2"]
    assert result.duplicate_labels == ["1"]
    assert "Marsh" in result.notes_html  # the first of the duplicates is used
    assert "Upstream" not in result.notes_html


def test_malformed_markers_and_markers_in_code_are_left_as_typed():
    body = "<p>a[^ bad label] b[^] c[^open</p><pre><code>[^1]</code></pre><p><code>[^1]</code></p>"
    result = render_notes(body, [NoteData("1", MARSH)], style="arabic")
    assert result.body_html == body
    assert result.used_labels == []
    assert result.unused_labels == ["1"]
    assert result.notes_html == ""


def test_id_prefix_is_applied_to_every_id_and_link():
    result = render_notes("<p>x[^1]</p>", [NoteData("1", MARSH)], style="arabic", id_prefix="e7-")
    page = result.body_html + result.notes_html
    ids = [e["id"] for e in elements(page) if "id" in e]
    assert ids and all(i.startswith("e7-") for i in ids)
    assert 'aria-describedby="e7-notes-heading"' in page
    assert 'aria-labelledby="e7-notes-heading"' in page
    assert all(e["href"].startswith("#e7-") for e in elements(page, tag="a"))


def test_an_unsafe_id_prefix_is_refused():
    with pytest.raises(ValueError, match="id_prefix"):
        render_notes("<p></p>", [], style="arabic", id_prefix='x" onclick="')


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="numbering style"):
        render_notes("<p></p>", [], style="roman")


def test_ids_from_labels_with_dots_and_colons_are_safe_and_distinct():
    notes = [NoteData("a.b", MARSH), NoteData("a:b", REUTERS), NoteData("a-b", commentary="c")]
    result = render_notes("<p>[^a.b][^a:b][^a-b]</p>", notes, style="arabic")
    ids = [e["id"] for e in elements(result.notes_html, tag="li")]
    assert len(set(ids)) == 3
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)


def test_a_marker_inside_link_text_becomes_a_reference_after_the_link():
    body = '<p><a href="https://example.com/">see this[^1]</a>.</p>'
    result = render_notes(body, [NoteData("1", MARSH)], style="arabic")
    assert result.body_html.startswith('<p><a href="https://example.com/">see this</a><sup')


def test_ibid_follows_the_same_source_in_numbering_order():
    notes = [
        NoteData("a", MARSH, "45"),
        NoteData("b", MARSH, "47"),
        NoteData("c", MARSH, "47"),
        NoteData("d", MARSH, "47", commentary="A remark."),
    ]
    result = render_notes("<p>[^a][^b][^c][^d]</p>", notes, style="arabic", citation_style="ibid")
    texts = [e["text"] for e in elements(result.notes_html, **{"class": "note-text"})]
    assert texts[0].startswith("Lena Marsh, Rivers of Contention")
    assert texts[1:] == ["Ibid., 47.", "Ibid.", "Ibid. A remark."]


def test_ibid_is_never_used_for_the_first_note_or_after_another_source():
    notes = [NoteData("a", MARSH), NoteData("b", REUTERS), NoteData("c", MARSH)]
    # Numbering order (a, b, c) decides, not the order of the note list.
    result = render_notes(
        "<p>[^a][^b][^c]</p>", list(reversed(notes)), style="arabic", citation_style="ibid"
    )
    assert "Ibid" not in result.notes_html


def test_ibid_is_never_used_after_a_commentary_only_note():
    notes = [NoteData("a", MARSH), NoteData("b", commentary="An aside."), NoteData("c", MARSH)]
    result = render_notes("<p>[^a][^b][^c]</p>", notes, style="arabic", citation_style="ibid")
    assert "Ibid" not in result.notes_html


def test_hostile_data_is_escaped_and_only_http_urls_are_linked():
    hostile = SourceData(
        kind="web",
        authors=['<img src=x onerror="alert(1)">'],
        title="<script>alert('t')</script>",
        container="Site & <b>Co</b>",
        url="javascript:alert(1)",
        accessed=datetime.date(2024, 3, 3),
    )
    notes = [NoteData("1", hostile, pinpoint="<i>5</i>", commentary="<a href=x>click</a> & more")]
    result = render_notes("<p>x[^1]</p>", notes, style="arabic")
    assert "<script" not in result.notes_html
    assert "<img" not in result.notes_html
    assert "<b>" not in result.notes_html
    assert "<a href=x>" not in result.notes_html
    assert 'href="javascript' not in result.notes_html
    assert "&lt;script&gt;" in result.notes_html
    assert "javascript:alert(1)" in result.notes_html  # shown as text, not a link
    tags = Counter(e["tag"] for e in elements(result.notes_html))
    assert tags["a"] == 1  # the back-link only
    assert tags["i"] == 0  # web site names are roman; the hostile <i> was escaped
