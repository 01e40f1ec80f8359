"""What is measured: one Scenario per table row, and the Result of loading it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from dataset import COMMENTS_SLUG, NOTES_SLUG

ORDINARY_SLUG = "the-library-pays-twice"  # a demo essay with comments open
POSTER_EMAIL = "bench-poster@example.com"


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    method: str = "GET"
    form_path: str = ""  # for a POST: the page that holds the form
    # "site", "floor" (one-query Django view), "nginx" (static copy), "front" (the site
    # behind deploy/nginx.conf, the repo's front cache) or "wordpress" (--wordpress-url)
    target: str = "site"
    # "Name: value", with {etag}, {session}, {remembered} and {own_pending} filled in
    headers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def revalidates(self) -> bool:
        return any(header.startswith("If-None-Match") for header in self.headers)

    def ok(self, status: int) -> bool:
        """A page answers 2xx (304 for a revisit); a valid comment post redirects."""
        if self.method == "POST":
            return 300 <= status < 400
        return status == 304 if self.revalidates else 200 <= status < 300


ESSAY_200 = f"/essays/{COMMENTS_SLUG}/"
# The rows issue #17's targets compare (bench/sitebench/report.py, TARGETS).
FLOOR = "floor: one-query Django view"
NGINX = "limit: nginx, static copy of the 200-comment page"
PERSONAL = "essay, 200 comments, reader with a cookie of their own"
PERSONAL_GZIP = f"{PERSONAL}, gzip"
CACHED = "essay, 200 comments, cached"
FRONT = "essay, 200 comments, behind deploy/nginx.conf"
POSTING = "post a comment (embedded checker)"
QUEUE = "moderation queue, 100,000 comments"
WORDPRESS = "WordPress, the same essay, uncached"
SCENARIOS = [
    Scenario(FLOOR, "/floor/", target="floor"),
    Scenario(NGINX, "/essay.html", target="nginx"),
    Scenario("index", "/"),
    Scenario("essay (demo)", f"/essays/{ORDINARY_SLUG}/"),
    Scenario("essay, 50 notes", f"/essays/{NOTES_SLUG}/"),
    # A reader whose name the form remembers bypasses shared caches: the shared page with
    # their own form (pages/personal.py).
    Scenario(PERSONAL, ESSAY_200, headers=("Cookie: {remembered}",)),
    # wrk asks for no compression, browsers for gzip: the same reader, as their browser asks.
    Scenario(
        PERSONAL_GZIP,
        ESSAY_200,
        headers=("Cookie: {remembered}", "Accept-Encoding: gzip, deflate, br"),
    ),
    # A reader whose own comment there is pending sees it in the thread: the full render.
    Scenario(
        "essay, 200 comments, full render (own pending comment)",
        ESSAY_200,
        headers=("Cookie: {own_pending}",),
    ),
    Scenario(CACHED, ESSAY_200),
    Scenario(FRONT, ESSAY_200, target="front"),
    Scenario("essay, 200 comments, 304 revisit", ESSAY_200, headers=("If-None-Match: {etag}",)),
    Scenario("RSS feed", "/feed/rss/"),
    Scenario(
        POSTING,
        f"/essays/{ORDINARY_SLUG}/comments/",
        "POST",
        form_path=f"/essays/{ORDINARY_SLUG}/",
    ),
    Scenario(QUEUE, "/admin/comments/comment/", headers=("Cookie: sessionid={session}",)),
]


def wordpress_scenario(url: str) -> Scenario:
    """WordPress serving the same essay uncached, at `url` (the optional reference row)."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Scenario(WORDPRESS, path, target="wordpress")


@dataclass
class Result:
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
