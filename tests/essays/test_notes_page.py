"""The essay page with its notes: markers, notes, popover script, exports and the cite block."""

import io
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from essays.models import Essay
from tests.factories import AuthorFactory, EssayFactory, FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

# The essay page's budget before notes existed (tests/essays/test_views.py); notes are stored
# rendered, so they add nothing.
ESSAY_PAGE_QUERIES = 10


class Page(HTMLParser):
    """Ids, in-page links, scripts and inline handlers of a page, in document order."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids, self.fragment_links, self.scripts, self.handlers = [], [], [], []
        self.noterefs, self.note_items = [], []
        self._script_open = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.fragment_links.append(attrs["href"][1:])
        if tag == "a" and attrs.get("role") == "doc-noteref":
            self.noterefs.append(attrs["href"][1:])
        if tag == "li" and (attrs.get("id") or "").startswith("note-"):
            self.note_items.append(attrs["id"])
        if tag == "script":
            self.scripts.append(attrs)
            self._script_open = not attrs.get("src")
        self.handlers += [name for name in attrs if name.startswith("on")]

    def handle_data(self, data):
        if self._script_open and data.strip():
            self.scripts[-1]["inline"] = data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_open = False


def essay_with_notes(count, **kwargs):
    essay = EssayFactory(body="\n\n".join(f"Paragraph {n}.[^n{n}]" for n in range(count)), **kwargs)
    for n in range(count):
        FootnoteFactory(essay=essay, label=f"n{n}", source=SourceFactory(), pinpoint=str(n))
    essay.save()
    return essay


def test_essay_page_query_count_is_the_same_for_1_and_50_notes(
    client, django_assert_max_num_queries
):
    small, large = essay_with_notes(1), essay_with_notes(50)
    with django_assert_max_num_queries(ESSAY_PAGE_QUERIES) as small_queries:
        small_page = client.get(small.get_absolute_url())
    with django_assert_max_num_queries(ESSAY_PAGE_QUERIES) as large_queries:
        large_page = client.get(large.get_absolute_url())
    assert len(small_queries) == len(large_queries)
    assert len(Page(large_page.text).note_items) == 50
    assert "sources.bib" in small_page.text and "Cite this essay" in small_page.text


@pytest.fixture
def demo(tmp_path):
    call_command("seed_demo", logins_file=tmp_path / "demo-logins.txt", stdout=io.StringIO())
    return Essay.objects.get(slug="arithmetic-of-a-shared-river")


def test_demo_essay_shows_markers_and_notes_in_order_with_links_both_ways(client, demo):
    response = client.get(demo.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = Page(response.text)

    assert demo.note_style == "lower-roman"
    assert len(page.note_items) == 16
    # Markers in reading order reach each note in list order; a repeated label is no new note.
    first_seen = list(dict.fromkeys(page.noterefs))
    assert first_seen == page.note_items
    assert len(page.noterefs) > len(page.note_items)
    numbers = re.findall(r'role="doc-noteref"[^>]*>([ivxl]+)</a>', response.text)
    assert list(dict.fromkeys(numbers))[:5] == ["i", "ii", "iii", "iv", "v"]
    assert list(dict.fromkeys(numbers))[-1] == "xvi"
    # Every in-page link lands on an element, and every marker has a back link.
    assert len(page.ids) == len(set(page.ids))
    assert set(page.fragment_links) <= set(page.ids)
    marker_ids = [i for i in page.ids if i.startswith("ref-")]
    assert marker_ids and set(marker_ids) <= set(page.fragment_links)
    # Chicago shortened notes, the default: a source cited again gives surname and short title.
    assert "Halvorsen, <i>Rivers Without Borders</i>, 12." in demo.notes_html
    assert "Nwosu and Brandt, “Percentage Shares,” 214–16." in demo.notes_html
    assert "Ibid." not in demo.notes_html
    assert "The percentages are my own calculations" in demo.notes_html  # commentary only


def test_demo_essay_offers_its_sources_for_download(client, demo):
    html = client.get(demo.get_absolute_url()).text
    assert reverse("essays:sources-csl", args=[demo.slug]) in html
    assert reverse("essays:sources-bibtex", args=[demo.slug]) in html


def test_the_popover_script_is_an_external_deferred_file_and_nothing_is_inline(client):
    essay = essay_with_notes(2)
    page = Page(client.get(essay.get_absolute_url()).text)
    notes_scripts = [s for s in page.scripts if (s.get("src") or "").endswith("js/notes.js")]
    assert len(notes_scripts) == 1 and "defer" in notes_scripts[0]
    executable = [
        s for s in page.scripts if "inline" in s and s.get("type") != "application/ld+json"
    ]
    assert executable == []
    assert page.handlers == []


def test_an_essay_without_notes_loads_no_notes_script_and_offers_no_downloads(client):
    essay = EssayFactory()
    html = client.get(essay.get_absolute_url()).text
    assert "notes.js" not in html
    assert "sources.bib" not in html
    assert "Cite this essay" in html


def test_commentary_only_notes_offer_no_source_downloads(client):
    essay = EssayFactory(body="Claim.[^1]")
    FootnoteFactory(essay=essay, label="1", source=None, commentary="Only an aside.")
    essay.save()
    html = client.get(essay.get_absolute_url()).text
    assert "Only an aside." in html
    assert "sources.bib" not in html


def test_cite_this_essay_gives_chicago_and_bibtex(client):
    essay = EssayFactory(
        title="Rivers & Rights", authors=[AuthorFactory(name="Ada Brook")], slug="rivers"
    )
    html = client.get(essay.get_absolute_url()).text
    year = essay.publish_at.year
    assert "Brook, Ada. “Rivers &amp; Rights.” <i>Marginalia</i>," in html
    assert f"@online{{brook{year}rivers," in html
    assert r"title = {{Rivers \&amp; Rights}}" in html  # BibTeX-escaped, then HTML-escaped
    assert "url = {http://testserver/essays/rivers/}" in html


def test_preview_of_a_draft_hides_downloads_that_would_404(editor_client):
    essay = essay_with_notes(1, status=Essay.Status.DRAFT)
    html = editor_client.get(reverse("essays:preview", args=[essay.pk])).text
    assert 'class="noteref"' in html
    assert "sources.bib" not in html


def test_feeds_carry_the_notes(client):
    essay = essay_with_notes(2)
    feed = client.get(reverse("essays:rss")).text
    assert essay.title in feed
    assert "doc-endnotes" in feed and "doc-noteref" in feed
