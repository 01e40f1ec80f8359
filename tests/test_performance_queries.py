"""Reader pages and feeds run a fixed number of queries, however much there is to show."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(captured)


def add_comments(essay, count: int) -> None:
    Comment.objects.bulk_create(
        Comment(
            essay=essay,
            author_name=f"Reader {n}",
            author_email=f"r{n}@example.com",
            body=f"Remark {n}",
            body_html=f"<p>Remark {n}</p>",
            body_hash=f"{essay.pk}-{n}",
            status=Comment.Status.APPROVED,
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    "url",
    [
        reverse("essays:index"),
        reverse("essays:rss"),
        reverse("essays:atom"),
        reverse("comments:feed"),
    ],
)
def test_reader_pages_and_feeds_do_not_grow_with_content(client, url):
    essay = EssayFactory()
    add_comments(essay, 3)
    few = queries_for(client, url)
    for _ in range(20):
        add_comments(EssayFactory(), 3)
    assert queries_for(client, url) == few


def test_essay_comments_feed_does_not_grow_with_comments(client):
    essay = EssayFactory()
    url = reverse("comments:essay-feed", args=[essay.slug])
    add_comments(essay, 2)
    few = queries_for(client, url)
    add_comments(EssayFactory(slug="other"), 0)
    Comment.objects.filter(essay=essay).delete()
    add_comments(essay, 60)
    assert queries_for(client, url) == few
