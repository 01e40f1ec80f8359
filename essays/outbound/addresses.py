"""What may be fetched: the parsed URL, the address policy, and resolving a host once and
vetting every address it gives."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

from essays.outbound.errors import BlockedAddress, ConnectionFailed
from essays.outbound.target import _Target

if TYPE_CHECKING:
    from essays.outbound.connection import _Clock

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT; neither private nor global
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# getaddrinfo has no timeout of its own; a lookup that outlives the deadline is left to finish here.
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="outbound-dns")


def address_refusal(address: Address, *, allowed_networks: Iterable[Network] = ()) -> str:
    """Why `address` may not be fetched ("a loopback address"), or "" if it may."""
    if any(address in network for network in allowed_networks):
        return ""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        reason = address_refusal(embedded, allowed_networks=allowed_networks)
        if reason or address.ipv4_mapped:  # the OS connects to a mapped address's IPv4 itself
            return f"{reason} (it stands for {embedded})" if reason else ""
    kinds = (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a shared (carrier-grade NAT)", address in _SHARED),
        ("a private", address.is_private),
        ("a site-local", getattr(address, "is_site_local", False)),
        ("a reserved", address.is_reserved),
        ("a non-public", not address.is_global),
    )
    return next((f"{kind} address" for kind, matches in kinds if matches), "")


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for: mapped, 6to4, Teredo client or NAT64."""
    if address.version == 4:
        return None
    if address.ipv4_mapped or address.sixtofour:
        return address.ipv4_mapped or address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _vetted_addresses(
    target: _Target, *, hop: int, allowed: tuple[Network, ...], clock: _Clock
) -> list[str]:
    """Resolve the host once and vet every address; any refusal refuses the URL."""
    try:
        found = [ipaddress.ip_address(target.host)]
        subject = "{address} is {reason}"
    except ValueError:
        found = [ipaddress.ip_address(info[4][0]) for info in _resolve(target, clock)]
        subject = f"{target.host} resolves to {{address}}, {{reason}}"
    for address in found:
        reason = address_refusal(address, allowed_networks=allowed)
        if reason:
            after = f" (after {hop} redirect{'s' if hop > 1 else ''})" if hop else ""
            message = "refused: " + subject.format(address=address, reason=reason) + after
            raise BlockedAddress(message, url=target.url, address=str(address))
    return [str(address) for address in dict.fromkeys(found)]


def _resolve(target: _Target, clock: _Clock) -> list[tuple]:
    lookup = _RESOLVER.submit(socket.getaddrinfo, target.host, target.port, type=socket.SOCK_STREAM)
    try:
        return lookup.result(timeout=clock.left(target))
    except FutureTimeout:
        raise clock.timeout(target) from None
    except (socket.gaierror, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        message = f"Could not resolve {target.host}: {reason}"
        raise ConnectionFailed(message, url=target.url) from None
