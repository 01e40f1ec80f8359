"""Quick edit from the queue: author, text and status, in the row (with JavaScript) or on a
small page of its own (without)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from comments.admin.forms import QuickEditForm
from comments.admin.inline import back_url, form_response, is_inline, row_update
from comments.models import Comment
from comments.services import ModerationError, comment_quick_edit

FRAGMENT = "admin/comments/comment/_quick_edit_form.html"


def quick_edit_url(comment: Comment) -> str:
    return reverse("admin:comments_comment_quick_edit", args=[comment.pk])


class QuickEditDesk:
    """CommentAdmin's quick edit (admin:comments_comment_quick_edit)."""

    def get_urls(self):
        view = require_http_methods(["GET", "POST"])(self.quick_edit_view)
        return [
            path("<int:object_id>/quick-edit/", self.admin_site.admin_view(view),
                 name="comments_comment_quick_edit"),
            *super().get_urls(),
        ]  # fmt: skip

    def has_quick_edit_permission(self, request) -> bool:
        # Editing is change_comment; setting the status is moderating.
        return request.user.has_perm("comments.change_comment") and (
            self.has_moderate_permission(request)
        )

    def quick_edit_view(self, request, object_id):
        if not self.has_quick_edit_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("essay"), pk=object_id)
        # Where to go back to: carried by the form, checked before any redirect (_next_url).
        next_url = request.POST.get("next") or request.GET.get("next", "")
        form = QuickEditForm(request.POST or None, instance=comment)
        if request.method == "POST" and form.is_valid():
            saved = self._quick_edit_save(request, comment, form)
            if saved is not None:
                message = f"Saved {saved.author_name}'s comment ({saved.get_status_display()})."
                if is_inline(request):
                    return row_update(self, saved, message=message, next_url=next_url)
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(self._next_url(request))
        context = {"comment": comment, "form": form, "next": back_url(request, next_url)}
        return form_response(self, request, context, fragment=FRAGMENT,
                             page="admin/comments/comment/quick_edit.html",
                             title=f"Quick edit: {comment}")  # fmt: skip

    def _quick_edit_save(self, request, comment, form) -> Comment | None:
        """The saved comment, or None with the reason added to the form (what was typed stays)."""
        try:
            return comment_quick_edit(
                comment=comment,
                moderator=request.user,
                edit=form.quick_edit(),
                version=form.cleaned_data["version"],
            )
        except IntegrityError:
            form.add_error("body", "This author already posted the same text on this essay.")
        except ModerationError as error:  # EditedSince among them
            form.add_error(None, str(error))
        return None
