"""301s from the addresses imported essays had on WordPress: permalinks, /?p=ID, attachments.

A middleware rather than Django's redirects app (which needs the sites framework): the
"/?p=4" form reaches the front page, which answers 200, so it is looked up before the view;
permalinks only when nothing here answered (404). Only published essays are revealed.
"""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect

from comments.params import positive_int
from essays.models import Essay, OldAddress

# WordPress's query forms of a post, a page and an attachment page.
QUERY_NAMES = ("p", "page_id", "attachment_id")


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        key = _query_key(request) if reading else None
        if key and (target := old_address_target(key)):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if reading and response.status_code == 404:
            target = old_address_target(request.path)
            return HttpResponsePermanentRedirect(target) if target else response
        return response


def _query_key(request) -> str | None:
    for name in QUERY_NAMES:
        if name in request.GET and (number := positive_int(request.GET[name])):
            return f"{request.path}?{name}={number}"
    return None


def old_address_target(path: str) -> str | None:
    """Where an old address now lives, if its essay is public."""
    essay_ids = OldAddress.objects.filter(path=path).values("essay_id")
    essay = Essay.objects.published().filter(pk__in=essay_ids).only("slug").first()
    return essay.get_absolute_url() if essay else None
