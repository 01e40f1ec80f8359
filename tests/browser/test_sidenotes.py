"""Sidenotes at 1,440 px, beside their markers and apart; popovers at 1,024 and 390 px."""

import itertools

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import ESSAY_SLUG, console_error

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"wide": 1440, "laptop": 1024, "phone": 390}
SCHEMES = ["light", "dark"]


@pytest.fixture
def sized_page(browser):
    """sized_page(width, javascript=True, color_scheme="light") -> a Page; errors fail the test."""
    contexts, errors = [], []

    def make(width: int, *, javascript: bool = True, color_scheme: str = "light"):
        phone = width < 600
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            is_mobile=phone,
            has_touch=phone,
            java_script_enabled=javascript,
            color_scheme=color_scheme,
            reduced_motion="reduce",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: console_error(message, errors))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"errors in the page: {errors}"


def open_essay(page, server):
    response = page.goto(server.url + reverse("essays:detail", kwargs={"slug": ESSAY_SLUG}))
    assert response.ok


def marker_and_sidenote_boxes(page) -> list[dict]:
    """For each marker in the body: its box, its line's top, its number, its sidenote's box."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.essay__body sup.noteref')].map(sup => {
            const side = sup.nextElementSibling;
            const line = sup.parentElement.getBoundingClientRect();
            const mark = sup.getBoundingClientRect();
            const box = side.getBoundingClientRect();
            return {
                number: sup.textContent.trim(),
                sideNumber: side.querySelector('.sidenote__number').textContent.trim(),
                markTop: mark.top + scrollY, markBottom: mark.bottom + scrollY,
                top: box.top + scrollY, bottom: box.bottom + scrollY,
                left: box.left, right: box.right, width: box.width,
                visible: side.offsetParent !== null,
                bodyRight: document.querySelector('.essay__body').getBoundingClientRect().right,
                lineHeight: parseFloat(getComputedStyle(sup.parentElement).lineHeight),
            };
        })"""
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_at_1440_each_note_is_in_the_margin_beside_its_marker_and_none_overlap(
    demo, sized_page, screenshots, javascript
):
    page = sized_page(WIDTHS["wide"], javascript=javascript)
    open_essay(page, demo)
    notes = marker_and_sidenote_boxes(page)
    assert len(notes) > 10
    previous_bottom = 0
    for note in notes:
        assert note["visible"], f"sidenote {note['number']} is not shown"
        assert note["sideNumber"] == note["number"]  # numbered as in the text
        assert note["left"] >= note["bodyRight"] + 16, "a sidenote sits on the text"
        assert note["right"] <= WIDTHS["wide"], "a sidenote runs off the screen"
        # Beside the marker's line; only a note above that runs long may push it down.
        assert note["top"] >= note["markTop"] - note["lineHeight"]
        if previous_bottom < note["markTop"] - note["lineHeight"]:
            assert note["top"] - note["markTop"] < note["lineHeight"], note
        previous_bottom = note["bottom"]
    for first, second in itertools.pairwise(notes):
        assert first["bottom"] <= second["top"], f"notes {first['number']} and {second['number']}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTHS["wide"], "the page scrolls sideways"
    if javascript:
        page.evaluate("window.scrollTo(0, document.querySelectorAll('sup.noteref')[2].offsetTop)")
        page.screenshot(path=screenshots / "sidenotes-1440.png")


def test_a_note_cited_twice_is_beside_both_markers_and_both_link_to_it(demo, sized_page):
    page = sized_page(WIDTHS["wide"])
    open_essay(page, demo)
    notes = marker_and_sidenote_boxes(page)
    numbers = [note["number"] for note in notes]
    repeated = next(number for number in numbers if numbers.count(number) > 1)
    places = [note for note in notes if note["number"] == repeated]
    assert all(place["visible"] for place in places)
    targets = page.evaluate(
        """number => [...document.querySelectorAll('.essay__body sup.noteref a')]
            .filter(link => link.textContent.trim() === number).map(link => link.hash)""",
        repeated,
    )
    assert len(targets) == len(places) > 1
    assert len(set(targets)) == 1 and page.locator(f"li{targets[0]}").count() == 1


def test_at_1440_a_focused_marker_opens_no_popover_over_its_sidenote(demo, sized_page):
    page = sized_page(WIDTHS["wide"])
    open_essay(page, demo)
    page.locator("sup.noteref a").first.focus()
    page.wait_for_timeout(400)  # longer than the popover's show delay
    expect(page.locator(".note-popover")).to_have_count(0)


@pytest.mark.parametrize("width", [WIDTHS["laptop"], WIDTHS["phone"]])
def test_narrower_screens_hide_the_sidenotes_and_open_the_note_in_a_popover(
    demo, sized_page, screenshots, width
):
    page = sized_page(width)
    open_essay(page, demo)
    assert not any(note["visible"] for note in marker_and_sidenote_boxes(page))
    marker = page.locator("sup.noteref a").nth(1)
    note = page.locator(marker.get_attribute("href"))
    if width < 600:
        marker.tap()
    else:
        marker.focus()
    popover = page.locator(".note-popover")
    expect(popover).to_be_visible()
    own = note.locator(".note-text").inner_text()
    assert popover.inner_text().split() == f"{marker.inner_text()} {own}".split()
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the popover overflows"
    page.screenshot(path=screenshots / f"notes-popover-{width}.png")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS.values())
def test_the_essay_has_no_accessibility_violations_at_each_width(
    demo, sized_page, axe, width, scheme
):
    page = sized_page(width, color_scheme=scheme)
    open_essay(page, demo)
    violations = axe(page)
    assert not violations, "\n".join(violations)
