"""Essay data that needs no page around it: the cited sources as CSL-JSON and BibTeX, robots.txt.

The reader pages that show essays with their comments live in the pages app.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from essays.exports import essay_sources_bibtex, essay_sources_csl_json
from essays.models import Essay


@require_GET
def essay_sources_csl(request: HttpRequest, slug: str) -> HttpResponse:
    """The sources a published essay cites, as CSL-JSON (Zotero, Mendeley, citeproc)."""
    essay = get_object_or_404(Essay.objects.published(), slug=slug)
    response = JsonResponse(
        essay_sources_csl_json(essay=essay),
        safe=False,
        content_type="application/vnd.citationstyles.csl+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{essay.slug}-sources.json"'
    return response


@require_GET
def essay_sources_bib(request: HttpRequest, slug: str) -> HttpResponse:
    """The sources a published essay cites, as BibTeX (biblatex-friendly, UTF-8)."""
    essay = get_object_or_404(Essay.objects.published(), slug=slug)
    response = HttpResponse(
        essay_sources_bibtex(essay=essay), content_type="application/x-bibtex; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{essay.slug}-sources.bib"'
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
