"""Chicago notes style: full notes across kinds and date precisions, Ibid., Cite this essay."""

import datetime

import pytest

from essays.citations import (
    NoteData,
    SourceData,
    cite_essay_chicago,
    format_authors,
    format_chicago_note,
    format_chicago_note_text,
    format_date,
    format_note,
    is_http_url,
)

OCT_26 = datetime.date(2019, 10, 26)


def news(**overrides):
    fields = {
        "kind": "news",
        "authors": ["Reuters"],
        "title": "Turkey Will 'Cleanse' Syria Border…",
        "container": "Haaretz",
        "date": OCT_26,
        "url": "https://www.haaretz.com/world/turkey-border",
        "key": "1",
    }
    return SourceData(**{**fields, **overrides})


def test_news_article_note():
    assert format_chicago_note(news()) == (
        "Reuters, “Turkey Will ‘Cleanse’ Syria Border…,” <i>Haaretz</i>, October 26, 2019, "
        '<a href="https://www.haaretz.com/world/turkey-border">'
        "https://www.haaretz.com/world/turkey-border</a>."
    )


def test_plain_text_variant_has_no_markup_and_no_escaping():
    source = news(title='Water & "Power"', url="https://example.com/a?b=1&c=2")
    assert format_chicago_note_text(source, "12") == (
        "Reuters, “Water & ‘Power,’” Haaretz, October 26, 2019, 12, https://example.com/a?b=1&c=2."
    )


def test_inner_double_quotes_become_single_and_the_comma_goes_inside():
    source = news(title="Minister Calls Plan “Unworkable”", url="")
    assert format_chicago_note(source) == (
        "Reuters, “Minister Calls Plan ‘Unworkable,’” <i>Haaretz</i>, October 26, 2019."
    )


def test_a_title_ending_in_a_question_mark_takes_no_comma():
    source = news(title="Who Owns a Flood?", url="")
    assert format_chicago_note(source) == (
        "Reuters, “Who Owns a Flood?” <i>Haaretz</i>, October 26, 2019."
    )


def test_a_note_without_authors_starts_with_the_title():
    source = news(authors=[], url="")
    assert format_chicago_note(source).startswith("“Turkey Will ‘Cleanse’ Syria Border…,” <i>")


@pytest.mark.parametrize(
    ("authors", "joined"),
    [
        (["Lena Marsh"], "Lena Marsh"),
        (["Tomas Ferreira", "Ayla Demir"], "Tomas Ferreira and Ayla Demir"),
        (
            ["Jonas Weber", "Lena Marsh", "Tomas Ferreira"],
            "Jonas Weber, Lena Marsh, and Tomas Ferreira",
        ),
        (["A One", "B Two", "C Three", "D Four"], "A One et al."),
        (["A One", "B Two", "C Three", "D Four", "E Five"], "A One et al."),
    ],
)
def test_authors_are_joined_by_chicago_rules(authors, joined):
    assert format_authors(authors) == joined


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("year", "2019"), ("month", "October 2019"), ("day", "October 26, 2019")],
)
def test_dates_follow_their_precision(precision, shown):
    assert format_date(OCT_26, precision) == shown
    source = news(date=OCT_26, date_precision=precision, url="")
    assert format_chicago_note(source, "12").endswith(f"<i>Haaretz</i>, {shown}, 12.")


def test_four_authors_end_in_et_al_without_a_double_period():
    source = SourceData(kind="journal", authors=["A One", "B Two", "C Three", "D Four"])
    assert format_chicago_note(source) == "A One et al."


def test_journal_article_with_month_precision_and_page_range():
    source = SourceData(
        kind="journal",
        authors=["Tomas Ferreira", "Ayla Demir"],
        title="Allocation Rules in Shared Basins",
        container="Journal of Transboundary Water Studies",
        date=datetime.date(2018, 3, 1),
        date_precision="month",
    )
    assert format_chicago_note(source, "112–130") == (
        "Tomas Ferreira and Ayla Demir, “Allocation Rules in Shared Basins,” "
        "<i>Journal of Transboundary Water Studies</i>, March 2018, 112–130."
    )


def test_book_title_is_italic_with_publisher_and_year_in_parentheses():
    source = SourceData(
        kind="book",
        authors=["Lena Marsh"],
        title='Rivers of Contention: The "Natural Flow" Doctrine',
        publisher="Northgate University Press",
        date=datetime.date(2011, 1, 1),
        date_precision="year",
    )
    assert format_chicago_note(source, "45") == (
        "Lena Marsh, <i>Rivers of Contention: The “Natural Flow” Doctrine</i> "
        "(Northgate University Press, 2011), 45."
    )


def test_book_without_a_date_says_nd():
    source = SourceData(kind="book", authors=["Lena Marsh"], title="Rivers", publisher="Press")
    assert format_chicago_note(source) == "Lena Marsh, <i>Rivers</i> (Press, n.d.)."


def test_report_by_an_organisation_with_a_url():
    source = SourceData(
        kind="report",
        authors=["Meran Basin Commission"],
        title="Annual Flow Assessment 2021",
        publisher="Meran Basin Commission",
        date=datetime.date(2022, 4, 1),
        date_precision="month",
        url="https://example.org/flow-2021.pdf",
    )
    assert format_chicago_note(source, "9") == (
        "Meran Basin Commission, <i>Annual Flow Assessment 2021</i> "
        "(Meran Basin Commission, April 2022), 9, "
        '<a href="https://example.org/flow-2021.pdf">https://example.org/flow-2021.pdf</a>.'
    )


