"""The commenter's address comes from our proxies, never from what the client wrote."""

from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.urls import reverse

from comments.client_ip import client_ip, ip_group
from comments.models import BlockedCommenter, Comment
from tests.comments.test_posting import form_data

pytestmark = pytest.mark.django_db
XFF = "HTTP_X_FORWARDED_FOR"


@pytest.fixture
def behind_nginx(settings):
    settings.CLIENT_IP_HEADER = XFF
    settings.CLIENT_IP_PROXY_COUNT = 1
    settings.CLIENT_IP_TRUSTED_PROXIES = []
    return settings


def ip_of(remote="127.0.0.1", **meta) -> str | None:
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **meta))


def test_without_a_proxy_header_the_peer_address_is_used(settings):
    settings.CLIENT_IP_HEADER = ""
    assert ip_of("203.0.113.9", **{XFF: "198.51.100.1"}) == "203.0.113.9"


def test_the_address_nginx_appended_wins_over_what_the_client_wrote(behind_nginx):
    # nginx's $proxy_add_x_forwarded_for: "<client's own header>, <address nginx saw>".
    assert ip_of(**{XFF: "1.2.3.4, 203.0.113.50"}) == "203.0.113.50"
    assert ip_of(**{XFF: "203.0.113.50"}) == "203.0.113.50"


def test_two_trusted_proxies_are_skipped_by_count(behind_nginx):
    behind_nginx.CLIENT_IP_PROXY_COUNT = 2
    assert ip_of(**{XFF: "6.6.6.6, 203.0.113.50, 198.51.100.77"}) == "203.0.113.50"


def test_trusted_proxy_networks_are_skipped_from_the_right(behind_nginx):
    behind_nginx.CLIENT_IP_TRUSTED_PROXIES = ["198.51.100.0/24", "10.0.0.0/8"]
    header = "6.6.6.6, 203.0.113.50, 198.51.100.77, 10.1.2.3"
    assert ip_of(**{XFF: header}) == "203.0.113.50"


@pytest.mark.parametrize(
    "header",
    ["not-an-ip", "1.2.3.4:5555", "[2001:db8::1]:80", "", " , ", "999.1.1.1", "fe80::1%eth0",
     "1.2.3.4, junk", "١٢٣.١.١.١", "0x7f.1", "\x00", "a" * 5000],
)  # fmt: skip
def test_a_malformed_header_falls_back_to_the_peer_address(behind_nginx, header, caplog):
    assert ip_of("203.0.113.9", **{XFF: header}) == "203.0.113.9"


def test_bracketed_and_mapped_addresses_are_normalised(behind_nginx):
    assert ip_of(**{XFF: "[2001:db8::1]"}) == "2001:db8::1"
    assert ip_of(**{XFF: "::ffff:203.0.113.5"}) == "203.0.113.5"
    assert ip_of("::ffff:198.51.100.2") == "198.51.100.2"


def test_ipv6_senders_are_grouped_by_64():
    assert (
        ip_group("2001:db8:1:2:aaaa::1") == ip_group("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    )
    assert ip_group("2001:db8:1:3::1") != ip_group("2001:db8:1:2::1")
    assert ip_group("203.0.113.5") == "203.0.113.5"
    assert ip_group(None) == ip_group("junk") == ""


def post(client, essay, **meta):
    return client.post(reverse("comments:post", args=[essay.slug]), form_data(essay), **meta)


@pytest.mark.parametrize(
    "header", ["not-an-ip", "1.2.3.4:5555", "[2001:db8::1]", "2001:db8::1, x", "\u00b2"]
)
def test_posting_with_any_forwarded_header_never_fails_with_a_server_error(
    client, essay, behind_nginx, header
):
    response = post(client, essay, REMOTE_ADDR="127.0.0.1", **{XFF: header})
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().ip_address in {"127.0.0.1", "2001:db8::1"}


def test_a_spoofed_first_entry_cannot_escape_flood_control(client, essay, behind_nginx):
    behind_nginx.COMMENTS_FLOOD_SECONDS = 60
    first = post(client, essay, **{XFF: "1.1.1.1, 203.0.113.50"})
    data = form_data(essay, body="A second, different remark.")
    url = reverse("comments:post", args=[essay.slug])
    second = client.post(url, data, **{XFF: "2.2.2.2, 203.0.113.50"})
    assert (first.status_code, second.status_code) == (HTTPStatus.FOUND, 429)


def test_flood_control_counts_an_ipv6_64_as_one_sender(client, essay, settings):
    settings.COMMENTS_FLOOD_SECONDS = 60
    assert post(client, essay, REMOTE_ADDR="2001:db8:1:2::1").status_code == HTTPStatus.FOUND
    data = form_data(essay, body="From the neighbouring address of the same /64.")
    url = reverse("comments:post", args=[essay.slug])
    response = client.post(url, data, REMOTE_ADDR="2001:db8:1:2:ffff::7")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_block_on_an_ipv6_range_covers_its_64(client, essay, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    BlockedCommenter.objects.create(ip_range="2001:db8:9:9::/64")
    post(client, essay, REMOTE_ADDR="2001:db8:9:9:abcd::2")
    assert Comment.objects.get().status == Comment.Status.SPAM
