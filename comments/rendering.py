"""A comment's display HTML, built once when it is approved or edited, and the thread markup.

The markup matches what templates/comments/_comment.html used to produce per comment per
request; two `|date` filters and a `{% url %}` per comment were most of the page's cost.
Pure functions over comment attributes: no queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from comments.models import Comment
from essays.citations import smarten_html

BODY_OPEN = '<div class="comment__body">'
PENDING_NOTICE = (
    '<p class="comment__pending" role="status">'
    "Your comment is awaiting moderation. Only you can see it.</p>"
)


def comment_display_html(comment, *, pending: bool = False) -> str:
    """The opening `<article>`, author line, date and body of `comment` (footer added later).

    Quotes become typographic here, for display only: the stored body reads back as typed.
    """
    pk = comment.pk
    name = escape(comment.author_name)
    if comment.author_url:
        name = f'<a href="{escape(comment.author_url)}" rel="nofollow ugc noopener">{name}</a>'
    badge = ' <span class="badge">Editors</span>' if comment.is_from_editors else ""
    submitted = timezone.localtime(comment.submitted_at)
    iso = date_format(submitted, r"Y-m-d\TH:i:sO")
    shown = date_format(submitted, r"F j, Y \a\t H:i")
    return (
        f'<article aria-labelledby="comment-{pk}-author">'
        f'<header class="comment__meta">'
        f'<span class="avatar" aria-hidden="true">{escape(comment.author_name[:1].upper())}</span> '
        f'<span class="comment__author" id="comment-{pk}-author"><bdi>{name}</bdi></span>{badge} '
        f'<a class="comment__date" href="#comment-{pk}"><time datetime="{iso}">{shown}</time></a>'
        f"</header>"
        f"{PENDING_NOTICE if pending else ''}"
        f"{BODY_OPEN}{smarten_html(comment.body_html)}</div>"
    )


@dataclass(frozen=True)
class _ListOptions:
    comments_open: bool
    max_depth: int
    own_ids: frozenset
    passages: dict
    reply_query: str  # the page's own query, escaped, so "Reply" stays on this page


def comment_list_html(
    nodes, *, comments_open: bool, max_depth: int, own_ids=(), passages=None, page_query=""
) -> SafeString:
    """The `<li>` items of a page of threads, from stored fragments where they exist.

    Only the reader's own pending comments (and rows stored before fragments existed) are
    rendered here; reply links depend on the essay and the depth, so they are added per page,
    as are the quoted passages (`passages`: pk -> HTML, from comments.passages), which follow
    edits of the essay. `page_query` ("cpage=2&order=newest") is kept by the reply links, so
    a reader without JavaScript answers on the page of threads they were reading.
    """
    parts: list[str] = []
    reply_query = escape(f"{page_query}&") if page_query else ""
    options = _ListOptions(
        comments_open, max_depth, frozenset(own_ids), passages or {}, reply_query
    )
    _append_items(parts, nodes, options)
    return mark_safe("".join(parts))  # noqa: S308 - fragments are built from escaped values


def _append_items(parts, nodes, options: _ListOptions) -> None:
    for node in nodes:
        comment = node.comment
        pk = comment.pk
        pending = comment.status == Comment.Status.PENDING
        classes = "comment"
        if comment.is_from_editors:
            classes += " comment--editors"
        if pending:
            classes += " comment--pending"
        parts.append(f'<li class="{classes}" id="comment-{pk}">')
        if comment.display_html and not pending:
            fragment = comment.display_html
        else:
            fragment = comment_display_html(comment, pending=pending)
        if pk in options.passages:
            # The first such <div> is the body's: everything in the header before it is escaped.
            fragment = fragment.replace(BODY_OPEN, options.passages[pk] + BODY_OPEN, 1)
        parts.append(fragment)
        parts.append('<footer class="comment__actions">')
        if options.comments_open and not pending and comment.depth < options.max_depth:
            parts.append(
                f'<a class="reply-link" href="?{options.reply_query}replyto={pk}#respond" '
                f'data-reply-to="{pk}" '
                f'aria-label="Reply to {escape(comment.author_name)}">Reply</a>'
            )
        if pk in options.own_ids:
            parts.append(f' <a href="{reverse("comments:edit", args=[pk])}">Edit or withdraw</a>')
        parts.append("</footer></article>")
        if node.replies:
            parts.append('<ol class="comment-list comment-list--replies">')
            _append_items(parts, node.replies, options)
            parts.append("</ol>")
        parts.append("</li>")
