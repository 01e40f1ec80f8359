"""The media library: upload, search and edit images; the writing page's picker reads it here.

Two JSON endpoints serve the picker (static/js/editor-media.js): `picker/` lists images by
search, `upload/` adds one from the picker's own form. Both go through the admin's login and
the model's permissions: Editors may, Moderators may not.
"""

from __future__ import annotations

from http import HTTPStatus

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from essays.figures import figure_markdown
from essays.forms import PixelLimitedImageField, PublishableTextForm
from essays.images import renditions_for
from essays.models import MediaItem
from essays.services.media import (
    essays_showing,
    media_item_add,
    media_item_delete,
    media_item_update,
)

PICKER_SIZE = 24  # images a picker search shows; the newest first
THUMBNAIL_WIDTH = 96


class MediaItemForm(PublishableTextForm):
    class Meta:
        model = MediaItem
        fields = ["image", "alt", "caption", "credit"]
        field_classes = {"image": PixelLimitedImageField}


def thumbnail_url(item: MediaItem) -> str:
    """The smallest WebP rendition, or the original when there are none."""
    renditions = renditions_for(item.image)
    if renditions is not None:
        return renditions.webp[0].url
    return item.image.url if item.image else ""


def picker_entry(item: MediaItem) -> dict:
    return {
        "id": item.pk,
        "alt": item.alt,
        "caption": item.caption,
        "credit": item.credit,
        "width": item.width,
        "height": item.height,
        "thumbnail": thumbnail_url(item),
        "markdown": figure_markdown(item.pk, item.alt),
    }


@admin.register(MediaItem)
class MediaItemAdmin(admin.ModelAdmin):
    form = MediaItemForm
    list_display = ["thumbnail", "alt", "caption", "credit", "size", "uploaded_by", "uploaded_at"]
    list_display_links = ["thumbnail", "alt"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt", "caption", "credit"]
    readonly_fields = ["preview", "figure_line", "size", "uploaded_by", "uploaded_at", "used_in"]
    fieldsets = [
        (None, {"fields": ["image", "preview", "alt", "caption", "credit"]}),
        ("In essays", {"fields": ["figure_line", "used_in"]}),
        ("File", {"fields": ["size", "uploaded_by", "uploaded_at"]}),
    ]

    @admin.display(description="Image")
    def thumbnail(self, item):
        # alt="" : the alt text is the next column, read once.
        return format_html(
            '<img src="{}" alt="" width="{}" loading="lazy" class="media-thumbnail">',
            thumbnail_url(item),
            THUMBNAIL_WIDTH,
        )

    @admin.display(description="Preview")
    def preview(self, item):
        return self.thumbnail(item) if item.pk else "Shown once the image is saved."

    @admin.display(description="Pixels")
    def size(self, item):
        return f"{item.width} × {item.height}" if item.pk else ""

    @admin.display(description="Place it in an essay with this line")
    def figure_line(self, item):
        if not item.pk:
            return "Given once the image is saved."
        return format_html("<code>{}</code>", figure_markdown(item.pk, item.alt))

    @admin.display(description="Shown in")
    def used_in(self, item):
        essays = essays_showing(media_id=item.pk) if item.pk else []
        if not essays:
            return "No essay yet."
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:essays_essay_change", args=[e.pk]), e.title) for e in essays),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            media_item_add(item=obj, uploaded_by=request.user)
            return
        # Essays store their HTML, so those showing the image are rendered again.
        if count := media_item_update(item=obj):
            self.message_user(
                request,
                ngettext("%d essay showing it was updated.",
                         "%d essays showing it were updated.", count) % count,
                messages.INFO,
            )  # fmt: skip

    def delete_model(self, request, obj):
        media_item_delete(item=obj)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            media_item_delete(item=item)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("picker/", wrap(self.picker_view), name="essays_mediaitem_picker"),
            path("upload/", wrap(self.upload_view), name="essays_mediaitem_upload"),
            *super().get_urls(),
        ]

    def picker_view(self, request: HttpRequest) -> JsonResponse:
        """The newest images matching ?q= in alt text, caption or credit, for the picker."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return require_GET(self._picker)(request)

    def _picker(self, request: HttpRequest) -> JsonResponse:
        term = request.GET.get("q", "")[:100]
        items, _ = self.get_search_results(request, self.get_queryset(request), term)
        return JsonResponse({"results": [picker_entry(item) for item in items[:PICKER_SIZE]]})

    def upload_view(self, request: HttpRequest) -> JsonResponse:
        """Add an image from the picker's form; its errors as JSON, field by field."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return require_POST(self._upload)(request)

    def _upload(self, request: HttpRequest) -> JsonResponse:
        form = MediaItemForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=HTTPStatus.BAD_REQUEST)
        item = media_item_add(item=form.instance, uploaded_by=request.user)
        self.log_addition(request, item, [{"added": {}}])
        return JsonResponse(picker_entry(item), status=HTTPStatus.CREATED)
