"""Per-essay downloads of its sources: CSL-JSON and BibTeX."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from essays.models import Essay
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

# https://github.com/citation-style-language/schema/blob/v1.0.2/schemas/input/csl-data.json
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
}  # fmt: skip
CSL_NAME_KEYS = {"family", "given", "dropping-particle", "non-dropping-particle", "suffix",
                 "comma-suffix", "static-ordering", "literal", "parse-names"}  # fmt: skip
CSL_STRING_KEYS = {"title", "container-title", "publisher", "URL", "page"}


@pytest.fixture
def cited():
    """A published essay citing a news story twice, a report and a book, and an aside."""
    essay = EssayFactory(
        slug="shared-river", body="A.[^news] B.[^report] C.[^aside] D.[^news] E.[^book]"
    )
    news = SourceFactory(
        kind="news",
        authors="Reuters",
        title="Turkey Will ‘Cleanse’ Syria Border",
        container="Haaretz",
        url="https://example.com/haaretz/turkey",
    )
    report = SourceFactory(
        kind="report",
        authors="Meran Basin Commission",
        title="Flow & Storage: 50% of 2021_data {draft} #3 ~ $10^6",
        container="",
        publisher="Meran Basin Commission",
        published_on=datetime.date(2022, 1, 1),
        date_precision="year",
        url="https://example.org/mbc/flow?year=2021&format=pdf",
    )
    book = SourceFactory(
        kind="book",
        authors="Lena Marsh\nJoão Ferreira",
        title="Rivers of Contention",
        container="",
        publisher="Northgate University Press",
        url="",
        accessed_on=datetime.date(2024, 3, 3),
    )
    unused = SourceFactory(title="Never cited in the body")
    for label, source in (("news", news), ("report", report), ("book", book), ("spare", unused)):
        FootnoteFactory(essay=essay, label=label, source=source)
    FootnoteFactory(essay=essay, label="aside", source=None, commentary="Just a remark.")
    essay.save()
    return essay


def csl_url(essay):
    return reverse("essays:sources-csl", args=[essay.slug])


def bib_url(essay):
    return reverse("essays:sources-bibtex", args=[essay.slug])


def test_csl_json_download_is_valid_against_the_schema_required_fields(client, cited):
    response = client.get(csl_url(cited))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert response["Content-Disposition"] == 'attachment; filename="shared-river-sources.json"'
    items = json.loads(response.content)

    assert isinstance(items, list) and len(items) == 3  # once each, cited sources only
    assert len({item["id"] for item in items}) == 3
    for item in items:
        assert isinstance(item["id"], str) and item["id"]
        assert item["type"] in CSL_TYPES
        for key in CSL_STRING_KEYS & item.keys():
            assert isinstance(item[key], str)
        for name in item.get("author", []):
            assert name and set(name) <= CSL_NAME_KEYS
        for key in ("issued", "accessed"):
            if key in item:
                [parts] = item[key]["date-parts"]
                assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)


def test_csl_json_follows_the_order_of_first_citation(client, cited):
    items = json.loads(client.get(csl_url(cited)).content)
    assert [item["type"] for item in items] == ["article-newspaper", "report", "book"]
    news, report, book = items
    assert news["author"] == [{"literal": "Reuters"}]
    assert news["title"] == "Turkey Will ‘Cleanse’ Syria Border"
    assert report["issued"] == {"date-parts": [[2022]]}
    assert book["author"][1] == {"family": "Ferreira", "given": "João"}
    assert book["accessed"] == {"date-parts": [[2024, 3, 3]]}


def test_bibtex_download_escapes_latex_specials(client, cited):
    response = client.get(bib_url(cited))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="shared-river-sources.bib"'
    text = response.content.decode("utf-8")

    assert text.startswith("% Sources cited in “Essay number")
    assert text.count("\n@") == 3
    assert (
        r"title = {{Flow \& Storage: 50\% of 2021\_data \textbraceleft{}draft\textbraceright{} "
        r"\#3 \textasciitilde{} \$10\textasciicircum{}6}},"
    ) in text
    assert "url = {https://example.org/mbc/flow?year=2021&format=pdf}," in text  # verbatim
    assert "author = {Marsh, Lena and Ferreira, João}," in text  # UTF-8 kept
    assert "author = {{Meran Basin Commission}}," in text  # an organisation stays whole
    assert text.count("{") == text.count("}")


def test_a_broken_link_exports_its_archived_copy(client, cited):
    source = cited.footnotes.get(label="news").source
    source.archived_url = "https://archive.example/haaretz"
    source.link_broken = True
    source.save()
    items = json.loads(client.get(csl_url(cited)).content)
    assert items[0]["URL"] == "https://archive.example/haaretz"
    assert "url = {https://archive.example/haaretz}" in client.get(bib_url(cited)).text


@pytest.mark.parametrize("url", [csl_url, bib_url])
def test_drafts_and_scheduled_essays_have_no_downloads(client, url):
    draft = EssayFactory(status=Essay.Status.DRAFT)
    scheduled = EssayFactory(publish_at=timezone.now() + datetime.timedelta(days=2))
    assert client.get(url(draft)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(url(scheduled)).status_code == HTTPStatus.NOT_FOUND


def test_an_essay_without_sources_exports_empty_files(client):
    essay = EssayFactory()
    assert json.loads(client.get(csl_url(essay)).content) == []
    assert "@" not in client.get(bib_url(essay)).text


def test_downloads_accept_only_get(client, cited):
    assert client.post(csl_url(cited)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
