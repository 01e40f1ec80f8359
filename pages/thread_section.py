"""The costly half of the comment section, cached: one page of threads joined into HTML, and
the essay body with its margin counts (about two thirds of a full render's own work).

A full render happens on a page-cache miss and for a reader who sees something of their own
in the thread (pages/personal.py). Both are made of the essay's comments and body, so the
section is kept under their stamps (comments_changed_at moves on every change readers see;
rendered_at and updated_at on every body change), the page and order of threads, whether
comments are open, and the state of the reader's own comments on the essay, which the
thread shows with "Edit or withdraw". A section showing a reader their pending comment is
built and never stored: a pending comment enters no cache.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

from comments.models import Comment
from comments.passages import essay_passages, shown_comment_ids
from comments.rendering import comment_list_html
from comments.selectors import CommentThread, ThreadOrder, comment_thread, thread_query
from essays.models import Essay
from pages.caching import cache_keep, rendering_digest


@dataclasses.dataclass(frozen=True)
class ThreadSection:
    thread: CommentThread  # its page is over a range of the threads' count: it pickles
    list_html: str
    body_html: str  # the essay body with the margin controls and counts


def thread_section(
    *, essay: Essay, own_ids: list[int], page_number: int, order: ThreadOrder, open_: bool
) -> ThreadSection:
    """The page of threads and the body with margins; Http404 for a page past the last."""
    own = []
    if own_ids:  # one small query, only for a reader who has posted
        own = list(
            Comment.objects.filter(essay=essay, pk__in=own_ids)
            .order_by("pk")
            .values_list("pk", "status", "under_hidden_parent", "updated_at")
        )
    if any(status == Comment.Status.PENDING for _, status, *_ in own):
        # A pending comment never enters any cache, not even under its poster's own key.
        return _build_section(essay, own_ids, page_number, order, open_)
    key = _section_key(essay, own, page_number, order, open_)
    section = cache.get(key)
    if section is None:
        section = _build_section(essay, own_ids, page_number, order, open_)
        cache_keep(key, section)
    return section


def _section_key(essay, own, page_number, order, open_) -> str:
    digest = rendering_digest(
        essay.pk, essay.comments_changed_at, essay.rendered_at, essay.updated_at,
        getattr(essay, "public_comment_count", None), own, page_number, order.value, open_,
        settings.COMMENTS_PER_PAGE, settings.COMMENTS_MAX_DEPTH,
    )  # fmt: skip
    return f"thread-section:1:{digest}"


def _build_section(essay, own_ids, page_number, order, open_) -> ThreadSection:
    try:
        thread = comment_thread(
            essay=essay,
            own_ids=own_ids,
            page_number=page_number,
            count=getattr(essay, "public_comment_count", None),  # set by a page-cache miss
            order=order,
        )
    except EmptyPage:
        # Not the last page instead: each junk number would be another cached copy of it.
        raise Http404(f"There is no page {page_number} of comments on this essay.") from None
    passages = essay_passages(
        essay=essay,
        own_ids=own_ids,
        shown_ids=shown_comment_ids(thread.nodes),
        comments_open=open_,
    )
    list_html = comment_list_html(
        thread.nodes,
        comments_open=open_,
        max_depth=settings.COMMENTS_MAX_DEPTH,
        own_ids=own_ids,
        passages=passages.quotes,
        page_query=thread_query(page=thread.page.number, order=order).removeprefix("?"),
    )
    # The page Django's paginator made holds the query of every thread: keep its numbers.
    threads = thread.page.paginator
    page = Paginator(range(threads.count), threads.per_page).page(thread.page.number)
    return ThreadSection(dataclasses.replace(thread, page=page), list_html, passages.body_html)
