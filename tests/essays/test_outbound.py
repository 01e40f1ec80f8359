"""essays.outbound: the address policy, pinning, redirects, one deadline and a size cap.

Servers run on 127.0.0.1; a test lets that one address through with `allowed_networks` only
where it has to reach a server. Tests of the policy run without it. Names resolve through a
fake getaddrinfo only where a test needs a name that is not in /etc/hosts (the DNS boundary).
"""

import contextlib
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

import pytest

from essays.outbound import (
    BlockedAddress,
    ConnectionFailed,
    FetchTimeout,
    InvalidURL,
    TooLarge,
    TooManyRedirects,
    fetch,
)
from tests.local_server import serving

LOOPBACK = ["127.0.0.1/32"]
DRIP_SECONDS = 0.5
HUGE_BYTES = 10 * 1024 * 1024

# Every socket.connect, from any thread, while a test listens (an audit hook: it observes, it
# does not change anything; https://docs.python.org/3/library/audit_events.html).
_connects: list | None = None


def _audit(event, args):
    if event == "socket.connect" and _connects is not None:
        _connects.append(args[1])


sys.addaudithook(_audit)


@pytest.fixture
def connections():
    global _connects
    _connects = []
    yield _connects
    _connects = None


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path, _, query = self.path.partition("?")
        self.server.requests.append((path, dict(self.headers.items())))
        # OSError: the client gave up, as the deadline and the cap tell it to.
        with contextlib.suppress(OSError):
            getattr(self, "_" + path.strip("/").replace("-", "_"), self._ok)(unquote(query))

    do_HEAD = do_GET

    def _ok(self, query):
        self._send(HTTPStatus.OK, b"ok")

    def _to(self, location):
        self._send(HTTPStatus.FOUND, b"", Location=location)

    def _hops(self, count):
        left = int(count)
        self._send(HTTPStatus.MOVED_PERMANENTLY, b"", Location=f"/hops?{left - 1}" if left else "/")

    def _drip_body(self, query):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self._drip()

    def _drip_headers(self, query):
        self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
        self._drip()

    def _huge(self, declared):
        self.send_response(HTTPStatus.OK)
        if declared:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        for _ in range(HUGE_BYTES // 65536):
            self.wfile.write(b"x" * 65536)

    def _drip(self):
        for _ in range(20):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(DRIP_SECONDS)

    def _send(self, status, body, **headers):
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    with serving(Handler) as httpd:
        yield httpd


@pytest.fixture
def dns(monkeypatch):
    """Names answer from `dns.names` (one answer a lookup, the last repeating); addresses and
    other names resolve as usual. `dns.lookups` lists the names asked for."""

    class FakeDNS:
        names: dict[str, list] = {}
        lookups: list[str] = []

    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in FakeDNS.names:
            return real(host, port, *args, **kwargs)
        FakeDNS.lookups.append(host)
        answers = FakeDNS.names[host]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if callable(answer):
            answer = answer()
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answer]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return FakeDNS


REFUSED = [
    ("127.0.0.1", "127.0.0.1 is a loopback address"),
    ("10.0.0.5", "10.0.0.5 is a private address"),
    ("172.16.0.1", "172.16.0.1 is a private address"),
    ("192.168.1.1", "192.168.1.1 is a private address"),
    ("169.254.169.254", "169.254.169.254 is a link-local address"),
    ("100.64.0.1", "100.64.0.1 is a shared (carrier-grade NAT) address"),
    ("0.0.0.0", "0.0.0.0 is an unspecified address"),  # noqa: S104 (a URL, not a bind)
    ("224.0.0.1", "224.0.0.1 is a multicast address"),
    ("[::1]", "::1 is a loopback address"),
    ("[::]", ":: is an unspecified address"),
    ("[fc00::1]", "fc00::1 is a private address"),
    ("[fe80::1]", "fe80::1 is a link-local address"),
    ("[fec0::1]", "fec0::1 is a site-local address"),
    ("[::ffff:127.0.0.1]", "a loopback address (it stands for 127.0.0.1)"),
    ("[2002:a00:5::]", "a private address (it stands for 10.0.0.5)"),  # 6to4
    ("[64:ff9b::a9fe:a9fe]", "a link-local address (it stands for 169.254.169.254)"),  # NAT64
    ("[2001:0:4136:e378:8000:63bf:80ff:fffe]", "(it stands for 127.0.0.1)"),  # Teredo
    # Other spellings of 127.0.0.1 that resolvers accept: vetted as resolved, never as written.
    ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address"),
    ("0x7f000001", "0x7f000001 resolves to 127.0.0.1, a loopback address"),
    ("127.1", "127.1 resolves to 127.0.0.1, a loopback address"),
]


