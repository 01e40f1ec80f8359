"""The benchmark's own HTTP requests: one request at a time, and the comment form a reader holds."""

from __future__ import annotations

import http.client
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote_plus, urlencode, urlsplit

from .scenarios import POSTER_EMAIL


@dataclass(frozen=True)
class CommentForm:
    """What a reader's browser holds after loading the essay: cookie and hidden fields."""

    cookie: str
    fields: str  # url-encoded, without the body

    def body(self, text: str) -> str:
        return f"{self.fields}&body={quote_plus(text)}"

    @property
    def headers(self) -> dict:
        return {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}


def address(target: int | str) -> tuple[str, int]:
    """Host and port of a target: a port on 127.0.0.1, or an origin such as
    http://wordpress.test:8080 (the optional WordPress reference)."""
    if isinstance(target, int):
        return "127.0.0.1", target
    origin = urlsplit(target)
    return origin.hostname or "127.0.0.1", origin.port or 80


def fetch(target: int | str, method: str, path: str, body: str | None = None, headers=None):
    conn = http.client.HTTPConnection(*address(target), timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


class FormFields(HTMLParser):
    """The hidden fields of the comment form (the one posting to .../comments/)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = (attrs.get("action") or "").endswith("/comments/")
        elif tag == "input" and self.in_form and attrs.get("type") == "hidden":
            self.fields[attrs.get("name") or ""] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def comment_form(port: int, essay_path: str) -> CommentForm:
    response, page = fetch(port, "GET", essay_path)
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    parser = FormFields()
    parser.feed(page.decode("utf-8", "replace"))
    # No CSRF token: the anonymous form is guarded by Fetch Metadata (pages/crossorigin.py).
    if "timestamp" not in parser.fields:
        sys.exit(f"{essay_path} has no usable comment form (missing: timestamp).")
    fields = parser.fields | {"author_name": "Bench Reader", "author_email": POSTER_EMAIL}
    fields |= {"author_url": "", "homepage_url": ""}
    cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in cookies.items())
    return CommentForm(cookie=cookie, fields=urlencode(fields))
