"""Footnotes and sources in the admin: validation through the real forms, actions, link health."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from essays.models import Essay, Footnote, Source
from tests.factories import AuthorFactory, EssayFactory, FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def essay_post(essay=None, *, body, status="published", footnotes=(), author=None, **fields):
    """The admin form data for an essay and its footnote inline (`footnotes`: dicts)."""
    existing = list(essay.footnotes.all()) if essay else []
    data = {
        "title": essay.title if essay else "Rivers",
        "slug": essay.slug if essay else "rivers",
        "dek": "",
        "authors": [a.pk for a in essay.authors.all()] if essay else [author.pk],
        "body": body,
        "status": status,
        # Yesterday: today at 08:00 is still to come before 08:00, which would schedule it.
        "publish_at_0": (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%d"),
        "publish_at_1": "08:00:00",
        "note_style": "arabic",
        "citation_style": "shortened",
        "comments_mode": "open",
        "footnotes-TOTAL_FORMS": str(len(footnotes)),
        "footnotes-INITIAL_FORMS": str(len(existing)),
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    } | fields
    for index, note in enumerate(footnotes):
        row = {"position": index, "label": "", "source": "", "pinpoint": "", "commentary": ""}
        row |= note
        if index < len(existing):
            row |= {"id": existing[index].pk, "essay": essay.pk}
        data |= {f"footnotes-{index}-{key}": value for key, value in row.items()}
    return data


def add_essay(client, **kwargs):
    kwargs.setdefault("author", AuthorFactory())
    return client.post(reverse("admin:essays_essay_add"), essay_post(**kwargs))


def formset_errors(response):
    return response.context["inline_admin_formsets"][0].formset.non_form_errors()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_published_essay_citing_missing_labels_is_refused_naming_them(editor_client):
    response = add_essay(
        editor_client,
        body="One.[^a] Two.[^ghost] Three.[^phantom] Again.[^ghost]",
        footnotes=[{"label": "a", "commentary": "Here."}],
    )
    assert response.status_code == HTTPStatus.OK
    [error] = formset_errors(response)
    assert "[^ghost], [^phantom]" in error
    assert "save the essay as a draft" in error
    assert "[^ghost], [^phantom]" in response.text  # shown on the page
    assert not Essay.objects.exists()


def test_draft_citing_missing_labels_is_saved_with_a_warning(editor_client):
    response = add_essay(editor_client, body="One.[^ghost]", status="draft")
    assert response.status_code == HTTPStatus.FOUND
    assert Essay.objects.get().status == "draft"
    assert any("[^ghost]" in m and "cannot be published" in m for m in messages_of(response))


def test_unused_footnotes_are_saved_with_a_warning(editor_client):
    response = add_essay(
        editor_client,
        body="One.[^a]",
        footnotes=[{"label": "a", "commentary": "Used."}, {"label": "b", "commentary": "Not."}],
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Footnote.objects.count() == 2
    assert any("[^b]" in m and "readers will not see" in m for m in messages_of(response))


def test_duplicate_labels_are_refused_naming_the_label(editor_client):
    response = add_essay(
        editor_client,
        body="One.[^a]",
        status="draft",
        footnotes=[{"label": "a", "commentary": "First."}, {"label": "a", "commentary": "Again."}],
    )
    assert response.status_code == HTTPStatus.OK
    [error] = formset_errors(response)
    assert "[^a] is used more than once" in error
    assert not Essay.objects.exists()


def test_malformed_markers_are_reported_and_left_visible(editor_client):
    response = add_essay(
        editor_client,
        body="One.[^a] Two.[^bad label] Three.[^]",
        footnotes=[{"label": "a", "commentary": "Here."}],
    )
    assert response.status_code == HTTPStatus.FOUND
    [warning] = [m for m in messages_of(response) if "Not read as footnote markers" in m]
    assert "[^bad label]" in warning and "[^]" in warning
    essay = Essay.objects.get()
    assert "[^bad label]" in essay.body_html and "[^]" in essay.body_html
    assert 'href="#note-a"' in essay.body_html


def test_a_label_with_spaces_is_refused_on_its_row(editor_client):
    response = add_essay(
        editor_client, body="One.", status="draft", footnotes=[{"label": "a b", "commentary": "x"}]
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "Use letters, digits and - _ . : only" in errors["label"][0]


def test_a_footnote_needs_a_source_or_commentary(editor_client):
    response = add_essay(
        editor_client, body="One.[^a]", status="draft", footnotes=[{"label": "a", "pinpoint": "4"}]
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "A footnote needs a source, commentary, or both." in errors["__all__"]


def test_notes_render_when_the_essay_and_footnotes_are_saved_together(editor_client):
    source = SourceFactory(title="Upstream Dam Cuts Flow")
    response = add_essay(
        editor_client,
        body="Claim.[^dam] Another.[^dam]",
        footnotes=[{"label": "dam", "source": source.pk, "pinpoint": "4"}],
    )
    assert response.status_code == HTTPStatus.FOUND
    essay = Essay.objects.get()
    assert "Upstream Dam Cuts Flow" in essay.notes_html
    assert essay.body_html.count('href="#note-dam"') == 2
    assert essay.has_sources


def test_editing_an_essay_to_cite_a_deleted_footnote_is_refused(editor_client):
    essay = EssayFactory(body="One.[^a]")
    FootnoteFactory(essay=essay, label="a")
    data = essay_post(essay, body="One.[^a]", footnotes=[{"label": "a", "DELETE": "on"}])
    response = editor_client.post(reverse("admin:essays_essay_change", args=[essay.pk]), data)
    assert response.status_code == HTTPStatus.OK
    assert "[^a]" in formset_errors(response)[0]
    assert essay.footnotes.count() == 1


def test_publish_action_refuses_essays_citing_missing_footnotes(editor_client):
    ready = EssayFactory(status=Essay.Status.DRAFT, body="No notes.")
    broken = EssayFactory(status=Essay.Status.DRAFT, body="Claim.[^ghost]", title="Broken one")
    response = editor_client.post(
        reverse("admin:essays_essay_changelist"),
        {"action": "publish", "_selected_action": [ready.pk, broken.pk]},
    )
    ready.refresh_from_db()
    broken.refresh_from_db()
    assert (ready.status, broken.status) == ("published", "draft")
    assert any("Broken one" in m and "[^ghost]" in m for m in messages_of(response))


def test_convert_pasted_notes_action(editor_client):
    essay = EssayFactory(
        status=Essay.Status.DRAFT,
        body="A claim.[1] Another.[2]\n\nNotes\n\n[1] Reuters, “Dam Fills,” Harbour Gazette, "
        "October 26 2019.\n[2] Ibid.\n",
    )
    response = editor_client.post(
        reverse("admin:essays_essay_changelist"),
        {"action": "convert_pasted_notes", "_selected_action": [essay.pk]},
    )
    essay.refresh_from_db()
    assert essay.body == "A claim.[^1] Another.[^2]\n"
    assert list(essay.footnotes.values_list("label", flat=True)) == ["1", "2"]
    assert "Reuters, “Dam Fills.”" in essay.notes_html  # the pasted Ibid., as a short note
    assert any(
        "2 footnotes created" in m and "1 Ibid. resolved" in m for m in messages_of(response)
    )


def test_editing_a_source_in_the_admin_re_renders_the_essays_citing_it(editor_client):
    source = SourceFactory(title="Old title", container="Gazette", url="https://example.org/a")
    essay = EssayFactory(body="Claim.[^1]")
    FootnoteFactory(essay=essay, label="1", source=source)
    essay.save()
    data = {
        "kind": "news",
        "authors": "Reuters",
        "title": "New title",
        "container": "Gazette",
        "publisher": "",
        "published_on": "2019-10-26",
        "date_precision": "day",
        "url": "https://example.org/a",
        "archived_url": "",
        "accessed_on": "",
    }
    response = editor_client.post(reverse("admin:essays_source_change", args=[source.pk]), data)
    assert response.status_code == HTTPStatus.FOUND
    essay.refresh_from_db()
    assert "New title" in essay.notes_html
    assert any("1 essay citing this source" in m for m in messages_of(response))


def test_source_list_filters_broken_links_and_offers_the_archived_copy(editor_client):
    broken = SourceFactory(title="Gone story", archived_url="https://archive.example/gone")
    working = SourceFactory(title="Live story")
    Source.objects.filter(pk=broken.pk).update(
        link_broken=True, link_status=404, link_checked_at=timezone.now()
    )
    Source.objects.filter(pk=working.pk).update(link_status=200, link_checked_at=timezone.now())
    url = reverse("admin:essays_source_changelist")

    broken_list = editor_client.get(url, {"link": "broken"}).text
    assert "Gone story" in broken_list and "Live story" not in broken_list
    assert 'Broken (HTTP 404): readers are sent to the <a href="https://archive.example/gone">' in (
        broken_list
    )
    assert "Live story" in editor_client.get(url, {"link": "ok"}).text
    assert "Gone story" not in editor_client.get(url, {"link": "broken-unarchived"}).text


def test_source_page_lists_the_essays_citing_it(editor_client):
    source = SourceFactory()
    essay = EssayFactory(title="A citing essay", body="x[^1]")
    FootnoteFactory(essay=essay, label="1", source=source)
    html = editor_client.get(reverse("admin:essays_source_change", args=[source.pk])).text
    assert "A citing essay" in html
    assert reverse("admin:essays_essay_change", args=[essay.pk]) in html


def test_source_autocomplete_finds_sources_by_title(editor_client):
    SourceFactory(title="Drought Diplomacy on the Meran")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "drought",
            "app_label": "essays",
            "model_name": "footnote",
            "field_name": "source",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert [r["text"] for r in response.json()["results"]] == [
        "Drought Diplomacy on the Meran (The Meridian Review)"
    ]


def test_essay_change_page_flags_footnotes_citing_a_broken_link(editor_client):
    essay = EssayFactory(body="A[^a] B[^b]")
    dead = SourceFactory(title="Dead link")
    Source.objects.filter(pk=dead.pk).update(link_broken=True, link_status=410)
    FootnoteFactory(essay=essay, label="a", source=dead)
    FootnoteFactory(essay=essay, label="b")
    html = editor_client.get(reverse("admin:essays_essay_change", args=[essay.pk])).text
    assert html.count("Broken: add an archived URL") == 1
    assert reverse("admin:essays_source_change", args=[dead.pk]) in html