@pytest.mark.parametrize(("host", "reason"), REFUSED)
def test_non_public_addresses_are_refused_before_any_connection(host, reason, connections):
    with pytest.raises(BlockedAddress, match=re.escape(reason)) as refused:
        fetch(f"http://{host}/latest/meta-data/")
    assert str(refused.value).startswith("refused: ")
    assert connections == []


def test_a_local_server_is_not_reached_without_an_allowance(server):
    with pytest.raises(BlockedAddress, match=r"refused: 127\.0\.0\.1 is a loopback address"):
        fetch(server.base + "/")
    assert server.connections == 0


def test_a_name_resolving_to_loopback_is_refused(server):
    port = server.server_address[1]
    with pytest.raises(BlockedAddress, match=r"refused: localhost resolves to \S+, a loopback"):
        fetch(f"http://localhost:{port}/")
    assert server.connections == 0


def test_a_public_looking_name_resolving_to_a_private_address_is_refused(dns, connections):
    dns.names["intranet.example.com"] = [["10.0.0.5"]]
    with pytest.raises(BlockedAddress) as refused:
        fetch("https://intranet.example.com/admin")
    assert str(refused.value) == (
        "refused: intranet.example.com resolves to 10.0.0.5, a private address"
    )
    assert (refused.value.address, connections) == ("10.0.0.5", [])


def test_one_non_public_address_among_public_ones_refuses_the_name(dns, connections):
    dns.names["mixed.example.com"] = [["93.184.215.14", "169.254.169.254"]]
    with pytest.raises(BlockedAddress, match=r"169\.254\.169\.254, a link-local address"):
        fetch("http://mixed.example.com/")
    assert connections == []  # not even to the public address


def test_the_address_vetted_is_the_one_connected_to(server, dns):
    # A second lookup would get 127.0.0.2 (not allowed, and nothing listens there).
    dns.names["rebind.example.com"] = [["127.0.0.1"], ["127.0.0.2"]]
    port = server.server_address[1]
    result = fetch(f"http://rebind.example.com:{port}/ok", allowed_networks=LOOPBACK)
    assert (result.status, result.body, result.address) == (200, b"ok", "127.0.0.1")
    assert dns.lookups == ["rebind.example.com"]
    [(_, headers)] = server.requests
    assert headers["Host"] == f"rebind.example.com:{port}"


