"""Search on the demo publication: relevance, stemming, phrases, snippets, and index upkeep.

The same facts hold on SQLite (FTS5) and PostgreSQL (full-text search); CI runs both.
"""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from essays.models import Essay
from essays.search import MARK_END, MARK_START
from essays.selectors import essay_search
from essays.services import essay_convert_pasted_notes
from essays.templatetags.search_tags import search_snippet
from pages import demo
from tests.factories import EssayFactory
from tests.publication import essay_admin_form

pytestmark = pytest.mark.django_db

ARITHMETIC = "arithmetic-of-a-shared-river"


@pytest.fixture
def publication():
    """The demo essays (published, scheduled and a draft), as seed_demo writes them."""
    essays, _ = demo.publication_seed(demo.demo_load(), images=False)
    return essays


def slugs(query: str) -> list[str]:
    return [essay.slug for essay in essay_search(query=query)]


def search_page(client, query: str):
    return client.get(reverse("essays:search"), {"q": query})


def test_gauge_stations_finds_the_essay_about_gauges_first(publication):
    assert publication[ARITHMETIC].title == "The Arithmetic of a Shared River"
    assert slugs("gauge stations")[0] == ARITHMETIC


def test_words_are_matched_by_their_stem(publication):
    assert ARITHMETIC in slugs("gauging")
    assert slugs("gauging") == slugs("gauge") == slugs("gauges")


def test_a_quoted_phrase_matches_its_words_in_that_order(publication):
    assert slugs('"rating curves"') == [ARITHMETIC]
    assert slugs('"curves rating"') == []


def test_every_word_must_match(publication):
    assert ARITHMETIC in slugs("gauge")
    assert slugs("gauge zeppelin") == []


def test_a_word_ending_in_a_star_matches_words_that_begin_so(publication):
    assert ARITHMETIC in slugs("hydrolog*")


def test_scheduled_and_draft_essays_are_never_found(publication):
    scheduled = Essay.objects.get(title="Storage Is a Timetable")
    draft = Essay.objects.get(title="The Quiet Work of Seed Banks")

    assert scheduled.slug not in slugs("storage timetable")
    assert draft.slug not in slugs("seed banks")


def test_no_match_says_so(client, publication):
    response = search_page(client, "zeppelin")

    assert response.status_code == HTTPStatus.OK
    assert "0 results for “zeppelin”" in response.text
    assert "No essay matches" in response.text


def test_results_show_a_snippet_with_the_words_marked_and_everything_else_escaped(client):
    EssayFactory(body="Wells and <script>alert(1)</script> aquifers under the plain.")

    html = search_page(client, "aquifers").text

    assert "<mark>aquifers</mark> under the plain." in html
    assert "alert(1)" in html  # PostgreSQL's headline drops the tags, SQLite's escapes them
    assert "<script>alert(1)" not in html


def test_a_snippet_is_escaped_and_only_paired_marks_become_html():
    snippet = f"a <b>bold</b> & {MARK_START}word{MARK_END} {MARK_START}<i>"

    assert search_snippet(snippet) == "a &lt;b&gt;bold&lt;/b&gt; &amp; <mark>word</mark> &lt;i&gt;"


def test_snippets_leave_out_note_markers_and_link_targets(client):
    EssayFactory(body="Read [the aquifer survey](https://example.org/x) first.[^1]")

    html = search_page(client, "aquifer").text

    assert "<mark>aquifer</mark> survey first." in html
    assert "example.org" not in html and "[^1]" not in html


def test_a_page_of_results_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for number in range(12):
        EssayFactory(title=f"Aquifers, part {number}")
    # count, the page, authors, topics (each prefetched once)
    with django_assert_num_queries(4):
        response = search_page(client, "aquifers")
    assert len(response.context["essay_list"]) == 10


def test_a_title_edited_in_the_admin_is_found_by_its_new_words(admin_client):
    essay = EssayFactory(title="Old wording")
    form = essay_admin_form(
        title="Reservoirs renamed", slug=essay.slug, body=essay.body, status="published"
    )

    response = admin_client.post(reverse("admin:essays_essay_change", args=[essay.pk]), form)

    assert response.status_code == HTTPStatus.FOUND
    assert [found.pk for found in essay_search(query="reservoirs")] == [essay.pk]
    assert list(essay_search(query="wording")) == []


def test_an_essay_deleted_in_the_admin_is_no_longer_found(admin_client):
    essay = EssayFactory(title="Reservoirs")

    admin_client.post(reverse("admin:essays_essay_delete", args=[essay.pk]), {"post": "yes"})
    EssayFactory(title="Another essay")  # a new essay never inherits the deleted one's words

    assert not Essay.objects.filter(pk=essay.pk).exists()
    assert list(essay_search(query="reservoirs")) == []


def test_converting_pasted_notes_indexes_the_body_without_its_notes_list():
    note = "[1] Lena Marsh, Wells (Castelmar: Northgate, 2011), 45."
    body = f"Aquifers recharge slowly.[1]\n\nNotes\n\n{note}"
    essay = EssayFactory(body=body, status=Essay.Status.DRAFT)
    essay.status = Essay.Status.PUBLISHED  # as the importer publishes after converting

    report = essay_convert_pasted_notes(essay=essay)
    essay.save(update_fields=["status"])

    assert report.changed
    assert list(essay_search(query="aquifers")) == [essay]
    assert list(essay_search(query="wells")) == []


def test_rebuild_search_index_finds_essays_written_around_the_services(capsys):
    essay = EssayFactory(title="Old wording")
    Essay.objects.filter(pk=essay.pk).update(title="Estuaries")

    call_command("rebuild_search_index")

    assert "1 essay(s) indexed for search." in capsys.readouterr().out
    assert list(essay_search(query="estuaries")) == [essay]
    assert list(essay_search(query="wording")) == []
