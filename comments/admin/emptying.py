"""Empty spam and Empty trash: a confirmation page, then one POST that deletes for good.

The live-reply guard is housekeeping's: a comment above a reply that is approved or awaiting
moderation stays, and the page says how many.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from comments.admin.actions import plural
from comments.models import Comment
from comments.services import EMPTIABLE, comment_empty, comment_empty_count


def empty_url(status: str) -> str:
    return reverse("admin:comments_comment_empty", args=[status])


class EmptyBins:
    """CommentAdmin's Empty spam / Empty trash (admin:comments_comment_empty)."""

    def empty_view(self, request, status):
        if status not in EMPTIABLE:
            raise Http404("Only spam and trash can be emptied.")
        if not self.has_delete_permission(request):
            raise PermissionDenied
        label = Comment.Status(status).label.lower()
        tab_url = f"{reverse('admin:comments_comment_changelist')}?{urlencode({'tab': status})}"
        if request.method == "POST":
            emptied = comment_empty(status=status, actor=request.user)
            text = f"Emptied the {label}: {plural(emptied.deleted)} deleted for good."
            if emptied.kept:
                their = "its" if emptied.kept == 1 else "their"
                text += f" {plural(emptied.kept)} kept: {their} replies are still live."
            self.message_user(request, text, messages.SUCCESS)
            return HttpResponseRedirect(tab_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Empty {label}",
            "opts": self.opts,
            "label": label,
            "count": comment_empty_count(status=status),
            "tab_url": tab_url,
        }
        return TemplateResponse(request, "admin/comments/comment/empty.html", context)
