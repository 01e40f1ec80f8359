"""The counted journey, in Debian's Chromium: a new editor writes an essay with a hero image and
a figure from the media library and three notes (one source cited twice, so "Ibid." appears, one
new source filled from a DOI against the local Crossref-format server), previews it as they type
and schedules it, in at most 20 actions.

An action is what a person does once: a click (a double click is one), a field filled, a run of
keys typed, a key chord. Counted from the empty "Add essay" form, logged in; waiting for the page
is not an action. The publication's configuration is given: the new editor's login has an author
page (their byline), and the publication sets out repeated citations with Ibid.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from essays.models import Essay
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_editor_media import serve_media
from tests.browser.test_essay_editor import PASSWORD, horizontal_overflow
from tests.conftest import restore_roles
from tests.essays.sources_server import DOI, serving_sources  # noqa: F401 (the sources_server fixture)
from tests.factories import AuthorFactory, MediaItemFactory, SourceFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_ACTIONS = 20
ARTIFACTS = SCREENSHOTS.parent
WIDTHS = {"1280": (1280, 900), "390": (390, 844)}


class Actions:
    """Does what the editor does through Playwright, and writes each action down."""

    def __init__(self):
        self.log: list[str] = []

    def _count(self, what: str) -> None:
        self.log.append(what)

    def click(self, locator, what: str) -> None:
        self._count(f"click {what}")
        locator.click()

    def double_click(self, locator, what: str) -> None:
        self._count(f"double-click {what}")
        locator.dblclick()

    def fill(self, locator, value: str, what: str) -> None:
        self._count(f"fill {what}")
        locator.fill(value)

    def type(self, locator, text: str, what: str) -> None:
        self._count(f"type {what}")
        locator.press_sequentially(text)

    def press(self, locator, keys: str, what: str) -> None:
        self._count(f"press {keys} ({what})")
        locator.press(keys)


@pytest.fixture
def newsroom(live_server, media_root, settings, sources_server):
    """A new editor with a byline; a source cited before, and two pictures in the library."""
    restore_roles()
    settings.ESSAYS_DEFAULT_CITATION_STYLE = "ibid"
    editor = StaffFactory(username="new-editor", group="Editors")
    AuthorFactory(name="Ada Brook", user=editor)
    SourceFactory(title="The River Treaty of 1960", container="Delta Review", authors="Ana Ruiz")
    hero = MediaItemFactory(alt="The delta from the air", credit="Photo: Jo Lake")
    figure = MediaItemFactory(alt="A gauge at the weir", caption="The gauge in May")
    return live_server, hero, figure


@pytest.fixture
def logged_in(new_page, newsroom, media_root):
    """logged_in(width, path) -> a page on `path` (the empty essay form), logged in; not counted."""
    server = newsroom[0]

    def make(width: str = "1280", path: str = reverse("admin:essays_essay_add")):
        page = new_page("desktop" if width == "1280" else "phone")  # errors fail the test
        w, h = WIDTHS[width]
        page.set_viewport_size({"width": w, "height": h})
        serve_media(page, media_root)
        page.goto(f"{server.url}{reverse('admin:login')}?next={path}")
        page.fill("#id_username", "new-editor")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator(".editor")).to_be_visible()
        return page

    return make


def write_note(act: Actions, page, body, *, search: str = "", doi: str = "") -> None:
    """Ctrl+Alt+N, a source found by search or looked up from its DOI, Insert note."""
    act.press(body, "Control+Alt+n", "insert a note")
    dialog = page.get_by_role("dialog", name="Insert a note")
    source = dialog.get_by_label("Source", exact=True)
    if doi:
        lookup = dialog.get_by_label("Or add one from a DOI, ISBN or URL")
        act.fill(lookup, f"doi:{doi}", "the DOI")
        act.press(lookup, "Enter", "look it up")
        expect(dialog.locator("[data-role=error]")).to_contain_text("Added “")
    else:
        act.fill(dialog.get_by_label("Find a source"), search, "the source search")
        expect(source).not_to_have_value("")
    act.click(dialog.get_by_role("button", name="Insert note"), "Insert note")
    expect(dialog).to_be_hidden()


def pick_image(act: Actions, page, alt: str) -> None:
    dialog = page.locator("#media-dialog")
    act.double_click(dialog.get_by_label(alt), f"the picture “{alt}”")
    expect(dialog).to_be_hidden()


def test_a_new_editor_writes_cites_illustrates_and_schedules_in_20_actions(logged_in, newsroom):
    _, hero, figure = newsroom
    page = logged_in("1280")
    act = Actions()
    body = page.locator("#id_body")
    when = timezone.localtime() + datetime.timedelta(days=7)

    act.fill(page.get_by_label("Title:"), "Arithmetic of a shared river", "the title")
    act.type(body, "The river carries a third less water than in 1960.", "the first sentence")
    write_note(act, page, body, search="treaty")
    act.type(body, " Each state took what it needed.", "the second sentence")
    write_note(act, page, body, search="treaty")
    act.type(body, " Drought rules came later.", "the third sentence")
    write_note(act, page, body, doi=DOI)
    act.press(body, "Control+Alt+m", "insert an image")
    pick_image(act, page, figure.alt)
    act.click(page.get_by_role("button", name="Choose from the library…"), "the hero button")
    pick_image(act, page, hero.alt)

    # The preview beside the text, as readers will get it: the figure, three notes, Ibid.
    preview = page.locator(".essay-preview")
    expect(preview.locator("figure img")).to_have_attribute("alt", figure.alt)
    expect(preview.locator(".notes li")).to_have_count(3)
    expect(preview.locator(".notes")).to_contain_text("Ibid.")
    expect(preview.locator(".notes")).to_contain_text("Sharing a River in Drought")
    save_form_screenshot(page, "1280")

    act.fill(page.locator("#id_publish_at_0"), f"{when:%Y-%m-%d}", "the publish date")
    act.click(page.get_by_role("button", name="Schedule"), "Schedule")

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    essay = Essay.objects.get(slug="arithmetic-of-a-shared-river")
    assert essay.state == Essay.State.SCHEDULED
    assert essay.authors.get().name == "Ada Brook" and essay.hero_media == hero
    assert essay.body_html.count("<figure") == 1 and essay.footnotes.count() == 3
    assert "Ibid." in essay.notes_html and "Sharing a River in Drought" in essay.notes_html
    write_report(act)
    assert len(act.log) <= MAX_ACTIONS, "\n".join(act.log)

    phone = logged_in("390", reverse("admin:essays_essay_change", args=[essay.pk]))
    save_form_screenshot(phone, "390")
    assert horizontal_overflow(phone) == 0


def save_form_screenshot(page, width: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"editor-journey-{width}.png", full_page=True)


def write_report(act: Actions) -> None:
    lines = [f"{n}. {what}" for n, what in enumerate(act.log, start=1)]
    report = f"{len(act.log)} actions (at most {MAX_ACTIONS}):\n" + "\n".join(lines) + "\n"
    Path(ARTIFACTS / "editor-journey-actions.txt").write_text(report)
    print(report)
