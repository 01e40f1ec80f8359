"""Sources without typing, in Debian's Chromium: Insert note adds a source from a DOI against a
local Crossref-format server; the Source add form fills in, saves on Enter, and passes axe."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from essays.models import Source
from tests.browser import test_essay_editor
from tests.browser.test_essay_editor import PASSWORD
from tests.essays.sources_server import DATA, DOI, serving_sources  # noqa: F401 (the sources_server fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Fixtures shared with the essay editor's tests: the essay with its editor, and its page.
writing = test_essay_editor.writing
open_form = test_essay_editor.open_form

TITLE = "Sharing a River in Drought: Allocation Rules on the Meran Basin"


def test_insert_note_adds_a_source_from_a_doi_in_one_step(open_form, writing, sources_server):
    _, essay = writing
    page = open_form()
    body = page.locator("#id_body")
    body.click()
    body.press("Control+End")
    body.press_sequentially(" Rules were agreed.")
    body.press("Control+Alt+n")
    dialog = page.get_by_role("dialog", name="Insert a note")

    dialog.get_by_label("Or add one from a DOI, ISBN or URL").fill(f"doi:{DOI}")
    dialog.get_by_label("Or add one from a DOI, ISBN or URL").press("Enter")

    expect(dialog.locator("[data-role=error]")).to_contain_text("Added “Sharing a River")
    source = Source.objects.get(doi=DOI)
    expect(dialog.get_by_label("Source", exact=True)).to_have_value(str(source.pk))
    dialog.get_by_label("Page or section").fill("1023")
    dialog.get_by_role("button", name="Insert note").click()

    expect(body).to_have_value(
        "The dam holds back a third of the flow.[^dam]\n\nA second paragraph."
        " Rules were agreed.[^1]"
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    note = essay.footnotes.get(label="1")
    assert (note.source.title, note.pinpoint) == (TITLE, "1023")


def test_a_failed_lookup_in_the_dialog_says_why_and_keeps_the_dialog(
    browser, writing, sources_server
):
    # Not open_form: it fails a test on any 4xx answer, and this lookup's 404 is the point.
    server, essay = writing
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    log_in(page, server, reverse("admin:essays_essay_change", args=[essay.pk]))
    page.get_by_role("button", name="Insert note").click()
    dialog = page.get_by_role("dialog", name="Insert a note")
    dialog.get_by_label("Or add one from a DOI, ISBN or URL").fill("10.5555/missing")
    dialog.get_by_role("button", name="Look up").click()
    expect(dialog.locator("[data-role=error]")).to_contain_text("Crossref has no record")
    expect(dialog).to_be_visible()
    assert Source.objects.filter(doi="10.5555/missing").count() == 0
    assert not script_errors
    context.close()


def log_in(page, server, then: str) -> None:
    page.set_default_timeout(10_000)
    page.goto(f"{server.url}{reverse('admin:login')}?next={then}")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def source_form(browser, writing, sources_server):
    """The Source add form, logged in as the editor."""
    server, _ = writing
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, server, reverse("admin:essays_source_add"))
    expect(page.get_by_label("DOI, ISBN or URL:")).to_be_visible()
    yield page
    context.close()


def test_fill_in_works_and_enter_in_another_field_saves(source_form):
    page = source_form
    page.get_by_label("DOI, ISBN or URL:").fill(DOI)
    page.get_by_role("button", name="Fill in").click()
    expect(page.get_by_label("Title:", exact=True)).to_have_value(TITLE)
    assert Source.objects.count() == 2  # the two the essay fixture made; nothing saved yet

    page.get_by_label("Short title:").press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Source.objects.get(doi=DOI).short_title == "Sharing a River"


def test_the_source_add_form_has_no_accessibility_violations(source_form, axe):
    violations = axe(source_form)
    assert not violations, "\n".join(violations)
    source_form.get_by_label("DOI, ISBN or URL:").fill("10.5555/down")
    source_form.get_by_role("button", name="Fill in").click()
    expect(source_form.locator(".source-lookup .errornote")).to_contain_text("HTTP 503")
    violations = axe(source_form)
    assert not violations, "\n".join(violations)


def test_the_import_preview_has_no_accessibility_violations_and_imports(browser, writing, axe):
    server, _ = writing
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, server, reverse("admin:essays_source_changelist"))
    page.get_by_role("link", name="Import from a file").click()
    assert not axe(page), "\n".join(axe(page))

    page.get_by_label("BibTeX or CSL-JSON file:").set_input_files(str(DATA / "zotero.bib"))
    page.get_by_role("button", name="Preview").click()
    table = page.get_by_role("table", name="Entries in the file")
    expect(table).to_contain_text("Unreadable:")
    expect(page.get_by_role("checkbox", name="Import haddad2019")).to_be_checked()
    violations = axe(page)
    assert not violations, "\n".join(violations)

    page.get_by_role("checkbox", name="Import aziz2023").uncheck()
    page.get_by_role("button", name="Import the chosen sources").click()
    expect(page.locator(".messagelist")).to_contain_text("3 sources were imported.")
    assert not Source.objects.filter(title__startswith="Upstream Dam Cuts River").exists()
    context.close()
