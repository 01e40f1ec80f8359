"""What the essay template needs beside the essay: neighbours, metadata, the comment section."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from comments.cookies import own_comment_ids, remembered_author
from comments.forms import CommentForm
from comments.models import Comment
from comments.params import positive_int
from comments.passages import form_passage
from comments.selectors import CommentThread, ThreadOrder, thread_query
from essays.exports import essay_citation, essay_citation_references
from essays.models import Essay
from essays.selectors import essay_neighbours
from pages.thread_section import thread_section


def essay_page_context(request: HttpRequest, essay: Essay, *, form=None) -> dict:
    """Template context for the essay page; `form` is a reader's failed post, if any."""
    previous, following = essay_neighbours(essay=essay)
    return {
        "essay": essay,
        "object": essay,
        "previous_essay": previous,
        "next_essay": following,
        "json_ld": essay_structured_data(essay),
        "citation": essay_citation(essay=essay),
        "citation_references": essay_citation_references(essay=essay),
    } | comment_section_context(request, essay, form=form)


def essay_structured_data(essay: Essay) -> dict:
    """schema.org Article data for search engines (JSON-LD)."""
    url = settings.SITE_URL + essay.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": essay.title[:110],
        "description": essay.dek,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": essay.publish_at.isoformat(),
        "dateModified": essay.updated_at.isoformat(),
        "wordCount": essay.word_count,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": settings.SITE_URL + author.get_absolute_url(),
            }
            for author in essay.authors.all()
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "keywords": [topic.name for topic in essay.topics.all()],
    }
    if hero := essay.hero:
        data["image"] = [settings.SITE_URL + hero.image.url]
    return data


def comment_section_context(request: HttpRequest, essay: Essay, *, form=None) -> dict:
    """The comments under `essay`: one page of threads, the form, and the reply target."""
    own_ids = own_comment_ids(request)
    order = ThreadOrder.from_query(request.GET.get("order"))
    comments_open = essay.comments_are_open()
    section = thread_section(
        essay=essay,
        own_ids=own_ids,
        page_number=positive_int(request.GET.get("cpage")) or 1,
        order=order,
        open_=comments_open,
    )
    if form is None:
        form = fresh_comment_form(request, essay)
    reply_to = reply_target(essay, form)
    # A reply answers its comment, not a passage.
    passage = None if reply_to else form_passage(form, essay.body_html, request.GET.get("passage"))
    return {
        "comment_thread": section.thread,
        "comment_list_html": section.list_html,
        "essay_body_html": section.body_html,
        "form_passage": passage,
        "comment_orders": thread_order_links(essay, order),
        "comment_pages": thread_page_links(essay, section.thread),
        "comment_form": form,
        "comments_open": comments_open,
        "comments_close_at": essay.comments_close_at(),
        "reply_to": reply_to,
        "own_comment_ids": own_ids,
        "comments_max_depth": settings.COMMENTS_MAX_DEPTH,
    }


@dataclass(frozen=True)
class ThreadLink:
    label: str
    url: str
    current: bool = False


def thread_order_links(essay: Essay, order: ThreadOrder) -> list[ThreadLink]:
    """One link per order, each to its first page."""
    path = essay.get_absolute_url()
    return [
        ThreadLink(choice.label, f"{path}{thread_query(order=choice)}#comments", choice is order)
        for choice in ThreadOrder
    ]


@dataclass(frozen=True)
class ThreadPages:
    numbered: list[ThreadLink | None]  # None stands for a gap ("…")
    previous: str | None
    following: str | None


def thread_page_links(essay: Essay, thread: CommentThread) -> ThreadPages | None:
    """Numbered links to the pages of threads in the reader's order, None for one page."""
    page, paginator = thread.page, thread.page.paginator
    if not page.has_other_pages():
        return None

    def url(number: int) -> str:
        return f"{essay.get_absolute_url()}{thread_query(page=number, order=thread.order)}#comments"

    numbers = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return ThreadPages(
        numbered=[
            None if n == paginator.ELLIPSIS else ThreadLink(str(n), url(n), n == page.number)
            for n in numbers
        ],
        previous=url(page.number - 1) if page.has_previous() else None,
        following=url(page.number + 1) if page.has_next() else None,
    )


def fresh_comment_form(request: HttpRequest, essay: Essay) -> CommentForm:
    """An empty form, with the remembered name and the reply target of `?replyto=`."""
    return CommentForm(essay=essay, initial=comment_form_initial(request))


def comment_form_initial(request: HttpRequest) -> dict:
    """What an empty form holds for this reader: their remembered name, the reply target."""
    initial = remembered_author(request)
    initial["remember"] = any(initial.values())
    reply_id = positive_int(request.GET.get("replyto"))
    if reply_id:
        initial["parent"] = reply_id
    return initial


def reply_target(essay: Essay, form: CommentForm) -> Comment | None:
    """The public comment the form replies to, if any."""
    parent_id = positive_int(
        form.data.get("parent") if form.is_bound else form.initial.get("parent")
    )
    if parent_id is None:
        return None
    reply_to = Comment.objects.public().filter(essay=essay, pk=parent_id).first()
    if reply_to is None and not form.is_bound:
        form.initial.pop("parent", None)
    return reply_to
