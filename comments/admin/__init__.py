"""The moderation queue: moderators triage comments in the Django admin.

The comment list opens on the queue (pending, oldest first, then spam the check flagged
lately). Row buttons approve, spam or trash with one POST and no confirmation page; the
message that follows offers Undo, which posts a signed list of the previous statuses back.
"""

from django.contrib import admin

from comments.admin.comment import CommentAdmin
from comments.models import BlockedCommenter

__all__ = ["BlockedCommenterAdmin", "CommentAdmin"]


@admin.register(BlockedCommenter)
class BlockedCommenterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "ip_address", "created_at", "created_by", "note"]
    search_fields = ["email", "=ip_address", "note"]
    readonly_fields = ["created_at", "created_by"]
    list_select_related = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
