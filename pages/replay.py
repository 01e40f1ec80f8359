"""Whole anonymous essay pages answered from the top of the middleware stack.

A hit of the essay page cache (pages/caching.py) is one query, yet it still passed through
every middleware and the URL resolver on its way in and out: about half of its time. So the
whole response the stack gave an anonymous reader (status 200, every header, the body as
sent, compressed or not) is kept beside the page, and the next request that would get the
same bytes is answered with it by ReplayMiddleware, first in MIDDLEWARE, as a WordPress
page-cache plugin answers before WordPress loads.

"Would get the same bytes" is decided by the key, never by trust: the page's version (its
content stamps, path, host, scheme, script prefix and deploy, pages/caching.py), the form
window, the shared Cache-Control, the method, the raw query string and whether the reader
accepts gzip. Only a response the whole stack produced for that very key is replayed, so a
request the stack would refuse (a Host outside ALLOWED_HOSTS, a NUL in the query, plain
HTTP when HTTPS is required) never finds one. Conditional requests (If-None-Match), and
queries with values the page does not read, go through the stack, which answers them from
the page cache after the same one query.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from pages.caching import (
    ESSAY_PAGE_QUERY,
    accepts_gzip,
    cache_control_shared,
    cache_keep,
    essay_page_version,
    page_is_shared,
    request_page_stamps,
)

ESSAY_PAGE = "essays:detail"
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH")


class ReplayMiddleware:
    """First in MIDDLEWARE: below it, every middleware has had its say in what is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = replay_key(request)
        if found is None:
            return self.get_response(request)
        key, etag = found
        if (kept := cache.get(key)) is not None:
            headers, content = kept
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if replayable(response, etag):
            cache_keep(key, (dict(response.items()), response.content))
        return response


def replay_key(request: HttpRequest) -> tuple[str, str] | None:
    """The key of the whole response this request would get and the ETag it carries, or None
    when it is not an anonymous, unconditional GET or HEAD of a published essay page."""
    if not page_is_shared(request) or any(h in request.META for h in CONDITIONAL_HEADERS):
        return None
    # Any other query value is left to the stack, which serves it from the page cache: a copy
    # kept per junk query string would let anyone fill the cache with 200 KB entries.
    if not ESSAY_PAGE_QUERY.issuperset(request.GET):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name != ESSAY_PAGE:
        return None
    stamps = request_page_stamps(request, slug=match.kwargs["slug"])
    if stamps is None:
        return None  # the view answers 404
    try:
        version = essay_page_version(request, stamps)
    except DisallowedHost:
        return None  # the stack answers 400
    # Whether GZipMiddleware below compresses the answer.
    parts = (version.etag, cache_control_shared(), request.method, accepts_gzip(request))
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16)
    digest.update(request.META.get("QUERY_STRING", "").encode("latin-1", "replace"))
    return f"essay-replay:1:{digest.hexdigest()}", version.etag


def replayable(response, etag: str) -> bool:
    """Whether `response` is the shared page of the version its key was made from (`etag`):
    a 200 every reader may get, with no cookie, in the same form window."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Cache-Control") == cache_control_shared()
        and response.get("ETag") == etag
    )
