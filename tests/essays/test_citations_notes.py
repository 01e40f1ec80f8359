"""format_notes: Chicago shortened notes and CSL's Ibid. positions; short authors and titles."""

import datetime

import pytest

from essays.citations import (
    NoteData,
    SourceData,
    format_notes,
    format_pinpoint,
    format_short_note,
    render_notes,
    short_authors,
    short_title,
)

MARSH = SourceData(
    kind="book",
    authors=["Lena Marsh"],
    title="The Arithmetic of a Shared River: Water and Treaty on the Meran",
    publisher="Northgate University Press",
    date=datetime.date(2011, 1, 1),
    date_precision="year",
    key="marsh",
)
REUTERS = SourceData(
    kind="news",
    authors=["Reuters"],
    title="Upstream Dam Cuts Meran Flow by 'a Third'",
    container="Harbour Gazette",
    date=datetime.date(2019, 10, 26),
    key="reuters",
)


def test_shortened_style_gives_the_first_citation_in_full_and_later_ones_short():
    notes = [NoteData("a", MARSH, "214-16"), NoteData("b", REUTERS), NoteData("c", MARSH, "7")]
    first, second, third = format_notes(notes, style="shortened")
    assert first == (
        "Lena Marsh, <i>The Arithmetic of a Shared River: Water and Treaty on the Meran</i> "
        "(Northgate University Press, 2011), 214–16."
    )
    assert second.startswith("Reuters, “Upstream Dam Cuts Meran Flow by ‘a Third,’” <i>Harbour")
    assert third == "Marsh, <i>Arithmetic</i>, 7."


def test_shortened_style_never_writes_ibid_even_for_the_same_source_twice_running():
    notes = [NoteData("a", MARSH, "3"), NoteData("b", MARSH, "7")]
    assert format_notes(notes, style="shortened")[1] == "Marsh, <i>Arithmetic</i>, 7."


def test_ibid_style_uses_ibid_right_after_the_same_source_and_short_notes_further_on():
    notes = [
        NoteData("a", MARSH, "3"),
        NoteData("b", MARSH, "7"),
        NoteData("c", MARSH, "7"),
        NoteData("d", REUTERS),
        NoteData("e", MARSH, "9-11"),
    ]
    texts = format_notes(notes, style="ibid")
    assert texts[1:3] == ["Ibid., 7.", "Ibid."]
    assert texts[4] == "Marsh, <i>Arithmetic</i>, 9–11."


def test_ibid_style_does_not_reach_across_a_note_without_a_citation():
    notes = [NoteData("a", MARSH, "3"), NoteData("b", commentary="An aside."), NoteData("c", MARSH)]
    assert format_notes(notes, style="ibid")[2] == "Marsh, <i>Arithmetic</i>."


def test_ibid_style_spells_out_a_whole_work_cited_after_a_page_of_it():
    notes = [NoteData("a", MARSH, "3"), NoteData("b", MARSH)]
    assert format_notes(notes, style="ibid")[1] == "Marsh, <i>Arithmetic</i>."


def test_a_short_note_keeps_the_commentary_with_typographic_quotes():
    notes = [NoteData("a", REUTERS), NoteData("b", REUTERS, "2", commentary='"Sic," it\'s said.')]
    assert format_notes(notes, style="shortened")[1] == (
        "Reuters, “Upstream Dam Cuts Meran,” 2. “Sic,” it’s said."
    )


def test_plain_text_notes_have_no_markup():
    notes = [NoteData("a", MARSH), NoteData("b", MARSH, "4")]
    assert format_notes(notes, style="shortened", html=False)[1] == "Marsh, Arithmetic, 4."


def test_an_unknown_citation_style_is_refused_by_name():
    with pytest.raises(ValueError, match=r"'mla'.*shortened, ibid"):
        format_notes([], style="mla")


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        (["Lena Marsh"], "Marsh"),
        (["Tomas Ferreira", "Ayla Demir"], "Ferreira and Demir"),
        (["Jonas Weber", "Lena Marsh", "Tomas Ferreira"], "Weber, Marsh, and Ferreira"),
        (["A One", "B Two", "C Three", "D Four"], "One et al."),
        (["Ludwig van Beethoven"], "van Beethoven"),
        (["Marsh, Lena"], "Marsh"),
        (["Meran Basin Commission"], "Meran Basin Commission"),
        ([], ""),
    ],
)
def test_short_authors_are_surnames_and_organisations_whole(authors, expected):
    assert short_authors(SourceData(authors=authors, title="T")) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Rivers of Contention", "Rivers of Contention"),
        ("The Negro Impact on Western Civilization", "Negro Impact"),
        ("The Arithmetic of a Shared River: Water and Treaty", "Arithmetic"),
        ("Who Owns a Flood? A History of Water Law", "Who Owns a Flood?"),
        ("Turkey Will 'Cleanse' Syria Border…", "Turkey Will ‘Cleanse’ Syria"),
        ("A Short Title", "A Short Title"),
    ],
)
def test_short_titles_drop_the_subtitle_and_keep_the_leading_key_words(title, expected):
    assert short_title(title) == expected


def test_a_short_note_without_authors_starts_with_the_short_title():
    source = SourceData(kind="web", title="Flow Data: 2019", container="Basin Portal", key="x")
    assert format_short_note(source, "table 2") == "“Flow Data,” table 2."


@pytest.mark.parametrize(
    ("pinpoint", "expected"),
    [
        ("214-16", "214–16"),
        ("pp. 3 - 5", "pp. 3–5"),
        ("xi-xiv", "xi–xiv"),
        ("§4--5", "§4–5"),
        ("12:30-14:05", "12:30–14:05"),
        ("ch. 2-3, 7-9", "ch. 2–3, 7–9"),
        ("mid-1990s", "mid-1990s"),
        ("  12  ", "12"),
    ],
)
def test_ranges_in_pinpoints_take_an_en_dash(pinpoint, expected):
    assert format_pinpoint(pinpoint) == expected


def test_render_notes_sets_out_repeats_in_the_citation_style_given():
    body = "<p>One[^a] two[^b] three[^a].</p>"
    notes = [NoteData("a", MARSH, "3"), NoteData("b", MARSH, "5")]
    shortened = render_notes(body, notes, style="arabic", citation_style="shortened")
    ibid = render_notes(body, notes, style="arabic", citation_style="ibid")
    assert "Marsh, <i>Arithmetic</i>, 5." in shortened.notes_html
    assert "Ibid., 5." in ibid.notes_html
    assert "Ibid" not in shortened.notes_html
