"""Mozilla HTTP Observatory scores for the pages a security reviewer scans first.

The scoring follows the published table (https://developer.mozilla.org/en-US/observatory/docs/
tests_and_scoring, from mozilla/http-observatory httpobs/docs/scoring.md, 2024-02-27): base 100,
penalties per test, bonuses only when the score without them is at least 90. Tests that need the
real network (HSTS preload list, http-to-https on port 80) are scored from what the response
can show: the redirect from http is checked with the test client.
"""

from __future__ import annotations

import re
from http.cookies import Morsel

import pytest
from django.test import Client
from django.urls import include, path

from tests.factories import UserFactory
from tests.hardening.conftest import report

pytestmark = pytest.mark.django_db

SIX_MONTHS = 15768000
PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def boom(request):
    raise RuntimeError("a deliberate error for the 500 page")


urlpatterns = [path("boom/", boom), path("", include("config.urls"))]


def csp_score(policy: str | None) -> tuple[str, int]:
    if not policy:
        return "csp-not-implemented", -25
    try:
        directives = {
            name.lower(): values
            for name, *values in (part.split() for part in policy.split(";") if part.strip())
        }
    except ValueError:
        return "csp-header-invalid", -25
    scripts = directives.get("script-src", directives.get("default-src", []))
    styles = directives.get("style-src", directives.get("default-src", []))
    everything = [value for values in directives.values() for value in values]
    if "'unsafe-inline'" in scripts or "data:" in scripts or "*" in scripts:
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-eval", -10
    if any(value.startswith("http:") for value in everything):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-inline'" in styles:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if directives.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 0


def cookies_score(cookies: list[Morsel], hsts: bool) -> tuple[str, int]:
    if not cookies:
        return "cookies-not-found", 0
    session = [c for c in cookies if re.search(r"sess|login|auth|token", c.key, re.I)]
    if any(not c["httponly"] for c in session):
        return "cookies-session-without-httponly-flag", -30
    if any(not c["secure"] for c in session):
        return (
            ("cookies-session-without-secure-flag-but-protected-by-hsts", -10)
            if hsts
            else ("cookies-session-without-secure-flag", -40)
        )
    if any(not c["secure"] for c in cookies):
        return (
            ("cookies-without-secure-flag-but-protected-by-hsts", -5)
            if hsts
            else ("cookies-without-secure-flag", -20)
        )
    if any(
        c["samesite"] and c["samesite"].lower() not in {"lax", "strict", "none"} for c in cookies
    ):
        return "cookies-samesite-flag-invalid", -20
    if any("csrf" in c.key.lower() and not c["samesite"] for c in cookies):
        return "cookies-anticsrf-without-samesite-flag", -20
    if all(c["samesite"] for c in cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def cors_score(response) -> tuple[str, int]:
    origin = response.get("Access-Control-Allow-Origin")
    if origin is None:
        return "cross-origin-resource-sharing-not-implemented", 0
    if origin.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def referrer_score(value: str | None) -> tuple[str, int]:
    if value is None:
        return "referrer-policy-not-implemented", 0
    policies = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not policies:
        return "referrer-policy-header-invalid", -5
    if policies[-1] in PRIVATE_REFERRERS:  # browsers use the last one they know
        return "referrer-policy-private", 5
    if policies[-1] == "no-referrer-when-downgrade":
        return "referrer-policy-no-referrer-when-downgrade", 0
    return "referrer-policy-unsafe", -5


def hsts_score(value: str | None) -> tuple[str, int]:
    if value is None:
        return "hsts-not-implemented", -20
    match = re.search(r"max-age=(\d+)", value, re.I)
    if not match:
        return "hsts-header-invalid", -20
    if int(match.group(1)) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    # hsts-preloaded (+5) needs the domain on the browsers' preload list: not claimed here.
    return "hsts-implemented-max-age-at-least-six-months", 0


def sri_score(response) -> tuple[str, int]:
    if "text/html" not in response.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html", 0
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode(errors="replace"), re.I)
    sources = [re.search(r"""\bsrc=["']?([^"' >]+)""", tag) for tag in scripts]
    external = [s.group(1) for s in sources if s and re.match(r"(https?:)?//", s.group(1))]
    if not any(sources):
        return "sri-not-implemented-but-no-scripts-loaded", 0
    if any(src.startswith("http:") for src in external):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if external and not all("integrity=" in tag for tag in scripts):
        return "sri-not-implemented-but-external-scripts-loaded-securely", -5
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0


