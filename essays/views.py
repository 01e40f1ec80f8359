"""Essay data that needs no page around it: the cited sources as CSL-JSON and BibTeX, the
editor's live preview, robots.txt.

The reader pages that show essays with their comments live in the pages app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from essays.exports import essay_sources_bibtex, essay_sources_csl_json
from essays.forms import PreviewForm, PreviewNoteFormSet
from essays.models import Essay
from essays.selectors import essay_preview


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


@never_cache
@require_POST
def essay_preview_render(request: HttpRequest) -> HttpResponse:
    """The essay form's body and notes rendered as the public page renders them, unsaved:
    an HTML fragment for the editor's live preview (staff who may change essays)."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("essays.change_essay")):
        raise PermissionDenied
    form = PreviewForm(request.POST)
    notes = PreviewNoteFormSet(request.POST, prefix="footnotes")
    if not (form.is_valid() and notes.is_valid()):
        errors = [
            *(message for messages in form.errors.values() for message in messages),
            *notes.non_form_errors(),
            *_row_errors(notes),
        ]
        response = render(request, "admin/essays/essay/_preview_errors.html", {"errors": errors})
        response.status_code = 400
        return response
    kept = [row for row in notes.cleaned_data if row and not row.get("DELETE")]
    essay, rendered = essay_preview(fields=form.cleaned_data, notes=kept)
    response = render(
        request, "admin/essays/essay/_preview.html", {"essay": essay, "rendered": rendered}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _row_errors(formset) -> list:
    return [
        f"Note {n}: {message}"
        for n, errors in enumerate(formset.errors, start=1)
        for field_errors in errors.values()
        for message in field_errors
    ]
