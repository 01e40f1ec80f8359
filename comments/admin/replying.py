"""Reply from the desk: a moderator answers a comment as themselves, approved and threaded."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from comments.models import Comment
from comments.services import ModerationError, comment_reply_by_moderator
from comments.validators import validate_no_control_characters


def reply_url(comment: Comment) -> str:
    return reverse("admin:comments_comment_reply", args=[comment.pk])


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000, validators=[validate_no_control_characters],
    )  # fmt: skip


class ReplyDesk:
    """CommentAdmin's reply page (admin:comments_comment_reply)."""

    def reply_view(self, request, object_id):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        parent = get_object_or_404(Comment.objects.select_related("essay"), pk=object_id)
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                comment_reply_by_moderator(
                    parent=parent, actor=request.user, body=form.cleaned_data["body"]
                )
            except IntegrityError:
                form.add_error("body", "You already posted this reply on this essay.")
            except ModerationError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    f"Replied to {parent.author_name}; the reply is approved.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._next_url(request))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reply to {parent}",
            "opts": self.opts,
            "parent": parent,
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)
