"""The personal-data tools of the comment list: export and erase an author's data."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.template.response import TemplateResponse

from comments.admin.actions import plural
from comments.models import Comment
from comments.services import privacy_erase, privacy_export


class PrivacyTools:
    """CommentAdmin's export and erase actions (comments.services.privacy)."""

    def _emails(self, queryset) -> list[str]:
        emails = queryset.annotate(email=Lower("author_email")).values_list("email", flat=True)
        return sorted({email for email in emails if email})

    @admin.action(permissions=["privacy"], description="Export the authors' personal data")
    def export_personal_data(self, request, queryset):
        data = {"exports": [privacy_export(email=email) for email in self._emails(queryset)]}
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response

    @admin.action(permissions=["privacy"], description="Erase the authors' comments and data")
    def erase_personal_data(self, request, queryset):
        emails = self._emails(queryset)
        if request.POST.get("post") == "yes":
            erased = [privacy_erase(email=email) for email in emails]
            self.message_user(
                request,
                f"Erased the comments of {plural(len(emails), 'email address')}: "
                f"{plural(sum(e.deleted for e in erased))} deleted, "
                f"{sum(e.anonymised for e in erased)} with replies anonymised.",
                messages.SUCCESS,
            )
            return None
        counts = dict(
            Comment.objects.annotate(email=Lower("author_email"))
            .filter(email__in=emails)
            .values_list("email")
            .annotate(Count("pk"))
            .order_by()
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data",
            "opts": self.opts,
            "emails": [(email, counts.get(email, 0)) for email in emails],
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/comments/comment/erase_personal_data.html", context)
