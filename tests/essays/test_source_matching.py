"""One definition of "the same work": same DOI, ISBN, normalised URL, or title + year + first
author; Source.objects.matching() finds stored ones, and shortened notes use short_title."""

import datetime

import pytest

from essays.citations import SourceData, format_short_note
from essays.models import Source
from essays.sources import FoundSource
from essays.sources.matching import match_keys, normalise_title, normalise_url
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def found(**fields) -> FoundSource:
    return FoundSource(**{"title": "Something else entirely", "kind": "web"} | fields)


def test_the_same_doi_in_another_case_matches():
    stored = SourceFactory(doi="10.1007/s11269-019-02251-7")
    assert Source.objects.matching(found(doi="10.1007/S11269-019-02251-7")) == [stored]


def test_the_same_isbn_matches():
    stored = SourceFactory(isbn="9780140449136", url="")
    assert Source.objects.matching(found(isbn="9780140449136")) == [stored]


@pytest.mark.parametrize(
    "url",
    [
        "https://gazette.example/2023/dam",
        "http://www.gazette.example/2023/dam/",
        "https://GAZETTE.example/2023/dam?utm_source=feed&utm_medium=rss#comments",
    ],
)
def test_the_same_page_under_another_spelling_of_its_url_matches(url):
    stored = SourceFactory(url="https://www.gazette.example/2023/dam/")
    assert Source.objects.matching(found(url=url)) == [stored]


def test_another_page_on_the_same_site_does_not_match():
    SourceFactory(url="https://gazette.example/2023/dam")
    assert Source.objects.matching(found(url="https://gazette.example/2023/dam-2")) == []
    assert Source.objects.matching(found(url="https://gazette.example/2023/dam?page=2")) == []


def test_the_same_title_year_and_first_author_match_whatever_the_punctuation():
    stored = SourceFactory(
        title="The River’s Cost: A Study",
        authors="Amal Haddad\nPieter van der Berg",
        published_on=datetime.date(2019, 4, 20),
        url="",
    )
    same = found(
        title="the rivers cost — a study",
        authors=["Haddad, Amal"],
        published_on=datetime.date(2019, 1, 1),
    )
    assert Source.objects.matching(same) == [stored]


def test_the_same_title_in_another_year_or_by_another_author_is_another_work():
    SourceFactory(title="Annual Report", authors="Meran Basin Commission", url="",
                  published_on=datetime.date(2019, 1, 1))  # fmt: skip
    other_year = found(title="Annual Report", authors=["Meran Basin Commission"],
                       published_on=datetime.date(2020, 1, 1))  # fmt: skip
    other_author = found(title="Annual Report", authors=["Delta Authority"],
                         published_on=datetime.date(2019, 1, 1))  # fmt: skip
    assert Source.objects.matching(other_year) == []
    assert Source.objects.matching(other_author) == []


def test_a_source_does_not_match_itself():
    stored = SourceFactory(doi="10.5555/x.1")
    assert Source.objects.matching(stored) == []


def test_matching_takes_one_query(django_assert_num_queries):
    SourceFactory.create_batch(3)
    with django_assert_num_queries(1):
        Source.objects.matching(found(doi="10.5555/x.1", url="https://a.example/b"))


def test_normalising_urls_and_titles():
    assert (
        normalise_url("https://www.Example.com/a/?b=2&a=1&fbclid=x#top") == "example.com/a?a=1&b=2"
    )
    assert normalise_url("mailto:someone@example.com") == ""
    assert normalise_title("  Café’s   “Best” Days!  ") == "cafes best days"


def test_a_record_without_identifiers_or_title_has_no_keys():
    assert match_keys(FoundSource()) == frozenset()


def test_shortened_notes_prefer_the_short_title_when_one_is_set():
    source = SourceData(kind="book", authors=["Amal Haddad"],
                        title="Sharing a River in Drought Under Pressure", key="1")  # fmt: skip
    assert format_short_note(source, "12", html=False) == "Haddad, Sharing a River, 12."
    source.short_title = "River Sharing"
    assert format_short_note(source, "12", html=False) == "Haddad, River Sharing, 12."


def test_a_sources_short_title_reaches_its_citation_data():
    source = SourceFactory(title="Sharing a River in Drought", short_title="Sharing")
    assert source.as_source_data().short_title == "Sharing"
