"""The essay page for a reader with a cookie of their own, made from the shared page.

Most readers who carry a personal cookie (a remembered name, a session, comments posted on
other essays) see exactly the page every anonymous reader shares, except its comment form:
their name is filled in, and a logged-in reader's forms carry a CSRF token. For them the
shared page (pages/caching.py) is taken from the cache and only the form region between
RESPOND_START and RESPOND_END (templates/comments/_respond.html) is rendered anew: about the
cost of a cached hit instead of a full render.

Readers who would see more of their own get the full render (None here): their own comment
on this essay (pending, or approved with its "Edit or withdraw" link, and counted in the
margins), a flash message, a passage link followed without JavaScript (the form quotes the
passage from the body), or a shared page not in the cache (a personal render is never stored).

For a reader who accepts gzip, the shared part above the form is compressed once per page
version and process, and only the form and what follows it per request (pages/gzip_splice.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from comments.cookies import own_comment_ids
from comments.models import Comment
from essays.models import Essay
from pages.caching import (
    accepts_gzip,
    essay_page_version,
    page_cache_get,
    request_page_stamps,
)
from pages.gzip_splice import DeflatedHead, deflate_head, gzip_spliced
from pages.respond import respond_region

RESPOND_START = b"<!--respond-->"
RESPOND_END = b"<!--/respond-->"


def personal_page(request: HttpRequest, *, slug: str) -> HttpResponse | None:
    """The shared page with this reader's comment form, or None when it needs a full render."""
    if CookieStorage.cookie_name in request.COOKIES or request.GET.get("passage"):
        return None
    stamps = request_page_stamps(request, slug=slug)
    if stamps is None:
        return None  # the full render answers 404 as for anyone
    version = essay_page_version(request, stamps)
    html = page_cache_get(version, stamps["pk"])
    if html is None or _has_own_comment(request, essay_pk=stamps["pk"]):
        return None
    # The form region is the last reader-written text on the page: comments and the body
    # come before it, so a mark quoted inside them is never taken for it.
    start = html.rfind(RESPOND_START)
    end = html.find(RESPOND_END, start)
    if start < 0 or end < 0:
        return HttpResponse(html)  # comments are closed: there is no form to fill in
    essay = Essay(pk=stamps["pk"], slug=slug)
    region, _ = respond_region(
        request, essay=essay, comments_changed_at=stamps["comments_changed_at"]
    )
    tail = region.encode() + html[end + len(RESPOND_END) :]
    if not accepts_gzip(request):
        return HttpResponse(html[:start] + tail)
    head = deflated_heads.get((version.etag, start), lambda: html[:start])
    # GZipMiddleware leaves an answer that has a Content-Encoding as it is.
    response = HttpResponse(gzip_spliced(head, tail), headers={"Content-Encoding": "gzip"})
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


class DeflatedHeads:
    """The last few shared heads deflated, per page version: in each process, as the shared
    page is (a reader's tail is never kept)."""

    def __init__(self, size: int = 16):
        self.size = size
        self.lock = threading.Lock()  # gthread workers
        self.heads: OrderedDict[tuple, DeflatedHead] = OrderedDict()

    def get(self, key: tuple, head) -> DeflatedHead:
        """The deflated head kept under `key`, deflating `head()` if none is."""
        with self.lock:
            if (found := self.heads.get(key)) is not None:
                self.heads.move_to_end(key)
                return found
        deflated = deflate_head(head())  # outside the lock: 1 ms for 200 KB
        with self.lock:
            self.heads[key] = deflated
            while len(self.heads) > self.size:
                self.heads.popitem(last=False)
        return deflated


deflated_heads = DeflatedHeads()


def _has_own_comment(request: HttpRequest, *, essay_pk: int) -> bool:
    own_ids = own_comment_ids(request)
    return bool(own_ids) and Comment.objects.filter(essay_id=essay_pk, pk__in=own_ids).exists()