@pytest.fixture
def certificate(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "1", "-subj", "/CN=pinned.example.com", "-keyout", str(key),
         "-out", str(cert), "-addext", "subjectAltName=DNS:pinned.example.com"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_https_sends_the_name_for_sni_and_verifies_the_certificate_against_it(certificate, dns):
    cert, key = certificate
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    names = []
    tls.sni_callback = lambda sock, name, context: names.append(name)
    dns.names["pinned.example.com"] = dns.names["other.example.com"] = [["127.0.0.1"]]
    with serving(Handler, tls=tls) as httpd:
        port = httpd.server_address[1]
        options = {"allowed_networks": LOOPBACK, "ca_certs": str(cert), "deadline": 3}
        result = fetch(f"https://pinned.example.com:{port}/ok", **options)
        with pytest.raises(ConnectionFailed, match=r"not valid for 'other\.example\.com'"):
            fetch(f"https://other.example.com:{port}/ok", **options)
    assert (result.status, result.body) == (200, b"ok")
    assert names == ["pinned.example.com", "other.example.com"]
    [(_, headers)] = httpd.requests
    assert headers["Host"] == f"pinned.example.com:{port}"


def test_redirects_are_followed_and_reported(server):
    result = fetch(server.base + "/hops?2", allowed_networks=LOOPBACK)
    assert (result.status, result.url) == (200, server.base + "/")
    assert result.redirects == (
        server.base + "/hops?2",
        server.base + "/hops?1",
        server.base + "/hops?0",
    )


def test_too_many_redirects_are_an_error(server):
    with pytest.raises(TooManyRedirects, match="More than 2 redirects"):
        fetch(server.base + "/hops?5", allowed_networks=LOOPBACK, max_redirects=2)


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("http://127.0.0.2/", "127.0.0.2 is a loopback address"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused_at_that_hop(
    server, connections, location, reason
):
    with pytest.raises(BlockedAddress) as refused:
        fetch(f"{server.base}/to?{location}", allowed_networks=LOOPBACK)
    assert str(refused.value) == f"refused: {reason} (after 1 redirect)"
    assert refused.value.url == location
    assert {address for address, _ in connections} == {"127.0.0.1"}


def test_credentials_are_not_sent_on_to_another_origin(server):
    with serving(Handler) as other:
        fetch(
            f"{server.base}/to?{other.base}/ok",
            headers={"Authorization": "Bearer secret", "X-Kept": "yes"},
            allowed_networks=LOOPBACK,
        )
    [(_, first)], [(_, second)] = server.requests, other.requests
    assert first["Authorization"] == "Bearer secret"
    assert "Authorization" not in second and second["X-Kept"] == "yes"


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_a_trickling_server_is_cut_at_the_deadline(server, path):
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"No complete answer within 1\.2 s\."):
        fetch(server.base + path, allowed_networks=LOOPBACK, deadline=1.2)
    assert 1.2 <= time.monotonic() - started < 1.6  # several bytes came; the clock still ran


def test_a_slow_name_lookup_is_cut_at_the_deadline(dns):
    dns.names["slow-dns.example.com"] = [lambda: time.sleep(2) or ["93.184.215.14"]]
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch("http://slow-dns.example.com/", deadline=0.3)
    assert time.monotonic() - started < 0.6


def test_a_huge_body_is_refused_at_the_cap(server):
    started = time.monotonic()
    with pytest.raises(TooLarge, match="over the limit of 65536 bytes"):
        fetch(server.base + "/huge", allowed_networks=LOOPBACK, max_bytes=65536)
    assert time.monotonic() - started < 1


def test_a_declared_huge_body_is_refused_before_reading_it(server):
    with pytest.raises(TooLarge, match=f"The answer is {HUGE_BYTES} bytes; the limit is 1000"):
        fetch(server.base + "/huge?declared", allowed_networks=LOOPBACK, max_bytes=1000)


def test_truncate_keeps_the_first_bytes(server):
    result = fetch(server.base + "/huge", allowed_networks=LOOPBACK, max_bytes=1000, truncate=True)
    assert (len(result.body), result.truncated) == (1000, True)
    whole = fetch(server.base + "/ok", allowed_networks=LOOPBACK, max_bytes=1000, truncate=True)
    assert (whole.body, whole.truncated) == (b"ok", False)


@pytest.mark.parametrize(
    "url",
    [
        "http://editor:secret@example.com/",
        "http://example.com@10.0.0.5/",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_INFO",
        "http:///no-host",
        "http://example.com:99999/",
    ],
)
def test_urls_with_credentials_other_schemes_or_no_host_are_refused(url, connections):
    with pytest.raises(InvalidURL):
        fetch(url)
    assert connections == []


def test_only_reading_methods_are_sent():
    with pytest.raises(ValueError, match="GET or HEAD, not POST"):
        fetch("http://example.com/", method="POST")


def test_a_closed_port_is_a_connection_failure():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    with pytest.raises(ConnectionFailed, match="Could not connect: Connection refused"):
        fetch(url, allowed_networks=LOOPBACK)


def test_head_reads_no_body(server):
    result = fetch(server.base + "/ok", method="HEAD", allowed_networks=LOOPBACK)
    assert (result.status, result.body, urlsplit(result.url).path) == (200, b"", "/ok")
