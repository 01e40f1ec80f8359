"""convert_pasted: bracketed markers and a pasted notes list into [^n] markers and sources."""

import datetime
import re
from pathlib import Path

import pytest

from essays.citations import NoteData, convert_pasted, find_markers, render_notes

DATA = Path(__file__).resolve().parent.parent / "data"
BRACKETED_MARKER = re.compile(r"\[(?:\d{1,3}|[ivxlcdm]{1,9})\]", re.I)


@pytest.fixture(scope="module")
def essay():
    return convert_pasted((DATA / "pasted_essay.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def notes(essay):
    return {note.label: note for note in essay.notes}


@pytest.fixture(scope="module")
def roman():
    return convert_pasted((DATA / "pasted_essay_roman.txt").read_text(encoding="utf-8"))


def test_the_notes_list_is_removed_from_the_body(essay):
    assert essay.body.startswith("The River Keeps No Ledger\n")
    assert essay.body.endswith("and the balance is running down.\n")
    assert "Notes" not in essay.body.splitlines()
    assert "___" not in essay.body
    assert "Harbour Gazette, October 26 2019" not in essay.body


def test_markers_become_footnote_markers_in_order(essay):
    assert not BRACKETED_MARKER.search(essay.body)
    assert find_markers(essay.body) == [str(n) for n in range(1, 15)] + ["7"]
    assert "drawing mud.[^1] The cause" in essay.body


def test_every_note_is_read_and_nothing_is_left_over(essay):
    assert [note.label for note in essay.notes] == [str(n) for n in range(1, 15)]
    assert essay.numbering_style == "arabic"
    assert essay.markers_without_notes == []
    assert essay.notes_without_markers == []
    assert essay.warnings == []


def test_news_article_with_curly_quotes_and_an_organisation_author(notes):
    note = notes["1"]
    assert note.raw_text == (
        "Reuters, “Upstream Dam Cuts Meran Flow by a Third, Farmers Say,” Harbour Gazette, "
        "October 26 2019."
    )
    source = note.source
    assert source.kind == "news"
    assert source.authors == ["Reuters"]
    assert source.title == "Upstream Dam Cuts Meran Flow by a Third, Farmers Say"
    assert source.container == "Harbour Gazette"
    assert (source.date, source.date_precision) == (datetime.date(2019, 10, 26), "day")
    assert source.url == ""
    assert (note.pinpoint, note.commentary, note.ibid) == ("", "", False)


def test_book_with_place_publisher_and_page(notes):
    note = notes["2"]
    source = note.source
    assert source.kind == "book"
    assert source.authors == ["Lena Marsh"]
    assert source.title == "Rivers of Contention: Water Law Between Neighbours"
    assert source.publisher == "Northgate University Press"
    assert (source.date.year, source.date_precision) == (2011, "year")
    assert note.pinpoint == "45"


def test_ibid_resolves_to_the_previous_source(notes):
    assert notes["3"].ibid and notes["3"].source is notes["2"].source
    assert notes["3"].pinpoint == "47"
    # A bare "Ibid." keeps the page of the note before it.
    assert notes["4"].ibid and notes["4"].source is notes["2"].source
    assert notes["4"].pinpoint == "47"
    assert notes["6"].ibid and notes["6"].source is notes["5"].source
    assert notes["6"].pinpoint == "14"


def test_report_by_an_organisation_with_a_url(notes):
    note = notes["5"]
    source = note.source
    assert source.kind == "report"
    assert source.authors == ["Meran Basin Commission"]
    assert source.title == "Annual Flow Assessment 2021"
    assert source.publisher == "Meran Basin Commission"
    assert source.date.year == 2022
    assert source.url == "https://example.org/mbc/flow-assessment-2021.pdf"
    assert note.pinpoint == "9"


def test_journal_article_with_straight_quotes_two_authors_and_a_page_range(notes):
    note = notes["7"]
    source = note.source
    assert source.kind == "journal"
    assert source.authors == ["Tomas Ferreira", "Ayla Demir"]
    assert source.title == "Who Owns a Flood? Allocation Rules in Shared Basins"
    assert source.container == "Journal of Transboundary Water Studies"
    assert (source.date, source.date_precision) == (datetime.date(2018, 3, 1), "month")
    assert note.pinpoint == "112–130"


def test_commentary_only_note_is_not_reported_as_unparsed(essay, notes):
    note = notes["8"]
    assert note.source is None
    assert note.commentary.startswith("The commission's minutes for these years are not public;")
    assert "8" not in essay.unparsed


def test_day_month_year_date_and_commentary_after_the_citation(notes):
    note = notes["9"]
    assert note.source.title == "Drought Diplomacy on the Meran"
    assert note.source.container == "Coastal Ledger"
    assert note.source.date == datetime.date(2020, 6, 3)
    assert note.commentary == "The headline figure was corrected two days later."


def test_short_form_reuses_the_source_given_in_full(notes):
    assert notes["10"].source is notes["2"].source
    assert notes["10"].pinpoint == "52"
    assert not notes["10"].ibid


def test_a_note_in_an_odd_shape_keeps_its_text_and_is_listed(essay, notes):
    assert essay.unparsed == ["11"]
    assert notes["11"].source is None
    assert notes["11"].commentary == notes["11"].raw_text


def test_abbreviated_month_and_a_trailing_url(notes):
    source = notes["12"].source
    assert (source.date, source.date_precision) == (datetime.date(2017, 10, 1), "month")
    assert source.url == "https://example.com/ledger/pricing-the-last-drop"
    assert source.container == "Financial Ledger"


def test_three_authors_inner_quotes_year_and_a_bare_page(notes):
    note = notes["13"]
    assert note.source.authors == ["Jonas Weber", "Lena Marsh", "Tomas Ferreira"]
    assert note.source.title == "Sediment and Sovereignty: The ‘Natural Flow’ Doctrine Revisited"
    assert note.source.date_precision == "year"
    assert note.pinpoint == "8"


def test_web_page_with_an_access_date(notes):
    source = notes["14"].source
    assert source.kind == "web"
    assert source.date is None
    assert source.accessed == datetime.date(2024, 3, 3)
    assert source.url == "https://example.net/iin/lower-meran-survey"


def test_distinct_sources_get_distinct_keys(essay):
    sources = {id(note.source): note.source for note in essay.notes if note.source}
    keys = [source.key for source in sources.values()]
    assert len(keys) == len(set(keys)) == 8


def test_conversion_is_idempotent(essay):
    again = convert_pasted(essay.body)
    assert again.body == essay.body
    assert again.notes == []
    assert again.markers_without_notes == []
    assert convert_pasted(again.body).body == essay.body


def test_converted_essay_renders_with_ibid_where_chicago_wants_it(essay):
    notes = [NoteData(n.label, n.source, n.pinpoint, n.commentary) for n in essay.notes]
    rendered = render_notes(
        f"<p>{essay.body}</p>", notes, style="lower-roman", citation_style="ibid"
    )
    assert rendered.missing_labels == rendered.unused_labels == []
    texts = re.findall(r'<span class="note-text">(.*?)</span>', rendered.notes_html)
    assert texts[2] == "Ibid., 47."
    assert texts[3] == "Ibid."
    assert texts[5] == "Ibid., 14."
    assert texts[9].startswith("Marsh, <i>Rivers of Contention</i>")  # short, after another
    assert sum("Ibid" in text for text in texts) == 3


def test_roman_numeral_markers_become_arabic_labels(roman):
    assert roman.numbering_style == "lower-roman"
    assert [note.label for note in roman.notes] == ["1", "2", "3", "4", "5", "6"]
    assert find_markers(roman.body) == ["1", "2", "3", "4", "5", "7"]
    assert not BRACKETED_MARKER.search(roman.body)
    assert "Endnotes" not in roman.body


def test_roman_essay_reports_a_marker_without_a_note_and_a_note_without_a_marker(roman):
    assert roman.markers_without_notes == ["7"]
    assert roman.notes_without_markers == ["6"]


def test_roman_essay_ibid_and_page_ranges(roman):
    notes = {note.label: note for note in roman.notes}
    assert notes["3"].source is notes["2"].source
    assert notes["3"].pinpoint == "212–214"
    assert notes["5"].source is notes["4"].source
    assert notes["5"].pinpoint == "6"
    assert notes["6"].source.authors == []
    assert notes["6"].source.title == "Rail Spur Delayed Again"
    assert notes["6"].source.url == "https://example.com/herald/rail-spur"
    assert convert_pasted(roman.body).body == roman.body


def test_ibid_after_a_commentary_only_note_cannot_be_resolved():
    result = convert_pasted("Text[1] more[2].\n\n[1] An aside about the river.\n[2] Ibid., 4.\n")
    assert result.notes[1].ibid and result.notes[1].source is None
    assert result.notes[1].commentary == "Ibid., 4."
    assert result.unparsed == ["2"]
    assert "Ibid." in result.warnings[0]


def test_ibid_as_the_first_note_cannot_be_resolved():
    result = convert_pasted("Text[1].\n\nNotes\n[1] Ibid.\n")
    assert result.unparsed == ["1"]
    assert result.notes[0].source is None


@pytest.mark.parametrize(
    "heading", ["Notes", "Endnotes", "References", "## Notes", "NOTES:", "___"]
)
def test_notes_headings_and_rules_are_recognised(heading):
    text = f"Body text.[1]\n\n{heading}\n\n[1] Lena Marsh, “A Title,” Some Paper, 2019.\n"
    result = convert_pasted(text)
    assert result.body == "Body text.[^1]\n"
    assert result.notes[0].source.title == "A Title"


def test_notes_without_any_heading_are_found_at_the_end():
    text = (
        "Para one[1].\n\nPara two[2].\n\n"
        "[1] Ann Lee, “One,” Daily, 2020.\n[2] Ann Lee, “Two,” Daily, 2021.\n"
    )
    result = convert_pasted(text)
    assert result.body == "Para one[^1].\n\nPara two[^2].\n"
    assert [note.source.title for note in result.notes] == ["One", "Two"]


def test_a_note_wrapped_over_two_lines_is_joined():
    text = "Body[1].\n\nNotes\n[1] Ann Lee, “A Long Title,” The Daily,\nMarch 2, 2020, p. 4.\n"
    note = convert_pasted(text).notes[0]
    assert note.source.container == "The Daily"
    assert note.source.date == datetime.date(2020, 3, 2)
    assert note.pinpoint == "4"


@pytest.mark.parametrize(
    ("written", "date", "precision"),
    [
        ("October 26 2019", datetime.date(2019, 10, 26), "day"),
        ("October 26, 2019", datetime.date(2019, 10, 26), "day"),
        ("26 October 2019", datetime.date(2019, 10, 26), "day"),
        ("Sept. 3, 2019", datetime.date(2019, 9, 3), "day"),
        ("Oct. 2019", datetime.date(2019, 10, 1), "month"),
        ("October 2019", datetime.date(2019, 10, 1), "month"),
        ("2019-10-26", datetime.date(2019, 10, 26), "day"),
        ("2019", datetime.date(2019, 1, 1), "year"),
    ],
)
def test_date_shapes(written, date, precision):
    note = convert_pasted(f"x[1]\n\n[1] Ann Lee, “T,” The Daily, {written}.\n").notes[0]
    assert (note.source.date, note.source.date_precision) == (date, precision)


@pytest.mark.parametrize(
    ("written", "pinpoint"), [("p. 12", "12"), ("pp. 3-5", "3–5"), ("pp. 3–5", "3–5"), ("12", "12")]
)
def test_page_pinpoints(written, pinpoint):
    note = convert_pasted(f"x[1]\n\n[1] Ann Lee, “T,” The Daily, 2019, {written}.\n").notes[0]
    assert note.pinpoint == pinpoint


def test_wordpress_back_arrows_and_trailing_url_punctuation_are_dropped():
    text = "x[1]\n\n[1] ↑ Ann Lee, “T,” The Daily, 2019, https://example.com/a_(b). ↩\n"
    note = convert_pasted(text).notes[0]
    assert note.source.url == "https://example.com/a_(b)"
    assert note.raw_text.startswith("↑ Ann Lee")


def test_a_space_before_a_marker_is_dropped():
    assert convert_pasted("A claim [1] here.\n\n[1] An aside.\n").body == "A claim[^1] here.\n"


def test_brackets_that_are_not_markers_are_left_alone():
    text = "In [2019] they wrote [sic] and ticked [x] twice[1].\n\n[1] An aside.\n"
    assert convert_pasted(text).body == "In [2019] they wrote [sic] and ticked [x] twice[^1].\n"


def test_text_without_markers_or_notes_is_unchanged():
    text = "Already converted[^1] and plain.\n"
    result = convert_pasted(text)
    assert result.body == text
    assert result.notes == []
    assert result.markers_without_notes == []


def test_a_note_numbered_twice_is_reported():
    result = convert_pasted("x[1]\n\n[1] An aside.\n[1] Another aside.\n")
    assert [note.commentary for note in result.notes] == ["An aside."]
    assert "twice" in result.warnings[0]


def test_notes_typed_straight_under_the_last_paragraph_are_found():
    text = "Body text[1] and more[2].\n___\n[1] An aside.\n[2] Another aside.\n"
    result = convert_pasted(text)
    assert result.body == "Body text[^1] and more[^2].\n"
    assert len(result.notes) == 2
    unruled = convert_pasted("Body text[1].\n[1] An aside.\n")
    assert unruled.body == "Body text[^1].\n"


def test_a_bare_year_is_read_from_the_end_of_the_note():
    note = convert_pasted("x[1]\n\n[1] Ann Lee, “T,” Water Report 2020, 2021.\n").notes[0]
    assert note.source.container == "Water Report 2020"
    assert note.source.date == datetime.date(2021, 1, 1)
