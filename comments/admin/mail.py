"""Readers' mail in the admin: subscriptions, and the outbox with what failed and why.

Both are records to read, not forms to fill: subscriptions change through the reader's own
links, mail through the worker. The one action, "Try again now", brings failed mail forward
(after an SMTP outage is fixed, rather than waiting out the backoff) and gives mail the
receiving server refused for good one more try.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone

from comments.admin.actions import plural
from comments.models import OutboxMessage, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"
    CHOICES = {
        "waiting": Q(sent_at__isnull=True, refused_at__isnull=True, attempts=0),
        "failing": Q(sent_at__isnull=True, refused_at__isnull=True, attempts__gt=0),
        "refused": Q(refused_at__isnull=False),
        "sent": Q(sent_at__isnull=False),
    }

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting"),
            ("failing", "Failed, to be retried"),
            ("refused", "Refused for good"),
            ("sent", "Sent"),
        ]

    def queryset(self, request, queryset):
        match = self.CHOICES.get(self.value() or "")
        return queryset if match is None else queryset.filter(match)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = [
        "subject", "to", "kind", "created_at", "attempts", "next_at", "sent_at", "refused_at",
    ]  # fmt: skip
    list_filter = [DeliveryFilter, "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    date_hierarchy = "created_at"
    actions = ["try_again_now"]

    @admin.action(description="Try again now (failed or refused mail)", permissions=["retry"])
    def try_again_now(self, request, queryset):
        # Refused mail too: the reader may have fixed their mailbox, or the refusal was wrong.
        failed = queryset.filter(sent_at__isnull=True, attempts__gt=0)
        count = failed.update(next_at=timezone.now(), refused_at=None)
        message = f"{plural(count, 'mail')} will be sent by the next worker pass."
        self.message_user(request, message, messages.SUCCESS)

    def has_retry_permission(self, request):
        # Deciding when mail goes is not editing it: whoever may view the outbox may ask.
        return self.has_view_permission(request)


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = [
        "email",
        "essay",
        "kind",
        "asked_at",
        "confirmed_at",
        "digest",
        "unsubscribed_at",
    ]
    list_filter = ["kind", "digest"]
    search_fields = ["email", "essay__title"]
    readonly_fields = [field.name for field in Subscription._meta.fields]
    list_select_related = ["essay"]
