"""Footnote rows follow the body: made, ordered and removed with their markers on save."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from essays.models import Essay, Footnote
from essays.services import essay_sync_footnotes
from tests.essays.test_admin_citations import add_essay, essay_post, messages_of
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def change(client, essay, **kwargs):
    return client.post(
        reverse("admin:essays_essay_change", args=[essay.pk]), essay_post(essay, **kwargs)
    )


def rows(essay):
    return list(essay.footnotes.values_list("label", "position"))


def test_a_marker_typed_once_in_the_body_gets_its_row_on_save(editor_client):
    response = add_essay(editor_client, body="Two.[^b] One.[^a] Again.[^b]", status="draft")

    assert response.status_code == HTTPStatus.FOUND
    essay = Essay.objects.get()
    assert rows(essay) == [("b", 1), ("a", 2)]
    assert any("[^b], [^a]" in m and "choose a source" in m for m in messages_of(response))
    # Not written yet: readers would see the markers as typed, and the draft says so.
    assert "[^a]" in essay.body_html and not essay.notes_html
    assert any("not written yet" in m for m in messages_of(response))


def test_filling_in_a_made_row_renders_the_note(editor_client):
    essay = EssayFactory(status=Essay.Status.DRAFT, body="Claim.[^dam]")
    essay_sync_footnotes(essay=essay)
    source = SourceFactory(title="Upstream Dam Cuts Flow")

    response = change(
        editor_client, essay, body=essay.body, footnotes=[{"source": source.pk, "pinpoint": "4"}]
    )

    assert response.status_code == HTTPStatus.FOUND
    essay.refresh_from_db()
    assert "Upstream Dam Cuts Flow" in essay.notes_html
    assert 'href="#note-dam"' in essay.body_html


def test_a_published_essay_cannot_cite_a_row_not_filled_in(editor_client):
    essay = EssayFactory(status=Essay.Status.DRAFT, body="Claim.[^dam]")
    essay_sync_footnotes(essay=essay)

    response = change(editor_client, essay, body=essay.body, status="published", footnotes=[{}])

    assert response.status_code == HTTPStatus.OK
    assert "[^dam]" in response.text and "not written" in response.text
    essay.refresh_from_db()
    assert essay.status == Essay.Status.DRAFT


def test_a_removed_marker_takes_its_empty_row_and_leaves_a_written_one_with_a_warning(
    editor_client,
):
    essay = EssayFactory(status=Essay.Status.DRAFT, body="A.[^a] B.[^empty] C.[^kept]")
    FootnoteFactory(essay=essay, label="a", position=1)
    Footnote.objects.create(essay=essay, label="empty", position=2)
    FootnoteFactory(essay=essay, label="kept", commentary="Hours of research.", position=3)

    response = change(
        editor_client,
        essay,
        body="A.[^a]",
        footnotes=[{"commentary": "A."}, {}, {"commentary": "Hours of research."}],
    )

    assert response.status_code == HTTPStatus.FOUND
    assert rows(essay) == [("a", 1), ("kept", 2)]
    said = messages_of(response)
    assert any("Empty notes removed" in m and "[^empty]" in m for m in said)
    assert any("[^kept]" in m and "readers will not see" in m for m in said)


def test_reordering_paragraphs_renumbers_their_notes(editor_client):
    essay = EssayFactory(body="First.[^one]\n\nSecond.[^two]")
    FootnoteFactory(essay=essay, label="one", commentary="Note one.", position=1)
    FootnoteFactory(essay=essay, label="two", commentary="Note two.", position=2)
    essay.save()

    response = change(
        editor_client,
        essay,
        body="Second.[^two]\n\nFirst.[^one]",
        footnotes=[{"commentary": "Note one."}, {"commentary": "Note two."}],
    )

    assert response.status_code == HTTPStatus.FOUND
    assert rows(essay) == [("two", 1), ("one", 2)]
    essay.refresh_from_db()
    assert essay.notes_html.index("Note two.") < essay.notes_html.index("Note one.")


def test_the_label_of_a_stored_row_cannot_be_changed_from_the_form(editor_client):
    essay = EssayFactory(body="Claim.[^a]")
    FootnoteFactory(essay=essay, label="a", commentary="Here.")

    renamed = {"label": "renamed", "commentary": "Here."}
    response = change(editor_client, essay, body=essay.body, footnotes=[renamed])

    assert response.status_code == HTTPStatus.FOUND
    assert rows(essay) == [("a", 1)]


def test_the_form_asks_for_no_label_position_when_the_rows_come_from_the_body(editor_client):
    essay = EssayFactory(body="Claim.[^a]")
    FootnoteFactory(essay=essay, label="a", commentary="Here.")

    page = editor_client.get(reverse("admin:essays_essay_change", args=[essay.pk])).text

    assert 'name="footnotes-0-position"' not in page
    assert 'name="footnotes-0-label"' in page and "disabled" in page


def test_sync_makes_orders_and_removes_rows_and_renders(django_assert_max_num_queries):
    essay = EssayFactory(body="B.[^b] A.[^a]")
    FootnoteFactory(essay=essay, label="a", commentary="Alpha.", position=1)
    Footnote.objects.create(essay=essay, label="stale", position=2)

    with django_assert_max_num_queries(12):
        sync = essay_sync_footnotes(essay=essay)

    assert (sync.created, sync.removed, sync.orphaned) == (["b"], ["stale"], [])
    assert rows(essay) == [("b", 1), ("a", 2)]
    essay.refresh_from_db()
    assert "Alpha." in essay.notes_html


def test_sync_twice_changes_nothing_the_second_time():
    essay = EssayFactory(body="B.[^b] A.[^a]")
    essay_sync_footnotes(essay=essay)
    again = essay_sync_footnotes(essay=essay)
    assert (again.created, again.removed) == ([], [])
    assert rows(essay) == [("b", 1), ("a", 2)]
