"""Correction notes on the essay form: dated, public, kept in the essay's revisions."""

from django.contrib import admin

from essays.models import Correction


class CorrectionInline(admin.StackedInline):
    """Saved with the essay form, so the essay's page changes and a revision records it."""

    model = Correction
    extra = 0
    fields = ["published_on", "text"]
    verbose_name = "public correction"
    verbose_name_plural = "Corrections (shown to readers under the essay)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (CreatedByFormSet, formset), {"user": request.user})


class CreatedByFormSet:
    """A formset that names who wrote each new correction (`user`, set per request)."""

    user = None

    def save_new(self, form, commit=True):
        form.instance.created_by = self.user
        return super().save_new(form, commit=commit)
