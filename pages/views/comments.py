"""Posting a comment from the essay page; a failed post shows the page again, form kept."""

from __future__ import annotations

import functools
from http import HTTPStatus

from django.contrib import messages
from django.db import IntegrityError, connection
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comments.client_ip import client_ip
from comments.compiled import STAND_IN_TIME, CompiledQuery, compile_query, stand_in_text
from comments.cookies import remember_author, remember_own_comment
from comments.forms import CommentForm, add_undecodable_errors
from comments.models import Comment
from comments.selectors import comment_location
from comments.services import (
    CommentData,
    PostingTooFast,
    RequestMeta,
    comment_screen,
    comment_submit,
)
from essays.models import BYLINE_JOIN, BYLINE_PREFETCHES, Essay
from pages.context import essay_page_context
from pages.crossorigin import same_origin_post

THANKS = {
    Comment.Status.APPROVED: "Thank you: your comment is published.",
    Comment.Status.PENDING: "Thank you: your comment is awaiting moderation.",
}
THANKS_HELD = "Thank you: your comment was received and is held for review."
PASSAGE_GONE = (
    "The passage you quoted is no longer in the essay, so your comment is posted on the "
    "essay as a whole."
)


def essay_with_form(request, essay: Essay, form: CommentForm, *, status: int) -> HttpResponse:
    """The essay page again, with the reader's form, its errors and everything they typed."""
    # Only this page shows the bylines: a post that succeeds never reads them (issue #17).
    prefetch_related_objects([essay], *BYLINE_PREFETCHES, BYLINE_JOIN)
    context = essay_page_context(request, essay, form=form)
    return render(request, "essays/essay_detail.html", context, status=status)


def cross_site_refused(request: HttpRequest, reason: str, slug: str) -> HttpResponse:
    """A post another site made the browser send: refused, with what was typed shown back."""
    essay = published_essay_or_404(slug)
    context = {"essay": essay, "body": request.POST.get("body", ""), "reason": reason}
    return render(request, "comments/cross_site.html", context, status=HTTPStatus.FORBIDDEN)


@functools.cache
def _published_by_slug(vendor: str) -> CompiledQuery:
    """Essay.objects.published().filter(slug=...), compiled once per process: building it
    took ten times as long as running it, on every post (issue #17)."""
    slug = stand_in_text("slug")
    essays = Essay.objects.published(now=STAND_IN_TIME).filter(slug=slug)
    return compile_query(essays, now=STAND_IN_TIME, slug=slug)


def published_essay_or_404(slug: str) -> Essay:
    found = _published_by_slug(connection.vendor).instances(now=timezone.now(), slug=slug)
    if not found:
        raise Http404("No published essay has this address.")
    return found[0]


# Fetch Metadata in place of the CSRF token, so the essay page can be one copy for every
# anonymous reader (pages/crossorigin.py); logged-in readers still need the token.
@require_POST
@same_origin_post(refused=cross_site_refused)
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    essay = published_essay_or_404(slug)
    form = CommentForm(request.POST, essay=essay)
    if not essay.comments_are_open():
        context = {"essay": essay, "body": request.POST.get("body", "")}
        return render(request, "comments/closed.html", context, status=HTTPStatus.FORBIDDEN)
    is_valid = form.is_valid()
    if add_undecodable_errors(form, request) or not is_valid:
        return essay_with_form(request, essay, form, status=HTTPStatus.BAD_REQUEST)
    try:
        comment = comment_submit(
            essay=essay,
            data=CommentData(
                author_name=form.cleaned_data["author_name"],
                author_email=form.cleaned_data["author_email"],
                author_url=form.cleaned_data["author_url"],
                body=form.cleaned_data["body"],
                anchor_id=form.cleaned_data["anchor_id"],
                anchor_quote=form.cleaned_data["anchor_quote"],
                parent=form.cleaned_data["parent"],
                notify_replies=form.cleaned_data["notify_replies"],
            ),
            meta=RequestMeta(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                referrer=request.META.get("HTTP_REFERER", ""),
            ),
            user=request.user,
            signals=form.spam_signals(),
        )
    except PostingTooFast as refusal:
        return too_fast(request, essay, form, wait=refusal.wait_seconds)
    except IntegrityError:
        form.add_error("body", "You have already said that: this comment is already posted.")
        return essay_with_form(request, essay, form, status=HTTPStatus.CONFLICT)
    if comment.check_state == Comment.CheckState.UNCHECKED:  # not judged before storing
        comment = comment_screen(comment=comment)
    if comment.pk is None:
        # Blatant spam, never kept (SPAM_DISCARD_DROP): answer as for any held comment.
        messages.info(request, THANKS_HELD)
        return HttpResponseRedirect(f"{essay.get_absolute_url()}#comments")
    response = HttpResponseRedirect(comment_location(comment))
    remember_own_comment(request, response, comment.pk)
    remember_author(response, form.cleaned_data)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, THANKS[comment.status])
    else:
        messages.info(request, THANKS.get(comment.status, THANKS_HELD))
    if form.cleaned_data["anchor_id"] and not (comment.anchor_id or comment.parent_id):
        messages.info(request, PASSAGE_GONE)
    return response


def too_fast(request, essay: Essay, form: CommentForm, *, wait: int) -> HttpResponse:
    form.add_error(
        None,
        f"You are posting too quickly. Please wait {wait} seconds and send it again; "
        "your comment is kept below.",
    )
    response = essay_with_form(request, essay, form, status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = str(wait)
    return response
