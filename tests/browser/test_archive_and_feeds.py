"""The archive and the feeds page pass axe-core at a phone's width and a desktop's."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_archive_and_feeds_pages_have_no_accessibility_violations(
    demo, new_page, axe, viewport, scheme
):
    page = new_page(viewport, color_scheme=scheme)
    for name in ("essays:archive", "essays:feeds"):
        assert page.goto(demo.url + reverse(name)).ok
        violations = axe(page)
        assert not violations, f"{name}:\n" + "\n".join(violations)


def test_the_feed_link_in_the_header_leads_to_the_feeds_page(demo, new_page):
    page = new_page("desktop")
    page.goto(demo.url + reverse("essays:index"))
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Feed").click()
    expect(page).to_have_url(demo.url + reverse("essays:feeds"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Feeds")
    expect(page.locator(f'main a[href="{reverse("essays:rss")}"]')).to_have_count(1)
