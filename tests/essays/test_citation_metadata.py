"""Citation metadata: Highwire Press tags in the head, COinS in the notes, read as Zotero would.

`EmbeddedMetadata` follows Zotero's "Embedded Metadata" translator
(https://github.com/zotero/translators/blob/master/Embedded%20Metadata.js): only <meta> in
<head> with a name and a non-empty content count; citation_journal_title makes the item a
journal article; each citation_author is split on ";" (or on "," when both sides hold a
space); title, date and publication title map one to one.
"""

import datetime
import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command

from essays.citations import SourceData, coins_span, coins_title, highwire_reference
from essays.models import Essay
from tests.factories import EssayFactory

MARSH = SourceData(
    kind="book",
    authors=["Lena Marsh"],
    title="Rivers of Contention",
    publisher="Northgate University Press",
    date=datetime.date(2011, 1, 1),
    date_precision="year",
    key="marsh",
)
NEWS = SourceData(
    kind="news",
    authors=["Reuters"],
    title="Dam; Flow",
    container="Harbour Gazette",
    date=datetime.date(2019, 10, 26),
    url="https://example.com/dam?a=1&b=2",
    key="news",
)
HIGHWIRE_FIELDS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_public_url": "url",
}


class EmbeddedMetadata(HTMLParser):
    """The head's meta tags and the body's COinS spans, collected as Zotero's translators do."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.coins: list[str] = []
        self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "meta" and self._in_head and attrs.get("name") and attrs.get("content"):
            for name in attrs["name"].split():
                self.meta.append((name, attrs["content"]))
        elif tag == "span" and "Z3988" in (attrs.get("class") or "").split():
            self.coins.append(attrs.get("title") or "")

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False

    def values(self, name):
        return [content for meta_name, content in self.meta if meta_name == name]

    def item(self) -> dict:
        names = {name for name, _ in self.meta}
        item = {"itemType": "journalArticle" if "citation_journal_title" in names else None}
        for name, field in HIGHWIRE_FIELDS.items():
            if values := self.values(name):
                item[field] = " ".join(values[-1].split())
        item["creators"] = [
            author.strip()
            for content in self.values("citation_author")
            for author in _split_authors(content)
            if re.search(r"[^\s,\-.;]", author)
        ]
        return item


def _split_authors(content: str) -> list[str]:
    authors = re.split(r"\s*;\s*", content)
    if len(authors) == 1:
        by_comma = re.split(r"\s*,\s*", authors[0])
        if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
            return by_comma
    return authors


def test_a_highwire_reference_names_each_field_and_holds_no_stray_semicolon():
    assert highwire_reference(NEWS) == (
        "citation_title=Dam, Flow; citation_author=Reuters; "
        "citation_journal_title=Harbour Gazette; citation_publication_date=2019/10/26; "
        "citation_public_url=https://example.com/dam?a=1&b=2"
    )
    assert highwire_reference(MARSH) == (
        "citation_title=Rivers of Contention; citation_author=Lena Marsh; "
        "citation_publisher=Northgate University Press; citation_publication_date=2011"
    )


def test_a_highwire_reference_leaves_out_a_link_that_is_not_http():
    source = SourceData(title="T", url="javascript:alert(1)")
    assert highwire_reference(source) == "citation_title=T"


def test_metadata_of_a_broken_link_gives_its_archived_copy():
    broken = SourceData(
        title="T", url="https://dead.example/a", archived_url="https://archive.example/a"
    )
    broken.url_broken = True
    assert "citation_public_url=https://archive.example/a" in highwire_reference(broken)
    assert parse_qs(coins_title(broken))["rft_id"] == ["https://archive.example/a"]


def test_coins_for_an_article_is_an_openurl_journal_context_object():
    fields = parse_qs(coins_title(NEWS))
    assert fields["ctx_ver"] == ["Z39.88-2004"]
    assert fields["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
    assert fields["rft.atitle"] == ["Dam; Flow"]
    assert fields["rft.jtitle"] == ["Harbour Gazette"]
    assert fields["rft.au"] == ["Reuters"]
    assert fields["rft.date"] == ["2019-10-26"]
    assert fields["rft_id"] == ["https://example.com/dam?a=1&b=2"]


def test_coins_for_a_book_and_a_web_page():
    book = parse_qs(coins_title(MARSH))
    assert book["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"]
    assert (book["rft.btitle"], book["rft.pub"], book["rft.date"]) == (
        ["Rivers of Contention"],
        ["Northgate University Press"],
        ["2011"],
    )
    web = parse_qs(coins_title(SourceData(kind="web", title="Portal", authors=["A B"])))
    assert web["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"]
    assert (web["rft.title"], web["rft.creator"]) == (["Portal"], ["A B"])


def test_a_coins_span_escapes_its_title_for_html():
    hostile = SourceData(kind="news", title='"><script>alert(1)</script>', key="x")
    span = coins_span(hostile)
    assert "<script" not in span and span.startswith('<span class="Z3988" title="')
    assert span.count('"') == 4  # class and title, each in quotes; nothing breaks out


@pytest.mark.django_db
def test_the_essay_page_gives_zotero_an_article_with_its_references(client, tmp_path, settings):
    call_command("seed_demo", logins_file=tmp_path / "logins.txt", stdout=io.StringIO())
    essay = Essay.objects.get(slug="arithmetic-of-a-shared-river")
    page = EmbeddedMetadata(client.get(essay.get_absolute_url()).text)

    item = page.item()
    assert item["itemType"] == "journalArticle"
    assert item["title"] == essay.title
    assert item["publicationTitle"] == settings.SITE_NAME
    assert item["date"] == essay.publish_at.strftime("%Y/%m/%d")
    assert item["url"] == settings.SITE_URL + essay.get_absolute_url()
    assert item["creators"] == [author.name for author in essay.authors.all()]

    references = page.values("citation_reference")
    cited = {note.source_id for note in essay.footnotes.exclude(source=None)}
    assert len(references) == len(cited) > 0
    assert all(reference.startswith("citation_title=") for reference in references)
    assert any("citation_author=Ingrid Halvorsen" in reference for reference in references)
    # One COinS span per note that cites a source, in the notes list.
    notes_with_sources = essay.notes_html.count('class="Z3988"')
    assert len(page.coins) == notes_with_sources > 0
    assert all(parse_qs(title)["ctx_ver"] == ["Z39.88-2004"] for title in page.coins)


@pytest.mark.django_db
def test_an_essay_without_sources_has_no_references_or_coins(client):
    essay = EssayFactory(status=Essay.Status.PUBLISHED)
    page = EmbeddedMetadata(client.get(essay.get_absolute_url()).text)
    assert page.item()["title"] == essay.title
    assert page.values("citation_reference") == []
    assert page.coins == []