def nosniff_score(value: str | None) -> tuple[str, int]:
    if value is None:
        return "x-content-type-options-not-implemented", -5
    if value.strip().lower() != "nosniff":
        return "x-content-type-options-header-invalid", -5
    return "x-content-type-options-nosniff", 0


def framing_score(response) -> tuple[str, int]:
    policy = response.get("Content-Security-Policy", "")
    if re.search(r"frame-ancestors\s+('none'|'self')", policy):
        return "x-frame-options-implemented-via-csp", 5
    value = response.get("X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented", -20
    if value.strip().upper() in {"DENY", "SAMEORIGIN"}:
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-header-invalid", -20


def corp_score(value: str | None) -> tuple[str, int]:
    if value is None:
        return "corp-not-implemented", 0
    if value.strip().lower() in {"same-origin", "same-site", "cross-origin"}:
        return f"corp-implemented-with-{value.strip().lower()}", 0
    return "corp-header-invalid", -5


def observatory(response, redirect) -> tuple[int, dict[str, int]]:
    hsts = response.get("Strict-Transport-Security")
    location = redirect.get("Location", "")
    redirection = (
        ("redirection-to-https", 0)
        if redirect.status_code in (301, 302, 307, 308)
        and location.startswith("https://testserver")
        else ("redirection-missing", -20)
    )
    results = dict(
        [
            csp_score(response.get("Content-Security-Policy")),
            cookies_score(list(response.cookies.values()), hsts=hsts is not None),
            cors_score(response),
            redirection,
            referrer_score(response.get("Referrer-Policy")),
            hsts_score(hsts),
            sri_score(response),
            nosniff_score(response.get("X-Content-Type-Options")),
            framing_score(response),
            corp_score(response.get("Cross-Origin-Resource-Policy")),
        ]
    )
    penalties = 100 + sum(value for value in results.values() if value < 0)
    bonuses = sum(value for value in results.values() if value > 0)
    return max(0, penalties + (bonuses if penalties >= 90 else 0)), results


@pytest.fixture
def production(settings):
    """What production runs with: HTTPS only, HSTS for a year, Secure cookies."""
    settings.ROOT_URLCONF = __name__
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.DEBUG = False
    return settings


def admin_login(client) -> object:
    """The admin login page, then a successful login: it sets both the CSRF and session cookie."""
    client.get("/admin/login/", secure=True)
    UserFactory(username="observatory", is_staff=True)
    return client.post(
        "/admin/login/",
        {"username": "observatory", "password": "correct horse battery staple", "next": "/admin/"},
        secure=True,
    )


PAGES = {
    "essay page": lambda client, essay: client.get(essay.get_absolute_url(), secure=True),
    "admin login": lambda client, essay: client.get("/admin/login/", secure=True),
    "admin login (logged in)": lambda client, essay: admin_login(client),
    "404 page": lambda client, essay: client.get("/no-such-page/", secure=True),
    "500 page": lambda client, essay: client.get("/boom/", secure=True),
}
HTTP_PATHS = {
    "essay page": None,
    "admin login": "/admin/login/",
    "admin login (logged in)": "/admin/login/",
    "404 page": "/no-such-page/",
    "500 page": "/boom/",
}


@pytest.mark.parametrize("page", PAGES)
def test_page_scores_at_least_100_on_the_http_observatory(production, essay, page):
    client = Client(raise_request_exception=False)
    response = PAGES[page](client, essay)
    expected = {"404 page": 404, "500 page": 500, "admin login (logged in)": 302}.get(page, 200)
    assert response.status_code == expected
    http_path = HTTP_PATHS[page] or essay.get_absolute_url()
    redirect = Client(raise_request_exception=False).get(http_path)
    score, results = observatory(response, redirect)
    report(f"observatory {page}", {"score": score} | {n: f"{v:+d}" for n, v in results.items()})
    assert score >= 100, results
    assert all(value >= 0 for value in results.values()), results


def test_scoring_rules_catch_a_weak_configuration():
    """The scorer itself: a page with no headers at all scores as the Observatory says (F)."""

    class Bare(dict):
        status_code = 200
        cookies = {}
        content = b"<html><script src='http://cdn.example/x.js'></script></html>"

    bare = Bare({"Content-Type": "text/html"})
    score, results = observatory(bare, Bare())
    assert results["csp-not-implemented"] == -25
    assert results["hsts-not-implemented"] == -20
    assert results["x-frame-options-not-implemented"] == -20
    assert score == 0
