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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comments.cookies import own_comment_ids
from comments.forms import CommentEditForm
from comments.models import Comment
from comments.params import positive_int
from comments.selectors import ThreadOrder, comment_location
from comments.services import (
    comment_delete_by_poster,
    comment_edit_by_poster,
    comment_screen,
    poster_may_edit,
)
from essays.models import Essay


def own_comment_or_404(request, pk: int) -> Comment:
    if pk not in own_comment_ids(request):
        raise Http404("Not your comment.")
    return get_object_or_404(Comment.objects.select_related("essay"), pk=pk)


@require_GET
def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's lasting address: the page of the essay that shows its thread, in the
    order the reader chose (?order=). A comment readers cannot see leads to the comments."""
    comment = get_object_or_404(
        Comment.objects.select_related("essay", "root").filter(essay__in=Essay.objects.published()),
        pk=positive_int(str(pk)),  # a 30-digit id overflows the database: not found
    )
    visible = Comment.objects.visible_to(own_ids=own_comment_ids(request))
    if not visible.filter(pk=comment.pk).exists():
        return HttpResponseRedirect(f"{comment.essay.get_absolute_url()}#comments")
    order = ThreadOrder.from_query(request.GET.get("order"))
    return HttpResponseRedirect(comment_location(comment, order=order))


@require_GET
def comment_newest(request: HttpRequest, slug: str) -> HttpResponse:
    """The essay's newest public comment, on its page of threads in the reader's order."""
    essay = get_object_or_404(Essay.objects.published(), slug=slug)
    newest = (
        Comment.objects.public()
        .filter(essay=essay)
        .select_related("root")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if newest is None:
        return HttpResponseRedirect(f"{essay.get_absolute_url()}#comments")
    newest.essay = essay
    order = ThreadOrder.from_query(request.GET.get("order"))
    return HttpResponseRedirect(comment_location(newest, order=order))


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
