"""The admin's page for importing a WordPress export, and the old addresses it recorded."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from essays.models import OldAddress
from pages.wordpress import ImportOptions, import_wordpress

IMPORT_PERMISSION = "essays.import_wordpress"
MAX_EXPORT_BYTES = 512 * 1024 * 1024  # WordPress exports of long-lived sites run to hundreds of MB


class WordPressImportForm(forms.Form):
    export = forms.FileField(
        label="WordPress export (.xml)", help_text="WordPress: Tools → Export → All content."
    )
    dry_run = forms.BooleanField(
        label="Dry run: report only, write nothing", required=False, initial=True
    )
    fetch_images = forms.BooleanField(
        label="Fetch images from the old site", required=False, initial=True
    )

    def clean_export(self):
        export = self.cleaned_data["export"]
        if export.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError(
                "The file is over 512 MB; use the import_wordpress command."
            )
        return export


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "essay", "created_at"]
    search_fields = ["path", "essay__title"]
    list_select_related = ["essay"]
    raw_id_fields = ["essay"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="pages_wordpress_import"), *super().get_urls()]

    def import_view(self, request):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        form = WordPressImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = _run_import(form.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import from WordPress",
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/pages/wordpress_import.html", context)


def _run_import(data: dict):
    """Import the upload (read twice: Django keeps an upload over 2.5 MB in a temporary file)."""
    options = ImportOptions(dry_run=data["dry_run"], fetch_images=data["fetch_images"])
    export = data["export"]
    export.seek(0)
    return import_wordpress(export, options=options)
