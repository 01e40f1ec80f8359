"""The essay writing page in Debian's Chromium: live preview, shortcuts, Insert note, fit, axe."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from essays.models import Essay
from tests.browser.conftest import SCREENSHOTS, console_error, failed_resource
from tests.conftest import restore_roles
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def writing(live_server):
    """An editor and an essay citing one source, on the live server."""
    restore_roles()
    StaffFactory(username="desk-editor", group="Editors")
    source = SourceFactory(title="Upstream Dam Cuts Flow", container="Harbour Gazette")
    SourceFactory(title="The River Treaty of 1960", container="Delta Review")
    essay = EssayFactory(
        title="Arithmetic of a river",
        status=Essay.Status.DRAFT,
        body="The dam holds back a third of the flow.[^dam]\n\nA second paragraph.",
    )
    FootnoteFactory(essay=essay, label="dam", source=source, pinpoint="4")
    essay.save()
    return live_server, essay


@pytest.fixture
def open_form(browser, writing):
    """open_form(width="desktop"|"phone", scheme="light") -> the essay change page, logged in."""
    server, essay = writing
    contexts, errors = [], []
    auditing = []  # axe-core sets inline styles while it measures; CSP reports each one

    def console(message):
        if not (auditing and message.text.startswith("Applying inline style violates")):
            console_error(message, errors)

    def make(width: str = "desktop", scheme: str = "light"):
        w, h = WIDTHS[width]
        context = browser.new_context(
            viewport={"width": w, "height": h}, color_scheme=scheme, reduced_motion="reduce"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", console)
        page.on("response", lambda response: failed_resource(response, errors))
        change = reverse("admin:essays_essay_change", args=[essay.pk])
        page.goto(f"{server.url}{reverse('admin:login')}?next={change}")
        page.fill("#id_username", "desk-editor")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator(".editor")).to_be_visible()
        expect(page.locator(".editor-preview__meta")).to_contain_text("min read")
        return page

    make.auditing = auditing
    make.errors = errors  # a test expecting a refusal takes its own out
    yield make
    for context in contexts:
        context.close()
    assert not errors, f"errors in the page: {errors}"


def horizontal_overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_essay_form_has_no_horizontal_scroll(open_form, width):
    page = open_form(width)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"essay-form-{width}.png", full_page=True)
    assert horizontal_overflow(page) == 0


def test_the_preview_follows_the_typing_with_notes_and_word_count(open_form):
    page = open_form()
    preview = page.locator(".essay-preview")
    expect(preview.locator(".notes")).to_contain_text("Upstream Dam Cuts Flow")

    page.locator("#id_body").press("End")
    page.locator("#id_body").press_sequentially(" Fresh words here")

    expect(preview).to_contain_text("Fresh words here")
    expect(page.locator(".editor__count")).to_contain_text("15 words · 1 min read")


def test_shortcuts_wrap_the_selection(open_form):
    page = open_form()
    body = page.locator("#id_body")
    body.fill("plain")
    body.press("Control+a")
    body.press("Control+b")
    expect(body).to_have_value("**plain**")
    expect(page.locator(".essay-preview strong")).to_have_text("plain")


def test_insert_note_places_the_marker_and_its_row_with_source_and_page(open_form, writing):
    _, essay = writing
    page = open_form()
    body = page.locator("#id_body")
    body.click()
    body.press("Control+End")
    body.press_sequentially(" It was signed in 1960.")

    body.press("Control+Alt+n")
    dialog = page.get_by_role("dialog", name="Insert a note")
    dialog.get_by_label("Find a source").fill("treaty")
    expect(dialog.get_by_label("Source", exact=True)).to_have_value(
        str(essay.footnotes.get().source_id + 1)
    )
    dialog.get_by_label("Page or section").fill("12")
    dialog.get_by_role("button", name="Insert note").click()

    expect(body).to_have_value(
        "The dam holds back a third of the flow.[^dam]\n\nA second paragraph."
        " It was signed in 1960.[^1]"
    )
    expect(page.locator(".essay-preview .notes")).to_contain_text("The River Treaty of 1960")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    note = essay.footnotes.get(label="1")
    assert (note.source.title, note.pinpoint) == ("The River Treaty of 1960", "12")
    assert note.position == 2  # after [^dam], by first appearance


def test_on_a_phone_the_preview_is_a_view_of_its_own(open_form):
    page = open_form("phone")
    expect(page.locator(".editor__preview")).to_be_hidden()
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator(".editor__preview")).to_be_visible()
    expect(page.locator("#id_body")).to_be_hidden()
    assert horizontal_overflow(page) == 0


def audit(open_form, axe, page) -> list[str]:
    open_form.auditing.append(True)
    try:
        return axe(page)
    finally:
        open_form.auditing.clear()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_essay_form_has_no_accessibility_violations(open_form, axe, scheme):
    page = open_form(scheme=scheme)
    violations = audit(open_form, axe, page)
    assert not violations, "\n".join(violations)


def test_the_insert_note_dialog_has_no_accessibility_violations(open_form, axe):
    page = open_form()
    page.get_by_role("button", name="Insert note").click()
    expect(page.get_by_role("dialog", name="Insert a note")).to_be_visible()
    violations = audit(open_form, axe, page)
    assert not violations, "\n".join(violations)


def test_unsaved_text_is_kept_and_offered_back_and_leaving_asks_first(open_form, writing, axe):
    page = open_form()
    body = page.locator("#id_body")
    body.click()
    body.press("Control+End")
    body.press_sequentially(" Words that were never saved.")
    page.wait_for_function(
        "() => (localStorage.getItem(`marginalia-draft:${location.pathname}`) || '')"
        ".includes('never saved')"
    )

    asked = []

    def leave(dialog):
        asked.append(dialog.type)
        dialog.accept()

    page.once("dialog", leave)
    page.reload()

    assert asked == ["beforeunload"]
    assert "never saved" not in page.locator("#id_body").input_value()
    violations = audit(open_form, axe, page)
    assert not violations, "\n".join(violations)
    page.get_by_role("button", name="Restore it").click()
    expect(page.locator("#id_body")).to_have_value(
        "The dam holds back a third of the flow.[^dam]\n\nA second paragraph."
        " Words that were never saved."
    )
    expect(page.locator(".essay-preview")).to_contain_text("never saved")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.get_by_role("button", name="Restore it")).to_have_count(0)
    _, essay = writing
    essay.refresh_from_db()
    assert essay.body.endswith("Words that were never saved.")
