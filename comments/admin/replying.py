"""Reply from the desk: a moderator answers a comment as themselves, approved and threaded,
inside the comment's row (with JavaScript) or on a page of its own (without)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from comments.admin.inline import back_url, form_response, is_inline
from comments.models import Comment
from comments.services import ModerationError, comment_reply_by_moderator
from comments.validators import validate_no_control_characters

FRAGMENT = "admin/comments/comment/_reply_form.html"


def reply_url(comment: Comment) -> str:
    return reverse("admin:comments_comment_reply", args=[comment.pk])


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000, validators=[validate_no_control_characters],
    )  # fmt: skip


def reply_shown(reply: Comment) -> str:
    """The reply as the row shows it once posted (body_html was sanitised at save)."""
    return format_html(
        '<div class="cm-inline-reply" role="status"><p><strong><bdi>{}</bdi></strong> replied '
        '(approved, from the editors) <a href="{}">view</a></p><div class="cm-body">{}</div></div>',
        reply.author_name,
        reply.get_absolute_url(),
        mark_safe(reply.body_html),  # noqa: S308
    )


class ReplyDesk:
    """CommentAdmin's reply page (admin:comments_comment_reply)."""

    def reply_view(self, request, object_id):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        parent = get_object_or_404(Comment.objects.select_related("essay"), pk=object_id)
        form = ReplyForm(request.POST or None, auto_id=f"cm-reply-{parent.pk}-%s")
        if request.method == "POST" and form.is_valid():
            reply = self._reply_save(request, parent, form)
            if reply is not None:
                message = f"Replied to {parent.author_name}; the reply is approved."
                if is_inline(request):
                    return JsonResponse({"message": message, "reply_html": reply_shown(reply)})
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(self._next_url(request))
        context = {
            "parent": parent,
            "form": form,
            "next": back_url(request, request.POST.get("next") or request.GET.get("next", "")),
        }
        return form_response(self, request, context, fragment=FRAGMENT,
                             page="admin/comments/comment/reply.html",
                             title=f"Reply to {parent}")  # fmt: skip

    def _reply_save(self, request, parent, form) -> Comment | None:
        """The approved reply, or None with the reason added to the form (the text stays)."""
        try:
            return comment_reply_by_moderator(
                parent=parent, actor=request.user, body=form.cleaned_data["body"]
            )
        except IntegrityError:
            form.add_error("body", "You already posted this reply on this essay.")
        except ModerationError as error:
            form.add_error(None, str(error))
        return None
