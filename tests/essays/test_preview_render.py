"""The editor's live preview: the essay form's body and notes rendered as readers get them."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essays.models import Essay, Footnote
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = reverse("essays:preview-render")


def preview_data(body, notes=(), note_style="arabic", citation_style="shortened"):
    """The form data the essay change form posts, as the preview reads it."""
    data = {
        "body": body,
        "note_style": note_style,
        "citation_style": citation_style,
        "footnotes-TOTAL_FORMS": str(len(notes)),
        "footnotes-INITIAL_FORMS": "0",
    }
    for index, note in enumerate(notes):
        data |= {f"footnotes-{index}-{key}": value for key, value in note.items()}
    return data


def notes_citing(source, count):
    return [{"label": f"n{k}", "source": source.pk, "pinpoint": str(k)} for k in range(count)]


def test_the_preview_matches_what_saving_renders_repeated_citations_included(editor_client):
    source = SourceFactory(title="Upstream Dam Cuts Flow")
    body = "Claim.[^a] Again.[^b] Aside.[^c]"
    notes = [
        {"label": "a", "source": source.pk, "pinpoint": "4"},
        {"label": "b", "source": source.pk, "pinpoint": "9"},
        {"label": "c", "commentary": "A thought of ours."},
    ]
    response = editor_client.post(URL, preview_data(body, notes))

    saved = EssayFactory(body=body, note_style="arabic")
    FootnoteFactory(essay=saved, label="a", source=source, pinpoint="4", position=1)
    FootnoteFactory(essay=saved, label="b", source=source, pinpoint="9", position=2)
    FootnoteFactory(essay=saved, label="c", source=None, commentary="A thought of ours.")
    saved.save()
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/html")
    assert saved.body_html in response.text and saved.notes_html in response.text
    assert "Upstream Dam Cuts Flow" in response.text and "A thought of ours." in response.text
    assert "3 words · 1 min read" in response.text


@pytest.mark.parametrize(("style", "ibid"), [("ibid", True), ("shortened", False)])
def test_the_preview_sets_out_a_repeated_citation_in_the_essays_style(editor_client, style, ibid):
    source = SourceFactory(title="Upstream Dam Cuts Flow")
    notes = [{"label": "a", "source": source.pk, "pinpoint": "4"},
             {"label": "b", "source": source.pk, "pinpoint": "9"}]  # fmt: skip

    response = editor_client.post(URL, preview_data("A.[^a] B.[^b]", notes, citation_style=style))

    assert ("Ibid." in response.text) is ibid


def test_the_preview_saves_nothing(editor_client, essay):
    before = (Essay.objects.count(), Footnote.objects.count(), essay.body_html)
    editor_client.post(URL, preview_data("Changed.[^x]", [{"label": "x", "commentary": "New"}]))
    essay.refresh_from_db()
    assert (Essay.objects.count(), Footnote.objects.count(), essay.body_html) == before


def test_the_preview_names_notes_not_written_yet_and_malformed_markers(editor_client):
    response = editor_client.post(URL, preview_data("A.[^ghost] B.[^bad label]", [{"label": "x"}]))
    assert response.status_code == HTTPStatus.OK
    assert "Notes not written yet, shown as typed: [^ghost]." in response.text
    assert "Not read as note markers: [^bad label]." in response.text


def test_deleted_and_unlabelled_rows_are_left_out(editor_client):
    notes = [
        {"label": "a", "commentary": "Deleted.", "DELETE": "on"},
        {"label": "", "commentary": "No label yet."},
    ]
    response = editor_client.post(URL, preview_data("A.[^a]", notes))
    assert "Deleted." not in response.text and "No label yet." not in response.text


def test_the_preview_strips_script_as_saving_does(editor_client):
    response = editor_client.post(URL, preview_data("Hi <script>alert(1)</script>", []))
    assert "<script" not in response.text


def test_the_preview_takes_a_fixed_number_of_queries_however_many_notes(editor_client):
    source = SourceFactory()

    def queries(count):
        body = " ".join(f"Claim.[^n{k}]" for k in range(count))
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.post(URL, preview_data(body, notes_citing(source, count)))
        assert response.status_code == HTTPStatus.OK
        return len(captured)

    assert queries(1) == queries(50) <= 5


def test_the_preview_reads_all_sources_in_one_query(editor_client, django_assert_num_queries):
    sources = [SourceFactory() for _ in range(3)]
    notes = [{"label": f"n{k}", "source": s.pk} for k, s in enumerate(sources)]
    # The session, the user, their own and their groups' permissions, then all the sources.
    with django_assert_num_queries(5):
        editor_client.post(URL, preview_data("[^n0][^n1][^n2]", notes))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (preview_data("x", note_style="gothic"), "Select a valid choice"),
        ({"body": "x", "note_style": "arabic", "citation_style": "ibid"}, "ManagementForm data"),
        (preview_data("x", [{"label": "a", "source": "one"}]), "Note 1: Enter a whole number."),
        (preview_data("x", [{"label": "a" * 41}]), "Note 1: Ensure this value has at most 40"),
        (preview_data("x", [{"label": "a"}] * 501), "Please submit at most 500 forms."),
    ],
)
def test_bad_form_data_is_refused_with_a_clear_message(editor_client, data, message):
    response = editor_client.post(URL, data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.text


def test_an_unknown_source_id_is_a_note_without_a_source(editor_client):
    response = editor_client.post(URL, preview_data("A.[^a]", [{"label": "a", "source": 999999}]))
    assert response.status_code == HTTPStatus.OK
    assert "Notes not written yet, shown as typed: [^a]." in response.text


@pytest.mark.parametrize("who", ["anonymous", "moderator"])
def test_only_staff_who_may_change_essays_get_a_preview(client, moderator, who):
    if who == "moderator":
        client.force_login(moderator)
    response = client.post(URL, preview_data("Hello"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_preview_is_post_only_never_cached_and_not_indexed(editor_client):
    assert editor_client.get(URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = editor_client.post(URL, preview_data("Hello"))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_preview_refuses_a_post_without_the_csrf_token(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(URL, preview_data("Hello")).status_code == HTTPStatus.FORBIDDEN
