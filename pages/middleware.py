"""The reader lists and feeds for anonymous readers: cached by content stamps, shareable, 304.

These pages hold nothing of their reader, so an anonymous copy is kept in the cache under a
key made of content stamps (pages/list_caching.py) and may be kept by any shared cache for
ESSAY_PAGE_S_MAXAGE seconds; a revisit whose ETag still matches gets 304 after one query,
with nothing rendered. Readers with a cookie of their own get them fresh and private.
"""

from __future__ import annotations

from django.utils.cache import get_conditional_response

from pages.caching import mark_personal, mark_shared, page_is_shared
from pages.list_caching import list_cache_get, list_cache_set, list_page_version

SHARED_VIEWS = frozenset(
    {
        "essays:index", "essays:topics", "essays:topic", "essays:author", "essays:archive",
        "essays:archive-month", "essays:rss", "essays:atom", "essays:topic-rss",
        "essays:topic-atom", "essays:author-rss", "essays:author-atom",
        "comments:feed", "comments:essay-feed",
    }
)  # fmt: skip


class SharedPageMiddleware:
    """Below OldAddressMiddleware, so "/?p=ID" is redirected before the front page is served
    from the cache; above GZipMiddleware's work, so pages are kept uncompressed. The cache is
    read in process_view, where the URL is resolved already (once, by Django)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        version = getattr(request, "list_page_version", None)
        if version is None:  # not a list or feed, or a reader with a cookie of their own
            return self.personal(response) if shared_view_name(request) else response
        if getattr(response, "from_list_cache", False) or response.status_code == 304:
            return self.share(response, version.etag)
        if response.status_code != 200 or response.streaming:
            return response
        if response.cookies:  # the view set something of this reader's
            return self.personal(response)
        list_cache_set(version, self.share(response, version.etag))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A revisit's 304, or the cached page, for an anonymous reader; else None."""
        view_name = shared_view_name(request)
        if view_name is None or not page_is_shared(request):
            return None
        request.list_page_version = version = list_page_version(request, view_name)
        response = get_conditional_response(request, etag=version.etag)
        if response is None and (response := list_cache_get(version)) is not None:
            response.from_list_cache = True
        return response

    @staticmethod
    def share(response, etag: str):
        return mark_shared(response, etag)

    @staticmethod
    def personal(response):
        return mark_personal(response) if response.status_code == 200 else response


def shared_view_name(request) -> str | None:
    """The name of the list or feed this GET or HEAD resolved to; None for any other."""
    match = request.resolver_match
    if request.method not in ("GET", "HEAD") or match is None:
        return None
    return match.view_name if match.view_name in SHARED_VIEWS else None
