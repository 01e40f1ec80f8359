"""The source list and form: what notes cite, with the health of each link."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from essays.admin.source_import import import_view
from essays.admin.source_lookup import fill_view, lookup_json, use_view
from essays.forms import PublishableTextForm
from essays.models import Essay, Source
from essays.services import source_update
from essays.sources import normalise_doi, normalise_isbn


class LinkHealthFilter(admin.SimpleListFilter):
    title = "link health"
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [
            ("broken", "Broken"),
            ("broken-unarchived", "Broken, no archived copy"),
            ("ok", "Working"),
            ("unchecked", "Not checked yet"),
        ]

    def queryset(self, request, queryset):
        with_url = queryset.exclude(url="")
        match self.value():
            case "broken":
                return with_url.filter(link_broken=True)
            case "broken-unarchived":
                return with_url.filter(link_broken=True, archived_url="")
            case "ok":
                return with_url.filter(link_broken=False, link_checked_at__isnull=False)
            case "unchecked":
                return with_url.filter(link_checked_at__isnull=True)
        return queryset


class SourceForm(PublishableTextForm):
    """Takes a DOI or ISBN in any common form ("doi:", a doi.org link, an ISBN-10 with
    hyphens) and stores the one the model keeps; a wrong check digit is named."""

    def clean_doi(self):
        doi = self.cleaned_data["doi"].strip()
        return normalise_doi(doi) or doi  # left as typed, the model's validator explains

    def clean_isbn(self):
        isbn = self.cleaned_data["isbn"].strip()
        if isbn and not (isbn := normalise_isbn(isbn)):
            raise ValidationError("This ISBN's check digit is wrong: check the number.")
        return isbn


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["title", "container", "kind", "published_on", "citation_count", "link_state"]
    list_filter = [LinkHealthFilter, "kind"]
    search_fields = ["title", "container", "authors", "url", "doi", "isbn"]
    readonly_fields = ["cited_by", "link_state", "link_checked_at", "link_status", "link_error"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(lambda request, **kw: function(self, request, **kw))

        return [
            path("lookup/", view(lookup_json), name="essays_source_lookup"),
            path("import/", view(import_view), name="essays_source_import"),
            path("<path:object_id>/use/", view(use_view), name="essays_source_use"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # "Fill in" posts the add form: it is answered with the form filled in, never a save.
        if request.method == "POST" and "_fill" in request.POST:
            return fill_view(self, request, form_url, extra_context)
        return super().add_view(request, form_url, extra_context)

    def get_queryset(self, request):
        # Ordered explicitly: a grouped query ignores Meta.ordering, and autocomplete pages.
        queryset = super().get_queryset(request).annotate(citations=Count("footnotes"))
        return queryset.order_by("title", "pk")

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Notes are stored rendered, so every essay citing the source is rendered again.
        if count := source_update(source=obj):
            self.message_user(
                request,
                ngettext(
                    "The notes of %d essay citing this source were updated.",
                    "The notes of %d essays citing this source were updated.",
                    count,
                )
                % count,
                messages.INFO,
            )

    @admin.display(description="Cited", ordering="citations")
    def citation_count(self, source):
        return source.citations

    @admin.display(description="Link")
    def link_state(self, source):
        if not source.url:
            return "—"
        if source.link_broken:
            problem = source.link_error or f"HTTP {source.link_status}"
            if source.archived_url:
                return format_html(
                    'Broken ({}): readers are sent to the <a href="{}">archived copy</a>',
                    problem,
                    source.archived_url,
                )
            return format_html("Broken ({}): add an archived URL", problem)
        if source.link_status == 429:
            return "Not known: the site asked us to slow down"
        return "OK" if source.link_checked_at else "Not checked"

    @admin.display(description="Cited by")
    def cited_by(self, source):
        essays = Essay.objects.filter(footnotes__source=source).distinct()
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((reverse("admin:essays_essay_change", args=[e.pk]), e.title) for e in essays),
            )
            or "No essay cites this source."
        )
