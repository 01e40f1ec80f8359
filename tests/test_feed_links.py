"""Security tests: feeds and the sitemap name the site by SITE_URL, never by the Host header.

A feed or sitemap fetched under another host name that ALLOWED_HOSTS accepts (an old domain,
a bare IP, a proxy's internal name) must not hand readers and caches links to that host.
"""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.publication import feed_urls, publication_essay

pytestmark = pytest.mark.django_db

SITE_URL = "https://essays.example.org"
OTHER_HOST = "internal.example.net"


@pytest.fixture
def other_host(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]
    return OTHER_HOST


@pytest.fixture
def publication():
    return publication_essay()


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_feeds_and_sitemap_link_only_to_site_url_whatever_the_host_header(
    client, other_host, publication, secure
):
    for url in [*feed_urls(publication), reverse("sitemap")]:
        response = client.get(url, HTTP_HOST=other_host, secure=secure)

        assert response.status_code == HTTPStatus.OK, url
        assert other_host not in response.text, url
        # Every absolute URL but the namespaces that XML documents are named by.
        text = re.sub(r'xmlns(?::\w+)?="[^"]*"', "", response.text)
        absolute = re.findall(r"https?://[^\s\"'<]+", text)
        assert all(link.startswith(f"{SITE_URL}/") for link in absolute), (url, absolute)
        essay_url = f"{SITE_URL}{publication.get_absolute_url()}"
        assert any(link.startswith(essay_url) for link in absolute), url


def test_atom_feed_names_itself_by_site_url(client, other_host, publication):
    response = client.get(reverse("essays:atom"), HTTP_HOST=other_host)
    assert f'<link href="{SITE_URL}/feed/atom/" rel="self"' in response.text
    assert f"<id>{SITE_URL}/</id>" in response.text