def test_a_chapter_of_a_report_is_quoted_in_its_container():
    source = SourceData(
        kind="report",
        authors=["Ayla Demir"],
        title="Downstream Effects",
        container="Annual Flow Assessment 2021",
        publisher="Meran Basin Commission",
        date=datetime.date(2022, 1, 1),
        date_precision="year",
    )
    assert format_chicago_note_text(source, "30") == (
        "Ayla Demir, “Downstream Effects,” in Annual Flow Assessment 2021 "
        "(Meran Basin Commission, 2022), 30."
    )


def test_web_page_without_a_date_gives_the_access_date_and_a_roman_site_name():
    source = SourceData(
        kind="web",
        authors=["International Irrigation Network"],
        title="Field Survey",
        container="IIN Online",
        url="https://example.net/survey",
        accessed=datetime.date(2024, 3, 3),
    )
    assert format_chicago_note(source) == (
        "International Irrigation Network, “Field Survey,” IIN Online, accessed March 3, 2024, "
        '<a href="https://example.net/survey">https://example.net/survey</a>.'
    )


def test_the_access_date_is_left_out_when_the_page_is_dated():
    source = news(kind="web", accessed=datetime.date(2024, 3, 3))
    assert "accessed" not in format_chicago_note(source)


def test_a_broken_link_is_replaced_by_its_archived_copy():
    source = news(url_broken=True, archived_url="https://web.archive.org/web/2019/x")
    assert format_chicago_note_text(source).endswith(
        "October 26, 2019, archived at https://web.archive.org/web/2019/x."
    )
    assert 'href="https://web.archive.org/web/2019/x"' in format_chicago_note(source)
    assert "haaretz.com" not in format_chicago_note(source)


def test_a_broken_link_without_an_archive_is_still_cited():
    assert "haaretz.com" in format_chicago_note(news(url_broken=True))


def test_interview_note():
    source = SourceData(
        kind="interview",
        authors=["Ayla Demir"],
        title="On Shared Rivers",
        container="The Water Hour",
        date=datetime.date(2020, 5, 3),
    )
    assert format_chicago_note_text(source, "12:30") == (
        "Ayla Demir, “On Shared Rivers,” interview, The Water Hour, May 3, 2020, 12:30."
    )


def test_url_with_ampersand_is_escaped_in_href_and_text():
    html = format_chicago_note(news(url="https://example.com/?a=1&b=2"))
    assert 'href="https://example.com/?a=1&amp;b=2">https://example.com/?a=1&amp;b=2</a>' in html


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://example.com/x",
     "https://exa mple.com", "//example.com/x", "http://"],
)  # fmt: skip
def test_only_http_and_https_urls_are_linked(url):
    assert not is_http_url(url)
    assert "<a " not in format_chicago_note(news(url=url))


def test_note_with_source_and_commentary_puts_commentary_after_the_citation():
    note = NoteData("1", news(url=""), "3", commentary="The figure was later revised <sic>.")
    assert format_note(note) == (
        "Reuters, “Turkey Will ‘Cleanse’ Syria Border…,” <i>Haaretz</i>, October 26, 2019, 3. "
        "The figure was later revised &lt;sic&gt;."
    )


def test_commentary_only_note_is_just_the_commentary():
    assert (
        format_note(NoteData("1", commentary="An aside & a remark.")) == "An aside &amp; a remark."
    )


@pytest.mark.parametrize(
    ("previous_pin", "pin", "expected"),
    [
        ("12", "12", "Ibid."),
        ("", "", "Ibid."),
        ("12", "14", "Ibid., 14."),
        ("", "14", "Ibid., 14."),
    ],
)
def test_ibid_with_and_without_a_new_pinpoint(previous_pin, pin, expected):
    previous = NoteData("1", news(), previous_pin)
    assert format_note(NoteData("2", news(), pin), previous=previous) == expected


def test_ibid_is_not_used_when_the_previous_note_cited_a_page_and_this_one_the_whole_work():
    previous = NoteData("1", news(), "12")
    assert format_note(NoteData("2", news()), previous=previous).startswith("Reuters, ")


def test_ibid_keeps_the_commentary():
    previous = NoteData("1", news(), "12")
    note = NoteData("2", news(), "12", commentary="Emphasis added.")
    assert format_note(note, previous=previous) == "Ibid. Emphasis added."


def test_ibid_is_not_used_after_another_source_or_a_commentary_only_note():
    other = news(key="2", title="Another Story")
    assert "Ibid" not in format_note(NoteData("2", news()), previous=NoteData("1", other))
    assert "Ibid" not in format_note(NoteData("2", news()), previous=NoteData("1", commentary="x"))
    assert "Ibid" not in format_note(NoteData("1", news()))


def test_cite_this_essay_in_chicago_bibliography_style():
    html = cite_essay_chicago(
        'The River "Keeps" No Ledger',
        ["Jane Q. Doe", "Samir Haddad"],
        "Marginalia",
        datetime.date(2024, 3, 3),
        "https://marginalia.example/essays/river/",
    )
    assert html == (
        "Doe, Jane Q., and Samir Haddad. “The River ‘Keeps’ No Ledger.” <i>Marginalia</i>, "
        'March 3, 2024. <a href="https://marginalia.example/essays/river/">'
        "https://marginalia.example/essays/river/</a>."
    )


def test_cite_this_essay_as_plain_text_with_three_authors():
    text = cite_essay_chicago(
        "Why Rivers?", ["Ann Lee", "Bo Park", "Cy Roe"], "Marginalia", None, "https://m.example/",
        html=False,
    )  # fmt: skip
    assert (
        text == "Lee, Ann, Bo Park, and Cy Roe. “Why Rivers?” Marginalia, n.d. https://m.example/."
    )


def test_cite_this_essay_escapes_its_inputs():
    html = cite_essay_chicago("<b>x</b>", ["<i>y</i> z"], "<Site>", None, "javascript:x")
    assert "<b>" not in html and "<i>y" not in html and "<a " not in html
