"""Public corrections: written in the essay form, shown dated under the essay, never stale."""

import datetime
from http import HTTPStatus

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from essays.models import Correction
from essays.services import essay_add_correction, essay_record_revision
from tests.essays.test_admin_citations import essay_post
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db


def reader_get(essay):
    """An anonymous reader: the shared, cached page."""
    return Client().get(essay.get_absolute_url())


def save_with_corrections(client, essay, corrections, initial=()):
    """Post the essay form with the correction rows `corrections` (dicts)."""
    data = essay_post(essay, body=essay.body) | {
        "corrections-TOTAL_FORMS": str(len(corrections)),
        "corrections-INITIAL_FORMS": str(len(initial)),
    }
    for index, row in enumerate(corrections):
        if index < len(initial):
            row = {"id": initial[index].pk, "essay": essay.pk} | row
        data |= {f"corrections-{index}-{key}": value for key, value in row.items()}
    response = client.post(reverse("admin:essays_essay_change", args=[essay.pk]), data)
    assert response.status_code == HTTPStatus.FOUND
    return response


def test_a_correction_written_in_the_essay_form_is_shown_dated_under_the_essay(
    editor_client, editor, essay
):
    assert "Corrections" not in reader_get(essay).text  # and now cached
    row = {"published_on": "2026-03-04", "text": "The dam holds a *quarter*, not a third."}

    save_with_corrections(editor_client, essay, [row])

    correction = Correction.objects.get()
    assert correction.created_by == editor
    page = reader_get(essay).text
    assert '<aside class="corrections" aria-labelledby="corrections-heading">' in page
    assert '<h2 id="corrections-heading">Corrections</h2>' in page
    assert '<time datetime="2026-03-04">March 4, 2026</time>' in page
    assert "The dam holds a <em>quarter</em>, not a third." in page


def test_an_essay_without_corrections_has_no_corrections_section(essay):
    assert 'class="corrections"' not in reader_get(essay).text


def test_correction_text_is_rendered_through_the_allowlist(editor):
    essay = EssayFactory()
    essay_add_correction(
        essay=essay,
        user=editor,
        text='Fixed.<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="y">',
    )

    page = reader_get(essay).text
    aside = page[page.index('<aside class="corrections"') : page.index("</aside>")]
    assert "<script" not in aside and "javascript:" not in aside and "onerror" not in aside
    assert "Fixed." in aside


def test_adding_a_correction_outside_the_form_changes_the_cached_page(editor, essay):
    first = reader_get(essay)
    assert reader_get(essay)["ETag"] == first["ETag"]  # cached

    essay_add_correction(essay=essay, user=editor, text="A date was wrong: it was 1961.")

    second = reader_get(essay)
    assert second["ETag"] != first["ETag"]
    assert "A date was wrong: it was 1961." in second.text


def test_editing_a_correction_is_kept_in_the_essays_revisions(editor_client, essay):
    essay_record_revision(essay=essay, user=None)
    correction = essay_add_correction(essay=essay, user=None, text="First wording.")
    before = essay.revisions.count()

    save_with_corrections(
        editor_client,
        essay,
        [{"published_on": f"{correction.published_on:%Y-%m-%d}", "text": "Better wording."}],
        initial=[correction],
    )

    latest = essay.revisions.first()
    assert essay.revisions.count() > before
    assert latest.snapshot["corrections"][0]["text"] == "Better wording."
    assert latest.summary.endswith("corrections changed.")
    assert "Better wording." in reader_get(essay).text


def test_an_empty_correction_is_refused_and_the_essay_kept_as_typed(editor_client, essay):
    data = essay_post(essay, body="Typed and kept.") | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-INITIAL_FORMS": "0",
        "corrections-0-published_on": "2026-03-04",
        "corrections-0-text": "  ",
    }
    # An untouched extra row is skipped; one with a date but no text is an error to fix.
    response = editor_client.post(reverse("admin:essays_essay_change", args=[essay.pk]), data)

    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.text
    assert "Typed and kept." in response.text
    assert not Correction.objects.exists()


@pytest.mark.parametrize("count", [0, 1, 8])
def test_the_essay_page_reads_all_corrections_in_one_query(
    essay, count, django_assert_max_num_queries
):
    for n in range(count):
        Correction.objects.create(
            essay=essay, text=f"Correction {n}.", published_on=datetime.date(2026, 1, 1 + n)
        )
    with django_assert_max_num_queries(9):  # the page without comments; see test_views
        assert reader_get(essay).status_code == HTTPStatus.OK


@pytest.mark.parametrize("feed", ["essays:rss", "essays:atom"])
def test_the_feed_item_carries_the_corrections(client, editor, feed):
    essay = EssayFactory(title="Rivers")
    essay_add_correction(essay=essay, user=editor, text="The weir is *upstream*.")

    entry = feedparser.parse(client.get(reverse(feed)).content).entries[0]

    html = entry.content[0].value if "content" in entry else entry.summary
    assert "Corrections" in html and "The weir is <em>upstream</em>." in html


@pytest.mark.parametrize("essays", [1, 6])
def test_the_feed_reads_corrections_in_one_query(client, essays, django_assert_max_num_queries):
    for n in range(essays):
        Correction.objects.create(essay=EssayFactory(), text=f"Correction {n}.")
    with django_assert_max_num_queries(5):  # stamps; essays, authors, topics, corrections
        assert client.get(reverse("essays:rss")).status_code == HTTPStatus.OK
