"""The commenter's IP address, read from what a trusted proxy wrote, never from the client.

Behind nginx, `X-Forwarded-For` is `<whatever the client sent>, <address nginx saw>`: only
entries appended by our own proxies can be believed, so the address is taken from the
right. A malformed value falls back to REMOTE_ADDR (logged), never to an error page.
"""

from __future__ import annotations

import functools
import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 hands each subscriber a /64 at least: flood control and blocks treat it as one address.
IPV6_GROUP_PREFIX = 64


def parse_ip(value: str) -> IPAddress | None:
    """An address as written in a header (brackets allowed around IPv6), or None."""
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped  # ::ffff:192.0.2.1 is 192.0.2.1
    if address.version == 6 and address.scope_id:
        return None
    return address


@functools.cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def _from_header(value: str) -> IPAddress | None:
    """The client's address in a forwarding header; None when the header is malformed."""
    entries = [entry.strip() for entry in value.split(",")]
    trusted = _trusted_networks(tuple(settings.CLIENT_IP_TRUSTED_PROXIES))
    if trusted:
        for entry in reversed(entries):
            address = parse_ip(entry)
            if address is None or not any(address in network for network in trusted):
                return address
        return None
    if len(entries) < settings.CLIENT_IP_PROXY_COUNT:
        return None
    return parse_ip(entries[-settings.CLIENT_IP_PROXY_COUNT])


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as text, normalised; None when even REMOTE_ADDR is unusable."""
    remote = parse_ip(request.META.get("REMOTE_ADDR", ""))
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        forwarded = _from_header(request.META[header])
        if forwarded is not None:
            return str(forwarded)
        logger.warning(
            "Ignoring a malformed %s (%.100r); using REMOTE_ADDR.", header, request.META[header]
        )
    return str(remote) if remote else None


def ip_group(ip_address: str | None) -> str:
    """What flood control and blocks count as one sender: an IPv4 address, or an IPv6 /64."""
    address = parse_ip(ip_address or "")
    if address is None:
        return ""
    if address.version == 4:
        return str(address)
    return str(ipaddress.ip_network(f"{address}/{IPV6_GROUP_PREFIX}", strict=False))


# A block on a range covers what one household, office or mobile cell shares: an IPv4 /24
# or an IPv6 /64.
IPV4_RANGE_PREFIX = 24


def ip_range(ip_address: str | None) -> str:
    """The range an address belongs to, as a block names it: "203.0.113.0/24" or an IPv6 /64."""
    address = parse_ip(ip_address or "")
    if address is None:
        return ""
    prefix = IPV4_RANGE_PREFIX if address.version == 4 else IPV6_GROUP_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def parse_network(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A range as ip_range() writes it (an IPv4 /24 or IPv6 /64), or None for anything else."""
    try:
        network = ipaddress.ip_network((value or "").strip(), strict=True)
    except ValueError:
        return None
    expected = IPV4_RANGE_PREFIX if network.version == 4 else IPV6_GROUP_PREFIX
    return network if network.prefixlen == expected else None
