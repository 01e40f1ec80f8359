"""axe-core finds no WCAG 2.2 AA violation on the reader's pages, in either colour scheme."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import ESSAY_SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMES = ["light", "dark"]
PAGES = {
    "index": reverse("essays:index"),
    "essay": reverse("essays:detail", kwargs={"slug": ESSAY_SLUG}),
    "topic": reverse("essays:topic", kwargs={"slug": "water"}),
    "privacy": reverse("comments:privacy"),
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(demo, new_page, axe, name, scheme):
    page = new_page("desktop", color_scheme=scheme)
    response = page.goto(demo.url + PAGES[name])
    assert response.ok
    violations = axe(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_comment_form_with_errors_has_no_accessibility_violations(demo, new_page, axe, scheme):
    page = new_page("phone", color_scheme=scheme)
    page.goto(demo.url + PAGES["essay"] + "#respond")
    page.fill("#id_author_email", "not an address")
    page.click("#respond button[type=submit]")
    expect(page.locator("#error-summary")).to_be_focused()

    violations = axe(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_essay_with_a_note_open_has_no_accessibility_violations(demo, new_page, axe, scheme):
    page = new_page("phone", color_scheme=scheme)
    page.goto(demo.url + PAGES["essay"])
    page.locator("sup.noteref a").first.focus()
    expect(page.locator(".note-popover")).to_be_visible()

    violations = axe(page)
    assert not violations, "\n".join(violations)
