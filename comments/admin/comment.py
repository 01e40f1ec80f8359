"""CommentAdmin: the queue, the one-click endpoints, Undo, and bulk actions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from comments import services
from comments.admin.action_menu import QueueActionForm
from comments.admin.actions import (
    ACTIONS,
    PAGE_ACTIONS,
    Outcome,
    outcome_text,
    plural,
    run_action,
    undo_from_token,
    undo_token,
)
from comments.admin.blocking import BlockDesk, block_url
from comments.admin.columns import LINK_FILTERS, SEEN_VERSION_FIELD, CommentColumns, action_url
from comments.admin.emptying import EmptyBins, empty_url
from comments.admin.forms import CommentAdminForm
from comments.admin.privacy import PrivacyTools
from comments.admin.queue import (
    DEFAULT_ORDERING,
    TAB_ORDERING,
    CheckFilter,
    ModerationChangeList,
    TabFilter,
    current_tab,
    known_count,
)
from comments.admin.quickedit import QuickEditDesk
from comments.admin.reasons import ReasonFilter
from comments.admin.replying import ReplyDesk
from comments.client_ip import parse_ip
from comments.models import Comment, StatusChange
from comments.params import positive_int, whole_number
from comments.services import StatusUndo


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    verbose_name_plural = "history"
    fields = ["created_at", "from_status", "to_status", "reason", "actor", "note"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(
    CommentColumns, BlockDesk, EmptyBins, ReplyDesk, QuickEditDesk, PrivacyTools, admin.ModelAdmin
):
    form = CommentAdminForm
    action_form = QueueActionForm
    list_display = ["author_column", "comment_column", "check_column", "submitted", "row_actions"]
    list_display_links = ["submitted"]
    list_filter = [TabFilter, CheckFilter, ReasonFilter]
    search_fields = ["author_name", "author_email", "=ip_address", "body"]
    list_per_page = 50
    # Counting the whole table on every page would cost a full scan at 100,000 comments.
    show_full_result_count = False
    inlines = [StatusChangeInline]
    readonly_fields = [
        "status", "essay_link", "in_reply_to", "submitted_at", "edited_at", "rendered_body",
        "links_revealed", "check_column", "author_history", "ip_address", "user_agent",
        "referrer",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["status", "essay_link", "in_reply_to", "submitted_at", "edited_at"]}),
        ("As readers see it", {"fields": ["rendered_body", "links_revealed"]}),
        ("Spam check", {"fields": ["check_column"]}),
        ("Author", {"fields": ["author_name", "author_email", "author_url", "author_history",
                               "ip_address", "user_agent", "referrer"]}),
        ("Text", {"fields": ["body"], "description": "Edits are re-sanitised and recorded."}),
    ]  # fmt: skip
    actions = [
        "approve", "unapprove", "mark_spam", "mark_ham", "trash", "restore", "recheck",
        "block_commenter", "delete_selected", "export_personal_data", "erase_personal_data",
    ]  # fmt: skip

    # Django's facet counts would cost a query per tab; TabFilter counts them its own way.
    show_facets = admin.ShowFacets.NEVER

    class Media:
        # Its CSS is linked from admin/base_site.html; the second opens forms inside rows.
        js = ["comments/moderation.js", "js/moderation-inline.js"]

    # Permissions: admin actions name them in @admin.action(permissions=[...]) ----------
    def has_moderate_permission(self, request) -> bool:
        # Asked some thirty times a queue page (each action, each check): answered once.
        if not hasattr(request, "_comments_can_moderate"):
            request._comments_can_moderate = request.user.has_perm("comments.can_moderate")
        return request._comments_can_moderate

    def has_block_permission(self, request) -> bool:
        return self.has_moderate_permission(request) and request.user.has_perm(
            "comments.add_blockedcommenter"
        )

    def has_privacy_permission(self, request) -> bool:
        # As in WordPress, exporting and erasing a person's data is for administrators.
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False  # comments come from readers

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not (allowed and self.has_moderate_permission(request)):
            return False
        return obj is None or (
            obj.status in services.RESTORABLE_STATUSES and not services.has_live_replies(obj)
        )

    # The queue ------------------------------------------------------------------------
    def get_list_display(self, request):
        if self.has_moderate_permission(request):
            return self.list_display
        return [name for name in self.list_display if name != "row_actions"]

    def lookup_allowed(self, lookup, value, request=None):
        # The links in each row filter by these (columns.filter_url); an address that is no
        # address would fail in PostgreSQL's inet comparison, so it is refused (400).
        if lookup == "ip_address":
            return parse_ip(str(value)) is not None
        return lookup in LINK_FILTERS or super().lookup_allowed(lookup, value, request)

    def get_changelist(self, request, **kwargs):
        return ModerationChangeList

    def get_queryset(self, request):
        # Essays' texts are long and unused here; deferring them keeps a page of 50 small.
        return (
            super()
            .get_queryset(request)
            .select_related("essay", "parent")
            .defer("essay__body", "essay__body_html", "essay__notes_html", "parent__body",
                   "parent__spam_payload", "parent__verdict_raw", "spam_payload", "verdict_raw")
        )  # fmt: skip

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if (count := known_count(request)) is not None:
            paginator.count = count  # a cached_property: Pending is counted once a request
        return paginator

    def get_ordering(self, request):
        return TAB_ORDERING.get(current_tab(request), DEFAULT_ORDERING)

    def changelist_view(self, request, extra_context=None):
        tab = current_tab(request)
        extra_context = {
            **(extra_context or {}),
            "can_moderate": self.has_moderate_permission(request),
            "row_action_next": request.get_full_path(),
        }
        if tab in services.EMPTIABLE and self.has_delete_permission(request):
            extra_context["empty"] = (f"Empty {tab}", empty_url(tab))
        return super().changelist_view(request, extra_context)

    # The change page ------------------------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "row_action_next": request.get_full_path()}
        comment = self.get_object(request, object_id)
        if comment is not None and self.has_moderate_permission(request):
            extra_context["page_actions"] = [
                (name, ACTIONS[name].label, action_url(comment, name))
                for name in PAGE_ACTIONS.get(comment.status, [])
            ]
        if comment is not None and self.has_block_permission(request):
            extra_context["block_url"] = block_url([comment.pk], request.get_full_path())
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.comment_edit_by_moderator(comment=obj, actor=request.user, **fields)

    def delete_model(self, request, obj):
        services.comment_delete_permanently(comment=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for comment in queryset:
            services.comment_delete_permanently(comment=comment, actor=request.user)

    # One-click endpoints and Undo: POST only, CSRF-checked by admin_view --------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/moderate/<slug:action>/", view(self.moderate_view),
                 name="comments_comment_moderate"),
            path("undo/", view(self.undo_view), name="comments_comment_undo"),
            path("recheck-pending/", view(self.recheck_pending_view),
                 name="comments_comment_recheck_pending"),
            path("block/", view(self.block_view), name="comments_comment_block"),
            path("empty/<slug:status>/", view(self.empty_view), name="comments_comment_empty"),
            path("<int:object_id>/reply/", view(self.reply_view), name="comments_comment_reply"),
            *super().get_urls(),
        ]  # fmt: skip

    def _next_url(self, request) -> str:
        url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
        return reverse("admin:comments_comment_changelist")

    def _report(self, request, name: str, outcome: Outcome, next_url: str) -> None:
        """The message after an action, with an Undo button when it can be undone."""
        level = messages.WARNING if outcome.errors else messages.SUCCESS
        undo = outcome.undo if ACTIONS[name].undoable else StatusUndo(changes=())
        self._message_with_undo(request, outcome_text(name, outcome), undo, next_url, level)

    def _message_with_undo(self, request, text, undo, next_url, level=messages.SUCCESS):
        message = text
        if undo.changes or undo.block_ids:
            # The message is shown outside any other form (admin/base.html's messagelist).
            message = format_html(
                '{} <form method="post" action="{}" class="cm-undo">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="token" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="button">Undo</button></form>',
                text,
                reverse("admin:comments_comment_undo"),
                get_token(request),
                undo_token(undo, request.user),
                next_url,
            )
        self.message_user(request, message, level)

    @method_decorator(require_POST)
    def moderate_view(self, request, object_id, action):
        if action not in ACTIONS:
            raise Http404("No such moderation action.")
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=object_id)
        next_url = self._next_url(request)
        # The version the moderator saw is in the button's URL (columns.action_url).
        version = whole_number(request.GET.get("version"))
        if version is None:
            raise BadRequest("This action needs the comment's version; reload the page.")
        versions = {comment.pk: version}
        outcome = run_action(action, [comment], request.user, versions=versions)
        self._report(request, action, outcome, next_url)
        return HttpResponseRedirect(next_url)

    @method_decorator(require_POST)
    def undo_view(self, request):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        next_url = self._next_url(request)
        try:
            undo = undo_from_token(request.POST.get("token", ""), request.user)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            self.message_user(
                request,
                "This Undo has expired or belongs to another moderator; change the comments "
                "one by one instead.",
                messages.ERROR,
            )
            return HttpResponseRedirect(next_url)
        if undo.block_ids and not request.user.has_perm("comments.delete_blockedcommenter"):
            raise PermissionDenied
        undone = services.comment_undo(undo=undo, actor=request.user)
        text = f"Undone: {plural(undone.reverted)} back as before."
        if undo.block_ids:
            text += " The block was lifted."
        if undone.edited:
            again = "it" if undone.edited == 1 else "them"
            text += f" Not undone: {plural(undone.edited)} edited since; review {again} again."
        if skipped := len(undo.changes) - undone.reverted - undone.edited:
            text += f" {plural(skipped)} changed again since, so left as they are."
        level = messages.WARNING if undone.edited else messages.SUCCESS
        self.message_user(request, text, level)
        return HttpResponseRedirect(next_url)

    @method_decorator(require_POST)
    def recheck_pending_view(self, request):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        count = services.comment_recheck_pending(actor=request.user)
        text = f"{plural(count)} awaiting moderation will be checked for spam again."
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(self._next_url(request))

    # Bulk actions ---------------------------------------------------------------------
    def _bulk(self, request, queryset, name):
        outcome = run_action(name, queryset, request.user, versions=self._seen_versions(request))
        self._report(request, name, outcome, request.get_full_path())

    def _seen_versions(self, request) -> dict[int, int]:
        """The content_version each row of the queue showed (columns.row_actions)."""
        versions = {}
        for value in request.POST.getlist(SEEN_VERSION_FIELD):
            pk, _, version = value.partition(":")
            pk, version = positive_int(pk), whole_number(version)
            if pk is not None and version is not None:
                versions[pk] = version
        return versions

    @admin.action(permissions=["moderate"], description="Approve")
    def approve(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(permissions=["moderate"], description="Unapprove (back to moderation)")
    def unapprove(self, request, queryset):
        self._bulk(request, queryset, "unapprove")

    @admin.action(permissions=["moderate"], description="Mark as spam")
    def mark_spam(self, request, queryset):
        self._bulk(request, queryset, "spam")

    @admin.action(permissions=["moderate"], description="Not spam (approve, teach the checker)")
    def mark_ham(self, request, queryset):
        self._bulk(request, queryset, "ham")

    @admin.action(permissions=["moderate"], description="Move to the trash")
    def trash(self, request, queryset):
        self._bulk(request, queryset, "trash")

    @admin.action(permissions=["moderate"], description="Restore from spam or trash")
    def restore(self, request, queryset):
        self._bulk(request, queryset, "restore")

    @admin.action(permissions=["moderate"], description="Check for spam again")
    def recheck(self, request, queryset):
        self._bulk(request, queryset, "recheck")

    @admin.action(permissions=["block"], description="Block the commenters (preview first)")
    def block_commenter(self, request, queryset):
        ids = queryset.values_list("pk", flat=True)[:20]
        return HttpResponseRedirect(block_url(ids, request.get_full_path()))

    @admin.action(permissions=["delete"], description="Delete permanently (spam and trash only)")
    def delete_selected(self, request, queryset):
        # Named as Django's action, whose confirmation page posts back to that name.
        deletable = queryset.filter(status__in=services.RESTORABLE_STATUSES)
        if skipped := queryset.count() - deletable.count():
            self.message_user(
                request,
                f"{plural(skipped)} left alone: only spam and trashed comments can be deleted "
                "permanently.",
                messages.WARNING,
            )
        if deletable.exists():
            return django_delete_selected(self, request, deletable)
        return None
