"""fetch() and the driver behind it: one request per hop to a vetted, pinned address, redirects
followed by hand, and the body read up to its cap."""

from __future__ import annotations

import http.client
import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

import certifi
import urllib3
from urllib3.connection import HTTPConnection
from urllib3.response import BaseHTTPResponse

from essays.outbound.addresses import Network, _vetted_addresses
from essays.outbound.connection import _HTTP, _HTTPS, _Clock, _failure
from essays.outbound.errors import ConnectionFailed, FetchError, TooLarge, TooManyRedirects
from essays.outbound.target import _Target

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_DEADLINE = 10.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_USER_AGENT = "Marginalia/1.0"
METHODS = frozenset({"GET", "HEAD"})  # reading only: nothing to re-send across a redirect
REDIRECTS = frozenset({301, 302, 303, 307, 308})

_READ_CHUNK = 64 * 1024
_CREDENTIAL_HEADERS = ("Authorization", "Cookie", "Proxy-Authorization")


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    headers: Mapping[str, str] = field(repr=False)  # case-insensitive
    body: bytes = field(repr=False)  # as sent: "Accept-Encoding: identity" is asked for
    redirects: tuple[str, ...] = ()  # the URLs that redirected, in order
    address: str = ""  # the IP address the answer came from
    truncated: bool = False  # cut at max_bytes (truncate=True) where more may have followed


def fetch(
    url: str,
    *,
    method: str = "GET",
    max_bytes: int = DEFAULT_MAX_BYTES,
    deadline: float = DEFAULT_DEADLINE,
    headers: Mapping[str, str] | None = None,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    allowed_networks: Iterable[str | Network] = (),
    truncate: bool = False,
    ca_certs: str | None = None,
) -> FetchResult:
    """Fetch `url` from a public address within `deadline` seconds; raise a FetchError if not.

    A body over `max_bytes` raises TooLarge, or with `truncate` is cut there. `allowed_networks`
    lets chosen non-public networks through (a test server on 127.0.0.1/32, an intranet host).
    `ca_certs`: a CA bundle to trust instead of certifi's.
    """
    if method not in METHODS:
        raise ValueError(f"fetch() sends {' or '.join(sorted(METHODS))}, not {method}.")
    sent = urllib3.HTTPHeaderDict({"User-Agent": DEFAULT_USER_AGENT, "Accept-Encoding": "identity"})
    sent.update(headers or {})
    sent.discard("Host")  # always the URL's host: the name that was vetted
    with _Fetch(
        method=method,
        headers=sent,
        allowed=tuple(ipaddress.ip_network(network) for network in allowed_networks),
        clock=_Clock(deadline),
        ca_certs=ca_certs or certifi.where(),
    ) as request:
        target, redirects = _Target.parse(url), []
        while True:
            response = request.send(target, hop=len(redirects))
            location = response.headers.get("Location")
            if response.status not in REDIRECTS or not location:
                return request.read(response, target, redirects, max_bytes, truncate)
            if len(redirects) == max_redirects:
                raise TooManyRedirects(f"More than {max_redirects} redirects.", url=target.url)
            redirects.append(target.url)
            following = _Target.parse(urljoin(target.url, location))
            if following.origin != target.origin:
                for name in _CREDENTIAL_HEADERS:
                    sent.discard(name)
            target = following


@dataclass
class _Fetch:
    """The hops of one fetch: their connections, and the clock they share."""

    method: str
    headers: Mapping[str, str]
    allowed: tuple[Network, ...]
    clock: _Clock
    ca_certs: str
    _open: list[HTTPConnection] = field(default_factory=list)

    def __enter__(self) -> _Fetch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for conn in self._open:
            conn.close()
        self.clock.close()

    def send(self, target: _Target, *, hop: int) -> BaseHTTPResponse:
        """Send the request to a vetted address of the host; the answer's body is left unread.

        Pinning: requests, or a urllib3 pool given the name, would resolve the host again as it
        connects, after our check, so a DNS answer with a short TTL could swap in 127.0.0.1.
        Instead a urllib3 connection is opened to the vetted IP itself; the Host header carries
        the name, and for https `server_hostname` sends the name as SNI and has the certificate
        verified against it. No pool, and no proxy from the environment: a proxy would resolve
        the name itself.
        """
        failure: FetchError | None = None
        addresses = _vetted_addresses(target, hop=hop, allowed=self.allowed, clock=self.clock)
        for address in addresses:
            conn = self._connection(target, address)
            try:
                conn.connect()
            except (OSError, urllib3.exceptions.HTTPError) as error:
                failure = _failure(error, target, self.clock)
                if isinstance(failure, ConnectionFailed):
                    continue  # the host's next address may answer
                raise failure from error
            headers = {**self.headers, "Host": target.host_header}
            try:
                conn.request(
                    self.method,
                    target.path,
                    headers=headers,
                    preload_content=False,
                    decode_content=False,
                )
                return conn.getresponse()
            except (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError) as error:
                raise _failure(error, target, self.clock) from error
        assert failure is not None
        raise failure

    def read(
        self,
        response: BaseHTTPResponse,
        target: _Target,
        redirects: list[str],
        max_bytes: int,
        truncate: bool,
    ) -> FetchResult:
        """Read the body up to the cap, checking the clock between chunks."""
        length = response.headers.get("Content-Length", "")
        if not truncate and length.isdigit() and int(length) > max_bytes:
            raise TooLarge(
                f"The answer is {length} bytes; the limit is {max_bytes}.", url=target.url
            )
        limit = max_bytes if truncate else max_bytes + 1  # one byte over tells "too large"
        chunks, size = [], 0
        try:
            while size < limit:
                self.clock.left(target)
                chunk = response.read1(min(_READ_CHUNK, limit - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError) as error:
            raise _failure(error, target, self.clock) from error
        if self.clock.expired:  # a socket the clock shut reads as the end of the body
            raise self.clock.timeout(target)
        if size > max_bytes:
            raise TooLarge(f"The answer is over the limit of {max_bytes} bytes.", url=target.url)
        unread = response.length_remaining is None or response.length_remaining > 0
        return FetchResult(
            url=target.url,
            status=response.status,
            headers=response.headers,
            body=b"".join(chunks),
            redirects=tuple(redirects),
            address=self._open[-1].host,
            truncated=truncate and size == max_bytes and self.method != "HEAD" and unread,
        )

    def _connection(self, target: _Target, address: str) -> HTTPConnection:
        # The socket timeout, no longer than the time left, bounds connecting and each read;
        # the clock bounds the whole exchange however slowly the bytes come.
        timeout = self.clock.left(target)
        if target.scheme == "https":
            conn: HTTPConnection = _HTTPS(
                address,
                target.port,
                timeout=timeout,
                server_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=self.ca_certs,
            )
        else:
            conn = _HTTP(address, target.port, timeout=timeout)
        conn.clock = self.clock
        self._open.append(conn)
        return conn
