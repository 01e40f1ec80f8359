"""Revisions: one per save that changes something, and restoring one brings everything back."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from essays.models import Correction, Essay, EssayRevision, Footnote, Source
from essays.services import (
    essay_convert_pasted_notes,
    essay_record_revision,
    essay_restore_revision,
    essay_sync_footnotes,
)
from tests.essays.test_admin_citations import add_essay, essay_post
from tests.factories import (
    AuthorFactory,
    EssayFactory,
    FootnoteFactory,
    MediaItemFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def save_in_admin(client, essay, **fields):
    fields.setdefault("body", essay.body)
    notes = [
        {"label": note.label, "source": note.source_id or "", "pinpoint": note.pinpoint,
         "commentary": note.commentary}
        for note in essay.footnotes.all()
    ]  # fmt: skip
    fields.setdefault("footnotes", notes)
    fields.setdefault("status", essay.status)
    response = client.post(
        reverse("admin:essays_essay_change", args=[essay.pk]), essay_post(essay, **fields)
    )
    assert response.status_code == HTTPStatus.FOUND, response.context and response.context.get(
        "errors"
    )
    return response


@pytest.fixture
def cited(db):
    """A published essay with one note citing a source, and its first revision."""
    source = SourceFactory(title="Upstream Dam Cuts Flow", container="Harbour Gazette")
    essay = EssayFactory(body="The dam holds a third.[^dam]", topics=[TopicFactory(name="Water")])
    FootnoteFactory(essay=essay, label="dam", source=source, pinpoint="4", commentary="")
    essay_sync_footnotes(essay=essay)
    essay_record_revision(essay=essay, user=None)
    return essay


def test_every_admin_save_keeps_one_revision_with_its_author(editor_client, editor, cited):
    save_in_admin(editor_client, cited, body="The dam holds a quarter.[^dam]")
    save_in_admin(editor_client, cited, body="The dam holds a fifth.[^dam]", title="New title")

    newest, middle, first = cited.revisions.all()
    assert first.author is None and middle.author == newest.author == editor
    assert newest.snapshot["body"] == "The dam holds a fifth.[^dam]"
    assert newest.snapshot["metadata"]["title"] == "New title"
    assert newest.summary == "Body +1 −1 words; title."
    assert middle.snapshot["notes"] == [
        {"label": "dam", "source_id": cited.footnotes.get().source_id,
         "source": "Upstream Dam Cuts Flow (Harbour Gazette)", "pinpoint": "4", "commentary": ""}
    ]  # fmt: skip


def test_a_save_that_changes_nothing_keeps_no_new_revision(editor_client, cited):
    save_in_admin(editor_client, cited)  # the form's date and styles differ from the factory's
    assert cited.revisions.count() == 2

    save_in_admin(editor_client, cited)

    assert cited.revisions.count() == 2


def test_a_new_essay_saved_in_the_admin_has_its_first_revision(editor_client):
    add_essay(editor_client, body="A first draft.", status="draft")

    revision = EssayRevision.objects.get()
    assert revision.summary == "First revision." and revision.word_count == 3


def test_converting_pasted_notes_is_a_revision_of_its_own(editor):
    essay = EssayFactory(
        status=Essay.Status.DRAFT,
        body="A claim.[1]\n\nNotes\n\n[1] Harbour Gazette, “Dam Fills.”\n",
    )
    essay_record_revision(essay=essay, user=None)

    essay_convert_pasted_notes(essay=essay, user=editor)

    latest = essay.revisions.first()
    assert latest.summary == "Pasted notes converted to footnotes." and latest.author == editor
    assert latest.snapshot["body"] == "A claim.[^1]\n"


def test_restore_brings_back_body_notes_and_metadata_and_renders_the_notes(editor, cited):
    old = cited.revisions.get()
    other = SourceFactory(title="The River Treaty of 1960")
    cited.body, cited.title, cited.dek = "Rewritten.[^treaty]", "Changed", "Changed dek"
    cited.status = Essay.Status.DRAFT
    cited.save()
    cited.topics.clear()
    cited.footnotes.all().delete()
    FootnoteFactory(essay=cited, label="treaty", source=other)
    essay_sync_footnotes(essay=cited)
    essay_record_revision(essay=cited, user=editor)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        report = essay_restore_revision(revision=old, user=editor)

    cited.refresh_from_db()
    assert cited.body == "The dam holds a third.[^dam]"
    assert (cited.title, cited.status) == (old.snapshot["metadata"]["title"], "published")
    assert [t.name for t in cited.topics.all()] == ["Water"]
    [note] = cited.footnotes.select_related("source")
    assert (note.label, note.source.title, note.pinpoint) == ("dam", "Upstream Dam Cuts Flow", "4")
    assert "Upstream Dam Cuts Flow" in cited.notes_html and "Treaty" not in cited.notes_html
    assert 'href="#note-dam"' in cited.body_html
    assert report.revision.summary.startswith("Restored from ")
    assert report.revision == cited.revisions.first() and report.messages() == []


def test_restore_with_a_deleted_source_keeps_the_citation_as_text_and_says_so(editor, cited):
    old = cited.revisions.get()
    cited.footnotes.all().delete()
    Source.objects.all().delete()
    cited.body = "No notes now."
    cited.save()
    essay_record_revision(essay=cited, user=editor)

    report = essay_restore_revision(revision=old, user=editor)

    [note] = Footnote.objects.filter(essay=cited)
    assert note.source is None
    assert note.commentary == "Upstream Dam Cuts Flow (Harbour Gazette)."
    assert report.missing_sources == ["Upstream Dam Cuts Flow (Harbour Gazette)"]
    assert "deleted since" in report.messages()[0]
    cited.refresh_from_db()
    assert "Upstream Dam Cuts Flow" in cited.notes_html  # still written: readers see no gap


def test_restore_keeps_the_address_another_essay_took_and_authors_that_remain(editor, cited):
    old = cited.revisions.get()
    old_slug = cited.slug
    cited.slug = "moved"
    cited.save()
    EssayFactory(slug=old_slug)
    gone = AuthorFactory(name="Gone Author")
    cited.authors.add(gone)
    essay_record_revision(essay=cited, user=editor)
    stays = list(cited.authors.exclude(pk=gone.pk))

    report = essay_restore_revision(revision=old, user=editor)

    cited.refresh_from_db()
    assert cited.slug == "moved" and report.slug_in_use == old_slug
    assert list(cited.authors.all()) == stays


def test_restoring_the_latest_revision_records_nothing(editor, cited):
    report = essay_restore_revision(revision=cited.revisions.get(), user=editor)

    assert report.revision is None and cited.revisions.count() == 1


def test_corrections_are_in_the_revisions_but_a_restore_leaves_them(editor, cited):
    old = cited.revisions.get()
    Correction.objects.create(essay=cited, text="The dam holds a quarter, not a third.")
    revision = essay_record_revision(essay=cited, user=editor)
    assert revision.summary == "Corrections added."
    assert revision.snapshot["corrections"][0]["text"].startswith("The dam holds a quarter")

    essay_restore_revision(revision=old, user=editor)

    assert cited.corrections.count() == 1


def test_a_deleted_user_leaves_the_revision_without_an_author(editor, cited):
    essay_record_revision(essay=cited, user=editor)
    cited.body = "Changed."
    cited.save()
    revision = essay_record_revision(essay=cited, user=editor)
    editor.delete()

    revision.refresh_from_db()
    assert revision.author is None and revision.snapshot["body"] == "Changed."


def test_restore_brings_back_the_hero_from_the_library_or_says_it_was_deleted(
    editor, cited, media_root
):
    heron, weir = MediaItemFactory(alt="A heron"), MediaItemFactory(alt="The weir")
    cited.hero_media = heron
    cited.save()
    with_heron = essay_record_revision(essay=cited, user=editor)
    cited.hero_media = weir
    cited.save()
    essay_record_revision(essay=cited, user=editor)

    essay_restore_revision(revision=with_heron, user=editor)
    cited.refresh_from_db()
    assert cited.hero_media == heron

    heron.delete()
    report = essay_restore_revision(revision=with_heron, user=editor)
    cited.refresh_from_db()
    assert cited.hero_media is None and report.missing_names == ["A heron"]


@pytest.mark.parametrize(
    ("action", "status", "summary"),
    [("publish_now", "draft", "Status, publish at."), ("unpublish", "published", "Status.")],
)
def test_a_state_changed_from_the_essay_list_is_a_revision_too(
    editor_client, editor, action, status, summary
):
    essay = EssayFactory(status=status, body="Done.")
    essay_record_revision(essay=essay, user=None)

    editor_client.post(
        reverse("admin:essays_essay_changelist"), {"action": action, "_selected_action": [essay.pk]}
    )

    latest = essay.revisions.first()
    assert (latest.summary, latest.author) == (summary, editor)
