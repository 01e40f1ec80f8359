"""The archive lists titles by month with counts; the Feed link leads to a page about feeds."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from essays.models import Essay
from tests.factories import EssayFactory, TopicFactory

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def essays():
    return {
        "march-a": EssayFactory(title="Floods in March", publish_at=at(2024, 3, 20)),
        "march-b": EssayFactory(title="Gauges in March", publish_at=at(2024, 3, 2)),
        "january": EssayFactory(title="A January essay", publish_at=at(2024, 1, 9)),
        "draft": EssayFactory(
            title="A draft", status=Essay.Status.DRAFT, publish_at=at(2024, 3, 5)
        ),
        "future": EssayFactory(
            title="Not yet", publish_at=timezone.now() + datetime.timedelta(days=3)
        ),
    }


def test_the_archive_lists_each_month_with_its_count_and_titles_newest_first(client, essays):
    html = client.get(reverse("essays:archive")).content.decode()
    march, january = html.index("March 2024"), html.index("January 2024")
    assert march < january
    assert "2 essays" in html[march:january] and "1 essay<" in html[january:]
    titles = [html.index(essays[key].title) for key in ("march-a", "march-b", "january")]
    assert titles == sorted(titles) and march < titles[0] < january < titles[2]
    assert "A draft" not in html and "Not yet" not in html
    assert reverse("essays:archive-month", args=[2024, "03"]) in html


def test_a_month_split_across_pages_keeps_its_whole_count(client, settings):
    for day in range(1, 4):
        EssayFactory(publish_at=at(2024, 5, day))
    response = client.get(reverse("essays:archive"), {"page": 1})
    assert response.context["months"][0].count == 3
    assert len(response.context["months"][0].essays) == 3


def test_the_archive_costs_a_fixed_number_of_queries(client, essays, django_assert_max_num_queries):
    with django_assert_max_num_queries(7) as few:
        client.get(reverse("essays:archive"))
    for day in range(1, 20):
        EssayFactory(publish_at=at(2023, 1 + day % 12, day))
    with django_assert_max_num_queries(7) as many:
        client.get(reverse("essays:archive"))
    assert len(few) == len(many)


def test_the_feed_link_opens_a_page_with_the_feed_addresses(client, settings, essays):
    topic = TopicFactory(name="Water", slug="water")
    essays["january"].topics.add(topic)
    index = client.get(reverse("essays:index")).content.decode()
    assert f'href="{reverse("essays:feeds")}">Feed</a>' in index

    response = client.get(reverse("essays:feeds"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert settings.SITE_URL + reverse("essays:rss") in html
    assert settings.SITE_URL + reverse("essays:atom") in html
    assert reverse("essays:topic-rss", args=["water"]) in html
    assert settings.SITE_URL + reverse("comments:feed") in html
    assert 'aria-current="page">Feed</a>' in html


def test_the_feeds_themselves_stay_at_their_addresses(client, essays):
    response = client.get(reverse("essays:rss"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/rss+xml")
