"""A note's popover shows exactly that note's text, "Ibid." notes included."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from essays.models import Essay
from tests.browser.conftest import ESSAY_SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ibid_popover_shows_only_its_own_note_and_page(demo, new_page):
    essay = Essay.objects.get(slug=ESSAY_SLUG)
    essay.citation_style = Essay.CitationStyle.IBID
    essay.save()
    page = new_page("desktop")
    page.goto(demo.url + reverse("essays:detail", kwargs={"slug": ESSAY_SLUG}))
    ibid = page.locator(".notes-list li", has_text="Ibid.,").first
    note_id = ibid.get_attribute("id")
    own_text = ibid.locator(".note-text").inner_text()
    assert own_text.startswith("Ibid., ")

    page.locator(f'sup.noteref a[href="#{note_id}"]').first.focus()
    popover = page.locator(".note-popover")
    expect(popover).to_be_visible()
    number = ibid.locator(".note-number").inner_text()
    assert popover.inner_text().split() == f"{number} {own_text}".split()
