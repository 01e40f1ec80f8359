from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from essays.models import Author, Essay, Footnote, Source, Topic


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["position", "label", "source", "pinpoint", "commentary"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "container", "kind", "published_on", "link_state"]
    list_filter = ["kind", "link_broken"]
    search_fields = ["title", "container", "authors", "url"]
    readonly_fields = ["cited_by", "link_checked_at", "link_status", "link_error"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citations=Count("footnotes"))

    @admin.display(description="Link")
    def link_state(self, source):
        if not source.url:
            return "—"
        if source.link_broken:
            if source.archived_url:
                return format_html(
                    'Broken: use <a href="{}">archived copy</a>', source.archived_url
                )
            return "Broken"
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


@admin.register(Essay)
class EssayAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "publish_at", "visibility", "byline", "preview_link"]
    list_filter = ["status", "topics", "authors"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "topics"]
    readonly_fields = ["preview_link", "updated_at"]
    inlines = [FootnoteInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "authors", "topics", "body"]}),
        ("Publishing", {"fields": ["status", "publish_at", "preview_link", "updated_at"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        ("Notes and comments", {"fields": ["note_style", "comments_mode",
                                           "comments_close_after_days"]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def view_on_site(self, essay):
        return essay.get_absolute_url() if essay.is_public else None

    @admin.display(description="Readers see it")
    def visibility(self, essay):
        if essay.status == Essay.Status.DRAFT:
            return "No (draft)"
        if essay.publish_at > timezone.now():
            return "Scheduled"
        return "Yes"

    @admin.display(description="Authors")
    def byline(self, essay):
        return ", ".join(author.name for author in essay.authors.all())

    @admin.display(description="Preview")
    def preview_link(self, essay):
        if not essay.pk:
            return "Save the essay to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview</a>',
            reverse("essays:preview", args=[essay.pk]),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Notes are rendered from the footnotes, which are saved after the essay itself.
        form.instance.save()

    @admin.action(description="Publish selected essays", permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for essay in queryset.exclude(status=Essay.Status.PUBLISHED):
            essay.status = Essay.Status.PUBLISHED
            essay.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d essay published.", "%d essays published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description="Unpublish selected essays (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for essay in queryset.filter(status=Essay.Status.PUBLISHED):
            essay.status = Essay.Status.DRAFT
            essay.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d essay unpublished.", "%d essays unpublished.", count) % count,
            messages.SUCCESS,
        )
