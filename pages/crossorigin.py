"""Cross-origin protection for the anonymous comment form, without a per-reader token.

The essay page must be the same bytes for every anonymous reader so that any HTTP cache can
serve it, so its form carries no CSRF token. Browsers say where a request comes from instead
(Fetch Metadata), as Go 1.25's http.CrossOriginProtection and Django's "Modern CSRF
protection" proposal (https://github.com/django/new-features/issues/98) rely on:

1. `Sec-Fetch-Site` (every browser since 2023): `same-origin`, or `none` (a request the
   reader made themselves, which no page can cause), passes; `same-site`, `cross-site` fail.
2. Without it, `Origin` (every browser since 2020 on a POST) must be the site's own origin,
   `SITE_URL` or one of `CSRF_TRUSTED_ORIGINS`; `null` fails.
3. Without either, an old browser: its `Referer` must start with one of those origins.
4. With none of the three, the request passes. No browser this site supports sends a POST
   without all of them, so it comes from a program, which could post directly anyway; an
   anonymous post carries no authority to steal. Logged-in readers keep Django's CSRF token
   on top (`same_origin_post`), so a session is never ridden.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_exempt, csrf_protect

ALLOWED_SITES = ("same-origin", "none")


def cross_origin_refusal(request: HttpRequest) -> str | None:
    """Why this request must be refused as cross-origin, or None when it may proceed."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return None if site in ALLOWED_SITES else f"Sec-Fetch-Site: {site[:40]}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return None if _trusted(request, origin) else f"Origin: {origin[:100]}"
    referer = request.headers.get("Referer")
    if referer is not None:
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
        return None if _trusted(request, origin) else f"Referer from {origin[:100]}"
    return None


def _trusted(request: HttpRequest, origin: str) -> bool:
    """The request's own origin, SITE_URL, or a CSRF_TRUSTED_ORIGINS entry (`*.` allowed)."""
    own = f"{request.scheme}://{request.get_host()}"
    if origin in (own, settings.SITE_URL):
        return True
    parts = urlsplit(origin)
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        allowed = urlsplit(trusted)
        pattern = allowed.netloc.lstrip("*")  # "*.example.org" allows its subdomains
        if allowed.scheme == parts.scheme and is_same_domain(parts.netloc, pattern):
            return True
    return False


def same_origin_post(refused: Callable[[HttpRequest, str], HttpResponse]):
    """Protect a view by Fetch Metadata instead of the CSRF token; `refused(request, reason,
    ...)` answers a cross-origin post. Logged-in readers still need the token as well."""

    def decorate(view):
        with_token = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def protected(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            reason = cross_origin_refusal(request)
            if reason is not None:
                return refused(request, reason, *args, **kwargs)
            if request.user.is_authenticated:
                return with_token(request, *args, **kwargs)
            return view(request, *args, **kwargs)

        return protected

    return decorate
