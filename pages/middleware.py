"""Shared-cache headers for the reader lists and feeds, as the essay page sets its own.

These pages hold nothing of their reader, so an anonymous copy may be kept by any cache for
ESSAY_PAGE_S_MAXAGE seconds, and a revisit whose ETag still matches gets 304 (the page is
rendered to know, but nothing is sent). Readers with a cookie of their own get them fresh.
"""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response, patch_vary_headers

from pages.caching import CACHE_CONTROL_PERSONAL, cache_control_shared, page_is_shared

SHARED_VIEWS = frozenset(
    {
        "essays:index", "essays:topics", "essays:topic", "essays:author", "essays:archive",
        "essays:archive-month", "essays:rss", "essays:atom", "essays:topic-rss",
        "essays:topic-atom", "essays:author-rss", "essays:author-atom",
        "comments:feed", "comments:essay-feed",
    }
)  # fmt: skip


class SharedPageMiddleware:
    """Below GZipMiddleware, so the ETag is taken from the page before compression."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is None or match.view_name not in SHARED_VIEWS or response.status_code != 200:
            return response
        patch_vary_headers(response, ["Cookie"])
        if not page_is_shared(request) or response.cookies:
            response["Cache-Control"] = CACHE_CONTROL_PERSONAL
            return response
        response["Cache-Control"] = cache_control_shared()
        response["ETag"] = f'W/"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        return get_conditional_response(request, etag=response["ETag"], response=response)
