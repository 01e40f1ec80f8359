"""Feeds carry the notes once, as the list: feed readers drop `hidden`, so no sidenotes."""

import feedparser
import pytest
from django.urls import reverse

from tests.factories import EssayFactory, FootnoteFactory

pytestmark = pytest.mark.django_db


def test_a_feed_item_has_its_notes_once_and_no_sidenotes(client):
    essay = EssayFactory(body="A claim.[^1]")
    FootnoteFactory(essay=essay, label="1", source=None, commentary="A remark on the claim.")
    essay.save()
    assert 'class="sidenote"' in essay.body_html
    feed = feedparser.parse(client.get(reverse("essays:rss")).content)
    description = feed.entries[0].description
    assert "sidenote" not in description
    assert description.count("A remark on the claim.") == 1
