"""The poster's own comment (edit or withdraw within the window) and the privacy notice.

Posting lives with the essay page it returns to, in pages.views.comments.
"""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from comments.cookies import own_comment_ids
from comments.forms import CommentEditForm
from comments.models import Comment
from comments.selectors import comment_location
from comments.services import (
    comment_delete_by_poster,
    comment_edit_by_poster,
    comment_screen,
    poster_may_edit,
)


def own_comment_or_404(request, pk: int) -> Comment:
    if pk not in own_comment_ids(request):
        raise Http404("Not your comment.")
    return get_object_or_404(Comment.objects.select_related("essay"), pk=pk)


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The poster edits their comment within the edit window."""
    comment = own_comment_or_404(request, pk)
    if not poster_may_edit(comment):
        messages.error(request, "The time for editing this comment has passed.")
        return HttpResponseRedirect(comment.get_absolute_url())
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_edit_by_poster(comment=comment, body=form.cleaned_data["body"])
        except IntegrityError:
            form.add_error("body", "You have already said that: this comment is already posted.")
        else:
            comment = comment_screen(comment=comment, recheck_reason="edit")
            if comment.pk is None:  # dropped as blatant spam (SPAM_DISCARD_DROP)
                messages.info(request, "Your comment was updated and is held for review.")
                return HttpResponseRedirect(f"{comment.essay.get_absolute_url()}#comments")
            messages.success(request, "Your comment was updated.")
            return HttpResponseRedirect(comment_location(comment))
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "comments/edit.html", {"comment": comment, "form": form}, status=status)


@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The poster withdraws their comment within the edit window."""
    comment = own_comment_or_404(request, pk)
    if not poster_may_edit(comment):
        messages.error(request, "The time for withdrawing this comment has passed.")
    else:
        comment_delete_by_poster(comment=comment)
        messages.success(request, "Your comment was withdrawn.")
    return HttpResponseRedirect(comment.essay.get_absolute_url() + "#comments")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "comments/privacy.html",
        {
            "retention_days": settings.COMMENTS_METADATA_RETENTION_DAYS,
            "edit_minutes": settings.COMMENTS_EDIT_WINDOW_MINUTES,
            "checker_is_akismet": settings.SPAM_CHECKER == "akismet",
        },
    )
