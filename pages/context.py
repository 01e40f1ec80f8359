"""What the essay template needs beside the essay: neighbours, metadata, the comment section."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from comments.cookies import own_comment_ids
from comments.params import positive_int
from comments.passages import form_passage
from comments.selectors import CommentThread, ThreadOrder, thread_query
from essays.exports import essay_citation, essay_citation_references
from essays.models import Essay
from essays.selectors import essay_neighbours
from pages.respond import fresh_comment_form, reply_target, respond_region
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


def comment_form_context(request: HttpRequest, essay: Essay, *, form, comments_open) -> dict:
    """The form under the comments: a reader's failed post as they sent it, or an empty form,
    whose region comes from the cache (pages/respond.py) unless a passage link fills it in.
    `form_timestamp` is the form's signed timestamp, which the page cache marks."""
    passage_link = request.GET.get("passage")
    if form is None and comments_open and not passage_link:
        html, timestamp = respond_region(
            request, essay=essay, comments_changed_at=essay.comments_changed_at
        )
        return {"respond_html": html, "form_timestamp": timestamp}
    if form is None:
        form = fresh_comment_form(request, essay)
    reply_to = reply_target(essay, form)
    # A reply answers its comment, not a passage.
    passage = None if reply_to else form_passage(form, essay.body_html, passage_link)
    return {
        "comment_form": form,
        "reply_to": reply_to,
        "form_passage": passage,
        "form_timestamp": form.initial.get("timestamp", ""),
    }


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
    return {
        "comment_thread": section.thread,
        "comment_list_html": section.list_html,
        "essay_body_html": section.body_html,
        "comment_orders": thread_order_links(essay, order),
        "comment_pages": thread_page_links(essay, section.thread),
        "comments_open": comments_open,
        "comments_close_at": essay.comments_close_at(),
        "own_comment_ids": own_ids,
        "comments_max_depth": settings.COMMENTS_MAX_DEPTH,
    } | comment_form_context(request, essay, form=form, comments_open=comments_open)


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
