"""The comment section of an essay page: thread, form and reply target."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import comment_list_html
from comments.selectors import comment_thread, own_comment_ids
from essays.models import Essay


def comment_section_context(request: HttpRequest, essay: Essay, *, form=None) -> dict:
    """Template context for the comments under `essay`."""
    from comments.views import remembered_author

    own_ids = own_comment_ids(request)
    thread = comment_thread(
        essay=essay,
        own_ids=own_ids,
        page_number=request.GET.get("cpage") or 1,
        count=getattr(essay, "public_comment_count", None),  # set by a page-cache miss
    )
    reply_to = None
    if form is None:
        initial = remembered_author(request)
        initial["remember"] = any(initial.values())
        reply_id = request.GET.get("replyto", "")
        if reply_id.isdigit():
            reply_to = Comment.objects.public().filter(essay=essay, pk=int(reply_id)).first()
            if reply_to:
                initial["parent"] = reply_to.pk
        form = CommentForm(essay=essay, initial=initial)
    elif form.is_bound and form.data.get("parent", "").isdigit():
        reply_to = Comment.objects.public().filter(essay=essay, pk=int(form.data["parent"])).first()
    comments_open = essay.comments_are_open()
    return {
        "comment_thread": thread,
        "comment_list_html": comment_list_html(
            thread.nodes,
            comments_open=comments_open,
            max_depth=settings.COMMENTS_MAX_DEPTH,
            own_ids=own_ids,
        ),
        "comment_form": form,
        "comments_open": comments_open,
        "comments_close_at": essay.comments_close_at(),
        "reply_to": reply_to,
        "own_comment_ids": own_ids,
        "comments_max_depth": settings.COMMENTS_MAX_DEPTH,
    }
