"""Looking up a DOI, an ISBN or a URL against a local server replaying recorded-format answers;
the ways it fails, each with a message the editor can act on."""

import datetime
import socket

import pytest
from django.utils import timezone

from essays.sources import NotFound, NotRecognised, Refused, ServiceUnavailable, Unreadable
from essays.sources.services import source_lookup
from tests.essays.sources_server import DOI, ISBN, serving_sources  # noqa: F401 (the sources_server fixture)


def test_a_doi_fills_in_a_journal_article_from_crossref(sources_server):
    found = source_lookup(text=f"https://doi.org/{DOI.upper()}")

    assert found.kind == "journal"
    assert found.title == "Sharing a River in Drought: Allocation Rules on the Meran Basin"
    assert found.short_title == "Sharing a River"
    assert found.authors == ["Amal Haddad", "Pieter van der Berg", "{Meran Basin Commission}"]
    assert found.container == "Water Resources Management"
    assert found.publisher == "Springer Science and Business Media LLC"
    assert (found.published_on, found.date_precision) == (datetime.date(2019, 4, 20), "day")
    assert (found.doi, found.url) == (DOI, f"https://doi.org/{DOI}")
    assert found.found_by == "Crossref"
    path, user_agent = sources_server.requests[0]
    assert path == f"/crossref/works/{DOI}"
    assert user_agent.startswith("Marginalia/1.0 (+http")


def test_an_isbn_10_with_hyphens_fills_in_a_book_from_open_library(sources_server):
    found = source_lookup(text="ISBN 0-14-044913-2")

    assert found.isbn == ISBN
    assert found.kind == "book"
    assert found.title == "Crime and Punishment: A Novel in Six Parts"
    assert found.short_title == "Crime and Punishment"
    assert found.authors == ["Fyodor Dostoyevsky"]
    assert found.publisher == "Penguin Books"
    assert (found.published_on, found.date_precision) == (datetime.date(2003, 3, 5), "day")
    assert found.url == ""


def test_an_isbn_open_library_does_not_know_is_not_found(sources_server):
    with pytest.raises(NotFound, match="Open Library has no book with ISBN 9780306406157"):
        source_lookup(text="978-0-306-40615-7")


def test_a_page_with_highwire_tags_is_read_from_them_first(sources_server):
    found = source_lookup(text=f"{sources_server.base}/pages/highwire")

    assert found.title == "Groundwater Under the Delta: Fifty Years of Wells"
    assert found.authors == ["Chidi Okafor", "Lena Brandt"]
    assert found.container == "Journal of Hydrology Letters"
    assert found.publisher == "Delta University Press"
    assert found.published_on == datetime.date(2021, 6, 15)
    assert found.doi == "10.5555/jhl.2021.0042"
    assert found.kind == "journal"
    assert found.accessed_on == timezone.localdate()  # the site's date, not the machine's


def test_a_news_page_is_read_from_json_ld_past_a_broken_block(sources_server):
    found = source_lookup(text=f"{sources_server.base}/pages/json-ld")

    assert found.kind == "news"
    assert found.title == "Upstream dam cuts river flow by a third"
    assert found.authors == ["Rania Aziz"]  # an author given as a URL is no name
    assert found.container == "Harbour Gazette"
    assert found.publisher == "Harbour Gazette Media"
    assert found.published_on == datetime.date(2023, 9, 4)


def test_open_graph_fills_in_a_page_in_its_own_charset(sources_server):
    found = source_lookup(text=f"{sources_server.base}/pages/open-graph")

    assert found.title == "Café owners and the river"
    assert found.container == "River Notes"
    assert found.authors == ["Sami Nasser"]
    assert (found.published_on, found.kind) == (datetime.date(2022, 2, 28), "news")


def test_a_page_with_only_a_title_gives_its_title(sources_server):
    found = source_lookup(text=f"{sources_server.base}/pages/title-only")
    assert (found.title, found.kind, found.authors) == ("A plain page about wells", "web", [])


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("10.5555/missing", NotFound, "Crossref has no record of DOI 10.5555/missing"),
        ("10.5555/down", ServiceUnavailable, "Crossref answered HTTP 503: try again later"),
        ("10.5555/garbled", Unreadable, "Crossref's answer could not be read"),
        ("10.5555/slow", ServiceUnavailable, "Crossref did not answer within 0.5 s"),
        ("/pages/untitled", Unreadable, "The page names no title"),
        ("/pages/pdf", Unreadable, "application/pdf, not a web page"),
        ("/pages/gone", NotFound, "The page has no record of this address"),
    ],
)
def test_each_failure_says_what_happened(sources_server, text, error, message):
    if text.startswith("/"):
        text = sources_server.base + text
    with pytest.raises(error, match=message):
        source_lookup(text=text)


def test_a_service_that_refuses_connections_is_reported_as_unavailable(settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.CROSSREF_API_URL = f"http://127.0.0.1:{port}"

    with pytest.raises(ServiceUnavailable, match="Crossref could not be reached"):
        source_lookup(text=DOI)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"]
)
def test_a_private_address_is_refused_without_a_request(settings, url):
    settings.OUTBOUND_ALLOWED_NETWORKS = []  # as in production
    with pytest.raises(Refused, match="Only public web addresses can be looked up"):
        source_lookup(text=url)


def test_the_base_urls_go_through_the_same_address_policy(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    settings.CROSSREF_API_URL = "http://10.0.0.5/crossref"  # a base URL set by mistake
    with pytest.raises(Refused, match=r"10\.0\.0\.5 is a private address"):
        source_lookup(text=DOI)


def test_text_that_is_none_of_the_three_is_not_recognised():
    with pytest.raises(NotRecognised, match="is not a DOI"):
        source_lookup(text="Rivers of contention, Marsh 2009")
