"""Import sources from a Zotero (or any) BibTeX or CSL-JSON export: upload, preview, import.

The preview carries the entries it read to the import step in a signed field, so the file is
read once and nothing is stored between the two steps.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from essays.sources import Unreadable
from essays.sources.files import dump_entries, load_entries, read_sources_file
from essays.sources.importing import import_preview, sources_import

MAX_FILE_BYTES = 5 * 1024 * 1024
SIGNING_SALT = "essays.source-import"
PREVIEW_MAX_AGE = 3600  # seconds between the preview and the import


class UploadForm(forms.Form):
    file = forms.FileField(
        label="BibTeX or CSL-JSON file",
        help_text="In Zotero: File → Export Library… (or a collection’s Export Collection…), "
        "format BibTeX or CSL JSON.",
        widget=forms.ClearableFileInput(attrs={"accept": ".bib,.bibtex,.json,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is over 5 MB: export a collection instead.")
        try:
            return read_sources_file(upload.name, upload.read())
        except Unreadable as error:
            raise forms.ValidationError(str(error)) from None


class ChooseForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    choose = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = []
        try:
            data = signing.loads(
                self.data.get("payload", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
            self.entries = load_entries(data)
        except signing.BadSignature:
            pass
        self.fields["choose"].choices = [(str(i), str(i)) for i in range(len(self.entries))]

    def clean_payload(self):
        if not self.entries:
            raise forms.ValidationError(
                "The preview is too old or was altered: upload the file again."
            )
        return self.cleaned_data["payload"]


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "payload" in request.POST:
        return _import(model_admin, request)
    upload = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload.is_valid():
        entries = upload.cleaned_data["file"]
        payload = signing.dumps(dump_entries(entries), salt=SIGNING_SALT, compress=True)
        rows = import_preview(entries)
        return _render(model_admin, request, {"rows": rows, "payload": payload})
    return _render(model_admin, request, {"upload": upload})


def _import(model_admin, request):
    choose = ChooseForm(request.POST)
    if not choose.is_valid():
        for error in choose.errors.get("payload", []) or ["Choose entries from the preview."]:
            messages.error(request, error)
        return redirect("admin:essays_source_import")
    chosen = {int(position) for position in choose.cleaned_data["choose"]}
    report = sources_import(entries=choose.entries, chosen=chosen)
    count = len(report.created)
    messages.success(
        request, ngettext("%d source was imported.", "%d sources were imported.", count) % count
    )
    for label, why in report.skipped:
        messages.warning(request, f"{label} was not imported: {why}.")
    return redirect("admin:essays_source_changelist")


def _render(model_admin, request, context):
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/essays/source/import.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": "Import sources",
            **context,
        },
    )
