"""The moderation queue: moderators triage comments in the Django admin.

The comment list opens on Pending, oldest first (queue.py: tabs and counts defined once).
Row buttons approve, spam or trash with one POST and no confirmation page; the message that
follows offers Undo, which posts a signed list of the previous statuses back.
Blocking is the exception: it previews who and what a block covers first (blocking.py).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from comments.admin.comment import CommentAdmin
from comments.admin.mail import OutboxMessageAdmin, SubscriptionAdmin
from comments.models import BlockedCommenter

__all__ = ["BlockedCommenterAdmin", "CommentAdmin", "OutboxMessageAdmin", "SubscriptionAdmin"]


class BlockStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "In force"), ("expired", "Expired")]

    def queryset(self, request, queryset):
        active = BlockedCommenter.objects.active()
        if self.value() == "active":
            return queryset.filter(pk__in=active.values("pk"))
        if self.value() == "expired":
            return queryset.exclude(pk__in=active.values("pk"))
        return queryset


@admin.register(BlockedCommenter)
class BlockedCommenterAdmin(admin.ModelAdmin):
    """The blocks in force and past: searchable; lifting one is deleting it. New blocks are
    made on the comments' block page, which previews what they cover first."""

    list_display = ["__str__", "note", "in_force", "expires_at", "created_at", "created_by"]
    list_filter = [BlockStateFilter]
    search_fields = ["email", "=ip_address", "ip_range", "note"]
    list_select_related = ["created_by"]
    fields = ["email", "ip_address", "ip_range", "note", "expires_at", "created_at", "created_by"]
    # What a block covers is set with its preview; reason and expiry may change afterwards.
    readonly_fields = ["email", "ip_address", "ip_range", "created_at", "created_by"]
    actions = ["delete_selected"]

    @admin.display(description="in force", boolean=True)
    def in_force(self, block):
        return block.is_active()

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:comments_comment_block"))
