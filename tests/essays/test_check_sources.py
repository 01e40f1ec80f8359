"""check_sources: link health against a local HTTP server on 127.0.0.1, never the internet.

The server is reached because `loopback_allowed` lets 127.0.0.1/32 through the outbound address
policy; tests of refused addresses run without it.
"""

import io
import socket
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from essays.linkcheck import LinkChecker
from essays.models import Source
from essays.services import source_check_links
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory
from tests.local_server import serving

pytestmark = pytest.mark.django_db

LOOPBACK = ["127.0.0.1/32"]
METADATA = "http://169.254.169.254/latest/meta-data/"

# path -> (status for HEAD, status for GET)
ROUTES = {
    "/ok": (200, 200),
    "/gone": (404, 404),
    "/broken": (500, 500),
    "/no-head": (405, 200),
    "/head-forbidden": (403, 200),
    "/head-not-implemented": (501, 200),
    "/forbidden": (403, 403),
    "/busy": (429, 429),
    "/moved": (301, 301),
}


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")

    def _answer(self, method):
        self.server.requests.append((method, self.path, self.headers.get("User-Agent")))
        path = urlsplit(self.path).path
        if path == "/slow":
            time.sleep(1.0)
        head, get = ROUTES.get(path, (200, 200) if path == "/slow" else (404, 404))
        status = head if method == "HEAD" else get
        if path == "/to-metadata":
            status = 302
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", METADATA if status == 302 else "/ok")
        self.send_header("Content-Length", "0" if method == "HEAD" else "2")
        self.end_headers()
        if method == "GET":
            self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_allowed(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = LOOPBACK


@pytest.fixture
def server(loopback_allowed):
    with serving(Handler) as httpd:
        yield httpd


def base(server):
    return server.base


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/"


def check(*args):
    out = io.StringIO()
    call_command("check_sources", "--timeout", "0.5", *args, stdout=out)
    return out.getvalue()


def source_at(url, **kwargs):
    return SourceFactory(url=url, **kwargs)


def test_status_is_recorded_and_4xx_5xx_are_broken(server):
    sources = {path: source_at(base(server) + path) for path in ROUTES}
    out = check()
    states = {
        path: (s.link_status, s.link_broken, s.link_checked_at is not None)
        for path, s in ((p, Source.objects.get(pk=src.pk)) for p, src in sources.items())
    }
    assert states == {
        "/ok": (200, False, True),
        "/gone": (404, True, True),
        "/broken": (500, True, True),
        "/no-head": (200, False, True),
        "/head-forbidden": (200, False, True),
        "/head-not-implemented": (200, False, True),
        "/forbidden": (403, True, True),
        "/busy": (429, False, True),  # rate limited: not known, so not marked broken
        "/moved": (200, False, True),  # redirects are followed
    }
    assert "Checked 9 URLs: 5 working, 3 broken, 1 not known" in out


def test_head_first_then_get_only_where_head_is_refused(server):
    source_at(base(server) + "/ok")
    source_at(base(server) + "/no-head")
    check()
    methods = sorted((method, path) for method, path, _ in server.requests)
    assert methods == [("GET", "/no-head"), ("HEAD", "/no-head"), ("HEAD", "/ok")]


def test_requests_name_the_checker_politely(server, settings):
    source_at(base(server) + "/ok")
    check()
    [(_, _, user_agent)] = server.requests
    assert user_agent == "Marginalia-linkcheck/1.0 (+http://testserver)"


def test_rate_limiting_keeps_what_was_known(server):
    source = source_at(base(server) + "/busy")
    Source.objects.filter(pk=source.pk).update(link_broken=True)
    check()
    source.refresh_from_db()
    assert (source.link_status, source.link_broken) == (429, True)


def test_connection_errors_and_timeouts_are_broken_with_the_reason(server):
    refused = source_at(closed_port_url())
    slow = source_at(base(server) + "/slow")
    working = source_at(base(server) + "/ok")
    check()
    refused.refresh_from_db()
    slow.refresh_from_db()
    working.refresh_from_db()
    assert (refused.link_status, refused.link_broken) == (None, True)
    assert refused.link_error.startswith("Could not connect")
    assert (slow.link_broken, slow.link_error) == (True, "No answer within 0.5 s.")
    assert working.link_broken is False


def test_a_link_that_breaks_re_renders_its_essays_with_the_archived_copy(server):
    source = source_at(base(server) + "/gone", archived_url="https://archive.example/copy")
    essay = EssayFactory(body="Claim.[^1]")
    FootnoteFactory(essay=essay, label="1", source=source)
    essay.save()
    updated_at = essay.updated_at
    assert "/gone" in essay.notes_html

    out = check()
    essay.refresh_from_db()
    assert 'archived at <a href="https://archive.example/copy">' in essay.notes_html
    assert "/gone" not in essay.notes_html
    assert essay.updated_at == updated_at
    assert "archived copy shown" in out and "1 essays re-rendered" in out


def test_a_link_that_recovers_is_no_longer_broken(server):
    source = source_at(base(server) + "/ok")
    Source.objects.filter(pk=source.pk).update(link_broken=True, link_error="Was down.")
    check()
    source.refresh_from_db()
    assert (source.link_broken, source.link_error, source.link_status) == (False, "", 200)


def test_when_nothing_answers_nothing_is_recorded_and_the_command_fails(loopback_allowed):
    sources = [source_at(closed_port_url()), source_at(closed_port_url() + "x")]
    with pytest.raises(CommandError, match="None of the 2 URLs answered"):
        check()
    assert not Source.objects.filter(pk__in=[s.pk for s in sources], link_broken=True).exists()
    assert not Source.objects.filter(link_checked_at__isnull=False).exists()


def test_sources_without_a_url_are_not_checked():
    SourceFactory(url="")
    assert "nothing to check" in check()


def test_bad_options_are_refused():
    with pytest.raises(CommandError, match="between 1 and 16 workers"):
        check("--workers", "0")


def test_the_checker_runs_a_few_requests_at_once(server):
    urls = [f"{base(server)}/slow?{n}" for n in range(4)]
    checker = LinkChecker(user_agent="test", timeout=5, workers=4, allowed_networks=LOOPBACK)
    started = time.monotonic()
    results = checker.check_all(urls)
    assert time.monotonic() - started < 3  # four one-second answers, not in sequence
    assert [results[url].status for url in urls] == [200] * 4


def test_internal_addresses_are_refused_and_marked_broken_without_a_request():
    private = source_at("http://10.0.0.5/report")
    metadata = source_at(METADATA)
    out = check()
    private.refresh_from_db()
    metadata.refresh_from_db()
    assert (private.link_status, private.link_broken) == (None, True)
    assert private.link_error == "refused: 10.0.0.5 is a private address"
    assert metadata.link_error == "refused: 169.254.169.254 is a link-local address"
    assert "broken (refused: 10.0.0.5 is a private address; no archived copy)" in out
    # Refusals say something about the links, not the network: this is no "network down".
    assert "Checked 2 URLs: 0 working, 2 broken" in out


def test_a_redirect_to_an_internal_address_is_refused_at_that_hop(server):
    source = source_at(base(server) + "/to-metadata")
    check()
    source.refresh_from_db()
    assert (source.link_status, source.link_broken) == (None, True)
    assert source.link_error == (
        "refused: 169.254.169.254 is a link-local address (after 1 redirect)"
    )


def test_each_result_is_recorded_as_soon_as_it_is_known(server):
    fast = source_at(base(server) + "/ok")
    slow = source_at(base(server) + "/slow")
    stored_when_told = []

    def interrupt(source, result):
        stored_when_told.append(Source.objects.get(pk=source.pk).link_status)
        raise KeyboardInterrupt

    checker = LinkChecker(user_agent="test", timeout=5, allowed_networks=LOOPBACK)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        source_check_links(checker=checker, on_recorded=interrupt)
    assert time.monotonic() - started < 0.9  # the slow answer (1 s) was not waited for
    assert stored_when_told == [200]
    fast.refresh_from_db()
    slow.refresh_from_db()
    assert (fast.link_status, slow.link_checked_at) == (200, None)
