"""Pasted notes are offered for conversion in the essay form, with the result shown first."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from essays.models import Essay, Footnote
from tests.essays.test_admin_citations import essay_post, messages_of
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

PASTED = (
    "A claim.[1] Another.[2]\n\nNotes\n\n"
    "[1] Reuters, “Dam Fills,” Harbour Gazette, October 26 2019.\n[2] Ibid.\n"
)


def change_url(essay):
    return reverse("admin:essays_essay_change", args=[essay.pk])


def test_the_form_shows_the_converted_notes_before_anything_is_applied(editor_client):
    essay = EssayFactory(status=Essay.Status.DRAFT, body=PASTED, citation_style="ibid")

    page = editor_client.get(change_url(essay)).text

    assert "2 pasted notes (arabic numbering) can become footnotes" in page
    assert "Dam Fills" in page and "Ibid." in page
    assert 'name="_convert_pasted_notes"' in page
    essay.refresh_from_db()
    assert essay.body == PASTED and not Footnote.objects.exists()


def test_an_essay_without_pasted_notes_offers_no_conversion(editor_client, essay):
    page = editor_client.get(change_url(essay)).text
    assert "_convert_pasted_notes" not in page and "Pasted notes" not in page


def test_save_and_convert_applies_it_and_stays_on_the_essay(editor_client):
    essay = EssayFactory(status=Essay.Status.DRAFT, body=PASTED)
    data = essay_post(essay, body=PASTED, status="draft") | {"_convert_pasted_notes": "1"}

    response = editor_client.post(change_url(essay), data)

    assert response.status_code == HTTPStatus.FOUND and response.url == change_url(essay)
    essay.refresh_from_db()
    assert essay.body == "A claim.[^1] Another.[^2]\n"
    assert list(essay.footnotes.values_list("label", "position")) == [("1", 1), ("2", 2)]
    assert any("2 footnotes created" in m for m in messages_of(response))
