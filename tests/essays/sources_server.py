"""A local stand-in for Crossref, Open Library and cited pages, replaying tests/data/sources/."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.local_server import serving

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"
DOI = "10.1007/s11269-019-02251-7"
ISBN = "9780140449136"
HTML = "text/html; charset=utf-8"
JSON = "application/json"

# path -> (status, content type, body)
ROUTES = {
    f"/crossref/works/{DOI}": (200, JSON, (DATA / "crossref_work.json").read_bytes()),
    "/crossref/works/10.5555/garbled": (200, JSON, b"<html>not json</html>"),
    "/crossref/works/10.5555/down": (503, "text/plain", b"Service Unavailable"),
    "/crossref/works/10.5555/missing": (404, "text/plain", b"Resource not found."),
    f"/openlibrary/api/books?bibkeys=ISBN:{ISBN}&jscmd=data&format=json": (
        200,
        JSON,
        (DATA / "openlibrary_books.json").read_bytes(),
    ),
    "/openlibrary/api/books?bibkeys=ISBN:9780306406157&jscmd=data&format=json": (200, JSON, b"{}"),
    "/pages/highwire": (200, HTML, (DATA / "page_highwire.html").read_bytes()),
    "/pages/json-ld": (200, HTML, (DATA / "page_jsonld.html").read_bytes()),
    "/pages/open-graph": (
        200,
        "text/html; charset=windows-1252",
        (DATA / "page_opengraph.html").read_text().encode("cp1252"),
    ),
    "/pages/title-only": (200, HTML, (DATA / "page_title_only.html").read_bytes()),
    "/pages/untitled": (200, HTML, b"<html><body>No title anywhere.</body></html>"),
    "/pages/pdf": (200, "application/pdf", b"%PDF-1.4"),
    "/pages/gone": (404, HTML, b"<title>Not found</title>"),
}
SLOW_SECONDS = 1.0


class SourcesHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("User-Agent")))
        if urlsplit(self.path).path.endswith("/slow"):
            time.sleep(SLOW_SECONDS)
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"Not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(name="sources_server")
def serving_sources(settings):
    """The stand-in on 127.0.0.1, with the settings pointing lookups at it."""
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.SOURCE_LOOKUP_DEADLINE = 0.5
    with serving(SourcesHandler) as httpd:
        settings.CROSSREF_API_URL = f"{httpd.base}/crossref"
        settings.OPENLIBRARY_URL = f"{httpd.base}/openlibrary/"
        yield httpd
