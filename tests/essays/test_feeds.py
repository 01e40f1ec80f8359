import datetime
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from essays.models import Essay
from tests.factories import AuthorFactory, EssayFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    topic, author = TopicFactory(slug="water"), AuthorFactory(slug="ada")
    visible = EssayFactory(title="Visible essay", topics=[topic], authors=[author])
    EssayFactory(title="Draft essay", status=Essay.Status.DRAFT, topics=[topic], authors=[author])
    EssayFactory(
        title="Future essay",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        topics=[topic],
        authors=[author],
    )
    return visible


FEEDS = [
    ("essays:rss", {}, "rss20"),
    ("essays:atom", {}, "atom10"),
    ("essays:topic-rss", {"slug": "water"}, "rss20"),
    ("essays:topic-atom", {"slug": "water"}, "atom10"),
    ("essays:author-rss", {"slug": "ada"}, "rss20"),
    ("essays:author-atom", {"slug": "ada"}, "atom10"),
]


@pytest.mark.parametrize(("name", "kwargs", "version"), FEEDS)
def test_feed_is_well_formed_and_lists_only_published_essays(
    client, publication, name, kwargs, version
):
    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == HTTPStatus.OK
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Visible essay"]
    assert feed.entries[0].link == "http://testserver" + publication.get_absolute_url()


def test_feed_carries_the_whole_body(client, publication):
    feed = feedparser.parse(client.get(reverse("essays:rss")).content)
    assert "second paragraph" in feed.entries[0].description


def test_feed_of_unknown_topic_is_404(client):
    assert client.get("/topics/nope/feed/rss/").status_code == HTTPStatus.NOT_FOUND


def test_sitemap_lists_only_published_essays(client, publication):
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    assert publication.get_absolute_url() in response.text
    for slug in Essay.objects.exclude(pk=publication.pk).values_list("slug", flat=True):
        assert f"/essays/{slug}/" not in response.text
    assert "/topics/water/" in response.text
    assert "/authors/ada/" in response.text
