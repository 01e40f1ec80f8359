"""The Source admin: Fill in on the add form (no JavaScript), the JSON lookup Insert note calls,
and importing a file; who may use them."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from essays.models import Source
from tests.essays.sources_server import DOI, serving_sources  # noqa: F401 (the sources_server fixture)
from tests.factories import SourceFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:essays_source_add")
LOOKUP = reverse("admin:essays_source_lookup")
IMPORT = reverse("admin:essays_source_import")
BIB = Path(__file__).resolve().parents[1] / "data" / "sources" / "zotero.bib"


def fill(client, text, **typed):
    return client.post(ADD, {"lookup": text, "_fill": "1", **typed})


def test_the_add_form_offers_fill_in_from_a_doi_isbn_or_url(editor_client):
    page = editor_client.get(ADD).text
    assert 'name="lookup"' in page
    assert 'name="_fill"' in page


def test_fill_in_fills_the_form_from_crossref_and_saves_nothing(editor_client, sources_server):
    response = fill(editor_client, f"doi:{DOI}")

    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert not form.is_bound
    assert (
        form.initial["title"] == "Sharing a River in Drought: Allocation Rules on the Meran Basin"
    )
    assert form.initial["kind"] == "journal"
    assert form.initial["doi"] == DOI
    assert form.initial["published_on"] == "2019-04-20"
    assert "Amal Haddad\nPieter van der Berg" in form.initial["authors"]
    assert "Filled in from Crossref" in response.text
    assert Source.objects.count() == 0


def test_fill_in_keeps_what_the_editor_typed_where_the_lookup_has_nothing(
    editor_client, sources_server
):
    response = fill(editor_client, DOI, archived_url="https://archive.example/x", title="Typed")
    form = response.context["adminform"].form
    assert form.initial["archived_url"] == "https://archive.example/x"
    assert form.initial["title"].startswith("Sharing a River")  # found wins where found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste a DOI, an ISBN or a URL first."),
        ("not an identifier", "is not a DOI"),
        ("10.5555/down", "Crossref answered HTTP 503"),
        ("http://169.254.169.254/latest/", "Only public web addresses can be looked up"),
    ],
)
def test_a_failed_fill_in_says_why_and_loses_nothing_typed(
    editor_client, sources_server, text, message
):
    response = fill(editor_client, text, title="My own title", authors="Ada Lovelace")
    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    form = response.context["adminform"].form
    assert (form.initial["title"], form.initial["authors"]) == ("My own title", "Ada Lovelace")
    assert Source.objects.count() == 0


def test_fill_in_offers_the_stored_source_instead_of_a_copy(editor_client, sources_server):
    stored = SourceFactory(doi=DOI, title="Sharing a River in Drought")
    response = fill(editor_client, DOI)
    assert "This source is already stored" in response.text
    assert reverse("admin:essays_source_change", args=[stored.pk]) in response.text


def test_in_the_new_source_pop_up_the_stored_source_can_be_chosen(editor_client, sources_server):
    stored = SourceFactory(doi=DOI, title="Sharing a River in Drought")
    response = editor_client.post(
        f"{ADD}?_to_field=id&_popup=1", {"lookup": DOI, "_fill": "1", "_popup": "1"}
    )
    use = reverse("admin:essays_source_use", args=[stored.pk])
    assert f"{use}?_popup=1&amp;_to_field=id" in response.text

    chosen = editor_client.get(f"{use}?_popup=1&_to_field=id")
    assert chosen.status_code == HTTPStatus.OK
    assert f'"value": "{stored.pk}"' in chosen.context["popup_response_data"]


def test_choosing_a_missing_source_is_not_found(editor_client):
    response = editor_client.get(reverse("admin:essays_source_use", args=[999999]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_lookup_creates_a_source_then_finds_it(editor_client, sources_server):
    first = editor_client.post(LOOKUP, {"q": f"https://doi.org/{DOI}"})
    assert first.status_code == HTTPStatus.CREATED
    answer = first.json()
    source = Source.objects.get(pk=answer["id"])
    assert answer["created"] is True
    assert answer["text"] == str(source)
    assert (source.doi, source.kind, source.short_title) == (DOI, "journal", "Sharing a River")

    again = editor_client.post(LOOKUP, {"q": DOI.upper()})
    assert again.status_code == HTTPStatus.OK
    assert again.json() | {"created": None} == answer | {"created": None}
    assert again.json()["created"] is False
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("10.5555/missing", HTTPStatus.NOT_FOUND),
        ("10.5555/down", HTTPStatus.BAD_GATEWAY),
        ("10.5555/garbled", HTTPStatus.BAD_GATEWAY),
        ("hello", HTTPStatus.UNPROCESSABLE_ENTITY),
        ("http://10.1.2.3/", HTTPStatus.UNPROCESSABLE_ENTITY),
    ],
)
def test_a_failed_lookup_answers_with_a_status_and_a_message(
    editor_client, sources_server, text, status
):
    response = editor_client.post(LOOKUP, {"q": text})
    assert response.status_code == status
    assert response.json()["error"]
    assert Source.objects.count() == 0


def test_the_lookup_query_budget(editor_client, sources_server, django_assert_max_num_queries):
    SourceFactory.create_batch(10)
    # Session, user and two permission queries; one matching query; then full_clean's
    # constraint checks, each in a savepoint (12 statements), and the insert.
    with django_assert_max_num_queries(18):
        response = editor_client.post(LOOKUP, {"q": DOI})
    assert response.status_code == HTTPStatus.CREATED
    with django_assert_max_num_queries(5):  # a match: the four, then the matching query
        assert editor_client.post(LOOKUP, {"q": DOI}).status_code == HTTPStatus.OK


def test_the_lookup_takes_post_only(editor_client):
    assert editor_client.get(LOOKUP).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_lookup_needs_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(LOOKUP, {"q": DOI}).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("url", [LOOKUP, IMPORT, reverse("admin:essays_source_use", args=[1])])
def test_a_moderator_cannot_look_up_choose_or_import(moderator_client, url):
    SourceFactory(pk=1)
    response = moderator_client.post(url, {"q": DOI})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Source.objects.count() == 1


def test_staff_who_may_view_sources_but_not_add_cannot_look_up(client):
    viewer = StaffFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_source"))
    client.force_login(viewer)
    assert client.post(LOOKUP, {"q": DOI}).status_code == HTTPStatus.FORBIDDEN
    assert client.post(ADD, {"lookup": DOI, "_fill": "1"}).status_code == HTTPStatus.FORBIDDEN


def test_a_visitor_is_sent_to_log_in(client):
    response = client.post(LOOKUP, {"q": DOI})
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]


def test_the_source_list_links_to_the_import(editor_client):
    assert IMPORT in editor_client.get(reverse("admin:essays_source_changelist")).text


def test_importing_a_file_previews_then_imports_the_chosen(editor_client):
    SourceFactory(doi="10.1007/s11269-019-02251-7", title="Stored already")
    with BIB.open("rb") as upload:
        preview = editor_client.post(IMPORT, {"file": upload})
    assert preview.status_code == HTTPStatus.OK
    rows = {row.entry.label: row for row in preview.context["rows"]}
    assert rows["haddad2019"].status == "exists"
    assert "Unreadable:" in preview.text
    assert "Repeats dostoyevsky2003 earlier in the file" in preview.text
    chosen = [str(rows["dostoyevsky2003"].position), str(rows["aziz2023"].position)]

    done = editor_client.post(IMPORT, {"payload": preview.context["payload"], "choose": chosen})

    assert done.status_code == HTTPStatus.FOUND
    titles = set(Source.objects.values_list("title", flat=True))
    assert titles == {
        "Stored already",
        "Crime and Punishment",
        "Upstream Dam Cuts River Flow by a Third",
    }


def test_an_altered_preview_imports_nothing(editor_client):
    with BIB.open("rb") as upload:
        preview = editor_client.post(IMPORT, {"file": upload})
    payload = preview.context["payload"]
    response = editor_client.post(
        IMPORT, {"payload": payload[:-3] + "abc", "choose": ["0"]}, follow=True
    )
    assert "The preview is too old or was altered" in response.text
    assert Source.objects.count() == 0


@pytest.mark.parametrize("choose", [["99"], ["١"], ["-1"], ["0x1"]])
def test_a_choice_outside_the_preview_imports_nothing(editor_client, choose):
    with BIB.open("rb") as upload:
        preview = editor_client.post(IMPORT, {"file": upload})
    editor_client.post(IMPORT, {"payload": preview.context["payload"], "choose": choose})
    assert Source.objects.count() == 0


def test_an_unreadable_upload_is_refused_with_the_reason(editor_client, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("{not json")
    with path.open("rb") as upload:
        response = editor_client.post(IMPORT, {"file": upload})
    assert response.status_code == HTTPStatus.OK
    assert "notes.json is not valid JSON" in response.text


@pytest.mark.parametrize(
    "text",
    ["\x00", "10.1234/\x00", "https://exa\x00mple.com/", "x" * 5000,
     "https://" + "a." * 200 + "com", "978-0-14-044913-6\n<script>",
     "http://user:pass@example.com/", "\u202e10.1234/abc"],
)  # fmt: skip
def test_hostile_text_gets_an_answer_not_a_server_error(editor_client, settings, text):
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    settings.CROSSREF_API_URL = settings.OPENLIBRARY_URL = "http://127.0.0.1:9"  # refused
    response = editor_client.post(LOOKUP, {"q": text})
    assert response.status_code in {HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY,
                                    HTTPStatus.BAD_GATEWAY}  # fmt: skip
    assert response.json()["error"]
    filled = editor_client.post(ADD, {"lookup": text, "_fill": "1"})
    assert filled.status_code == HTTPStatus.OK
    assert Source.objects.count() == 0


def test_fill_in_needs_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(ADD, {"lookup": DOI, "_fill": "1"}).status_code == HTTPStatus.FORBIDDEN


def source_form(**fields) -> dict:
    return {"kind": "book", "title": "Crime and Punishment", "date_precision": "year"} | fields


def test_the_form_stores_a_doi_and_isbn_typed_in_any_common_form(editor_client):
    response = editor_client.post(
        ADD, source_form(doi="https://doi.org/10.5555/ABC.1", isbn="0-14-044913-2")
    )
    assert response.status_code == HTTPStatus.FOUND
    source = Source.objects.get()
    assert (source.doi, source.isbn) == ("10.5555/abc.1", "9780140449136")


def test_the_form_names_a_wrong_isbn_or_doi(editor_client):
    response = editor_client.post(ADD, source_form(isbn="0-14-044913-3", doi="11.1/x"))
    errors = response.context["adminform"].form.errors
    assert errors["isbn"] == ["This ISBN's check digit is wrong: check the number."]
    assert "A DOI starts with 10." in errors["doi"][0]
    assert Source.objects.count() == 0


def test_an_upload_over_5_mb_is_refused_before_it_is_read(editor_client, tmp_path):
    path = tmp_path / "huge.bib"
    path.write_bytes(b"%" * (5 * 1024 * 1024 + 1))
    with path.open("rb") as upload:
        response = editor_client.post(IMPORT, {"file": upload})
    assert "The file is over 5 MB: export a collection instead." in response.text
    assert "rows" not in response.context
