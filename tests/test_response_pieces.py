"""Every reader page and feed leaves the app as one piece of bytes: a body in hundreds of
pieces is written to the socket piece by piece (Django's XML writer left feeds in ~800, and
a cached feed took 5.5 ms under gunicorn instead of 1.3)."""

import pytest
from django.test import Client
from django.urls import resolve, reverse

from pages.middleware import SHARED_VIEWS
from tests.publication import feed_urls, publication_essay
from tests.test_personal_page import remembered

pytestmark = pytest.mark.django_db


def reader_urls(essay) -> list[str]:
    month = essay.publish_at
    return [
        *feed_urls(essay),
        reverse("essays:index"),
        reverse("essays:topics"),
        reverse("essays:topic", kwargs={"slug": "water"}),
        reverse("essays:author", kwargs={"slug": "ada"}),
        reverse("essays:archive"),
        reverse("essays:archive-month", kwargs={"year": month.year, "month": month.month}),
        essay.get_absolute_url(),
    ]


def test_the_sweep_covers_every_shared_view():
    essay = publication_essay()
    names = {resolve(url).view_name for url in reader_urls(essay)}
    assert names >= SHARED_VIEWS


@pytest.mark.parametrize("reader", ["anonymous", "with a cookie of their own"])
def test_every_reader_page_is_one_piece_rendered_and_cached(reader):
    essay = publication_essay()
    client = Client() if reader == "anonymous" else remembered(Client())
    Client().get(essay.get_absolute_url())  # the shared essay page the personal one is made from
    for url in reader_urls(essay):
        for attempt in ("rendered", "again"):
            response = client.get(url)
            assert response.status_code == 200, url
            pieces = list(response)
            assert len(pieces) == 1, f"{url} ({attempt}): {len(pieces)} pieces"
