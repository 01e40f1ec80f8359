"""The one way the site fetches a URL that someone else named: source links, imported images,
metadata lookups.

Plain Python on urllib3, so nothing here imports Django. Every fetch accepts only http(s) URLs
without credentials; resolves the host once and refuses it when any address is not public
(https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html);
connects to that vetted address itself; follows redirects itself, vetting each hop; and runs
against one deadline, DNS to last byte, with a cap on the body.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from requests.utils import requote_uri
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.response import BaseHTTPResponse

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_DEADLINE = 10.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_USER_AGENT = "Marginalia/1.0"
METHODS = frozenset({"GET", "HEAD"})  # reading only: nothing to re-send across a redirect
REDIRECTS = frozenset({301, 302, 303, 307, 308})

_READ_CHUNK = 64 * 1024
_CREDENTIAL_HEADERS = ("Authorization", "Cookie", "Proxy-Authorization")
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT; neither private nor global
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# getaddrinfo has no timeout of its own; a lookup that outlives the deadline is left to finish here.
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="outbound-dns")


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in words an editor can act on."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class InvalidURL(FetchError):
    """Not an http(s) URL with a host, or one carrying a user name or password."""


class BlockedAddress(FetchError):
    """The host is, or resolves to, an address that is not public; nothing was sent to it."""

    def __init__(self, message: str, *, url: str, address: str) -> None:
        super().__init__(message, url=url)
        self.address = address


class ConnectionFailed(FetchError):
    """The name did not resolve, the connection was refused, or TLS failed."""


class FetchTimeout(FetchError):
    """The deadline passed before the answer was complete."""


class TooLarge(FetchError):
    """The body is longer than max_bytes."""


class TooManyRedirects(FetchError):
    """More redirects than max_redirects."""


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


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA), without brackets
    port: int
    path: str  # what goes on the request line

    @classmethod
    def parse(cls, url: str) -> _Target:
        # One parser decides both what is vetted and where we connect: no parser differential.
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise InvalidURL(f"Only http and https URLs can be fetched: {url[:100]}", url=url)
        if "@" in parts.netloc:
            raise InvalidURL("URLs with a user name or password are refused.", url=url)
        try:
            port = parts.port or (443 if scheme == "https" else 80)
            host = (parts.hostname or "").encode("idna").decode("ascii")
        except (ValueError, UnicodeError) as error:
            raise InvalidURL(f"Not a valid URL ({error}): {url[:100]}", url=url) from None
        if not host:
            raise InvalidURL(f"The URL has no host: {url[:100]}", url=url)
        path = requote_uri((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        return cls(url, scheme, host, port, path)

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (
            host if self.port == (443 if self.scheme == "https" else 80) else f"{host}:{self.port}"
        )


class _Clock:
    """One deadline for a whole fetch. When it passes, the sockets it watches are shut down, so
    no read can outlast it: a socket timeout alone restarts with every byte that trickles in."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()

    def left(self, target: _Target) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise self.timeout(target)
        return left

    def timeout(self, target: _Target) -> FetchTimeout:
        return FetchTimeout(f"No complete answer within {self.seconds:g} s.", url=target.url)

    def watch(self, sock: socket.socket) -> None:
        # A duplicate descriptor: TLS wrapping detaches the original socket object, and ours
        # cannot be reused by another connection before we close it.
        with self._lock:
            self._sockets.append(sock.dup())
            if self.expired:
                self._shut(self._sockets[-1])

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """Hands each new socket to the fetch's clock before TLS or HTTP touch it."""

    clock: _Clock

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        self.clock.watch(sock)
        return sock


class _HTTP(_Watched, HTTPConnection):
    pass


class _HTTPS(_Watched, HTTPSConnection):
    pass


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
        for address in self._addresses(target, hop):
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

    def _addresses(self, target: _Target, hop: int) -> list[str]:
        """Resolve the host once and vet every address; any refusal refuses the URL."""
        try:
            found = [ipaddress.ip_address(target.host)]
            subject = "{address} is {reason}"
        except ValueError:
            found = [ipaddress.ip_address(info[4][0]) for info in self._resolve(target)]
            subject = f"{target.host} resolves to {{address}}, {{reason}}"
        for address in found:
            reason = address_refusal(address, allowed_networks=self.allowed)
            if reason:
                after = f" (after {hop} redirect{'s' if hop > 1 else ''})" if hop else ""
                message = "refused: " + subject.format(address=address, reason=reason) + after
                raise BlockedAddress(message, url=target.url, address=str(address))
        return [str(address) for address in dict.fromkeys(found)]

    def _resolve(self, target: _Target) -> list[tuple]:
        lookup = _RESOLVER.submit(
            socket.getaddrinfo, target.host, target.port, type=socket.SOCK_STREAM
        )
        try:
            return lookup.result(timeout=self.clock.left(target))
        except FutureTimeout:
            raise self.clock.timeout(target) from None
        except (socket.gaierror, UnicodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            message = f"Could not resolve {target.host}: {reason}"
            raise ConnectionFailed(message, url=target.url) from None

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


def _failure(error: Exception, target: _Target, clock: _Clock) -> FetchError:
    """The transport error as an editor would want it told."""
    url = target.url
    if clock.expired:
        return clock.timeout(target)
    cause = error.__cause__ or error.__context__ or error
    # NewConnectionError is a ConnectTimeoutError in urllib3 2, so it comes first.
    if isinstance(error, urllib3.exceptions.NewConnectionError | ConnectionRefusedError):
        return ConnectionFailed(f"Could not connect: {_reason(cause)}", url=url)
    if isinstance(error, TimeoutError | urllib3.exceptions.TimeoutError):
        return clock.timeout(target)
    if isinstance(error, ssl.SSLError | urllib3.exceptions.SSLError):
        reason = getattr(error, "verify_message", None) or _reason(error)
        return ConnectionFailed(f"Could not connect securely to {target.host}: {reason}", url=url)
    return FetchError(f"Bad answer: {type(error).__name__}: {_reason(error)}", url=url)


def _reason(error: BaseException) -> str:
    return (getattr(error, "strerror", None) or str(error) or type(error).__name__)[:120]
