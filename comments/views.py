"""Posting, editing and withdrawing comments; the privacy notice."""

from __future__ import annotations

import datetime
import json
import math
from http import HTTPStatus
from urllib.parse import unquote, unquote_to_bytes

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from comments.forms import CommentEditForm, CommentForm
from comments.models import Comment
from comments.selectors import (
    OWN_COMMENTS_COOKIE,
    OWN_COMMENTS_KEPT,
    OWN_COMMENTS_SALT,
    comment_page_number,
    own_comment_ids,
)
from comments.services import (
    CommentData,
    RequestMeta,
    comment_create,
    comment_delete_by_poster,
    comment_edit_by_poster,
    poster_may_edit,
)
from comments.spam.pipeline import comment_screen
from essays.models import Essay

REMEMBER_COOKIE = "comment_author"
REMEMBER_SALT = "comments.remember"


def client_ip(request: HttpRequest) -> str | None:
    """The commenter's IP: REMOTE_ADDR, or the configured trusted proxy header."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def flood_wait_seconds(ip_address: str | None) -> int:
    """Seconds this IP must wait before posting again (0: it may post now)."""
    if not ip_address:
        return 0
    now = timezone.now()
    recent = Comment.objects.filter(ip_address=ip_address)
    flood = settings.COMMENTS_FLOOD_SECONDS
    if flood > 0:
        window_start = now - datetime.timedelta(seconds=flood)
        last = (
            recent.filter(submitted_at__gt=window_start)
            .order_by("-submitted_at")
            .values_list("submitted_at", flat=True)
            .first()
        )
        if last is not None:
            return max(1, math.ceil(flood - (now - last).total_seconds()))
    hour_ago = now - datetime.timedelta(hours=1)
    in_last_hour = recent.filter(submitted_at__gt=hour_ago).order_by("submitted_at")
    if in_last_hour.count() >= settings.COMMENTS_HOURLY_CAP_PER_IP:
        oldest = in_last_hour.values_list("submitted_at", flat=True).first()
        return max(1, math.ceil((oldest - hour_ago).total_seconds()))
    return 0


def essay_with_form(request, essay: Essay, form: CommentForm, *, status: int) -> HttpResponse:
    """The essay page again, with the reader's form, its errors and everything they typed."""
    from essays.views import essay_page_context

    context = {"essay": essay, "object": essay} | essay_page_context(request, essay, form=form)
    return render(request, "essays/essay_detail.html", context, status=status)


def refuse_undecodable_fields(request: HttpRequest, form: CommentForm) -> bool:
    """Add a form error for each field whose bytes are not UTF-8; True if there was one.

    Django decodes form data with errors="replace", so invalid bytes would otherwise be
    stored as U+FFFD without the commenter ever knowing.
    """
    if request.content_type != "application/x-www-form-urlencoded":
        return False
    refused = False
    for pair in request.body.split(b"&"):
        name, _, value = pair.partition(b"=")
        try:
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            field = unquote(name.decode("latin-1"))
            form.add_error(
                field if field in form.fields else None,
                "This contains bytes that are not valid text (UTF-8). Retype it and try again.",
            )
            refused = True
    return refused


@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    essay = get_object_or_404(Essay.objects.published().with_bylines(), slug=slug)
    form = CommentForm(request.POST, essay=essay)
    if not essay.comments_are_open():
        return render(
            request,
            "comments/closed.html",
            {"essay": essay, "body": request.POST.get("body", "")},
            status=HTTPStatus.FORBIDDEN,
        )
    is_valid = form.is_valid()
    if refuse_undecodable_fields(request, form) or not is_valid:
        return essay_with_form(request, essay, form, status=HTTPStatus.BAD_REQUEST)
    ip_address = client_ip(request)
    wait = flood_wait_seconds(ip_address)
    if wait:
        form.add_error(
            None,
            f"You are posting too quickly. Please wait {wait} seconds and send it again; "
            "your comment is kept below.",
        )
        response = essay_with_form(request, essay, form, status=HTTPStatus.TOO_MANY_REQUESTS)
        response["Retry-After"] = str(wait)
        return response
    data = form.cleaned_data
    try:
        comment = comment_create(
            essay=essay,
            data=CommentData(
                author_name=data["author_name"],
                author_email=data["author_email"],
                author_url=data["author_url"],
                body=data["body"],
                parent=data["parent"],
            ),
            meta=RequestMeta(
                ip_address=ip_address,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                referrer=request.META.get("HTTP_REFERER", ""),
            ),
            user=request.user,
            signals=form.spam_signals(),
        )
    except IntegrityError:
        form.add_error("body", "You have already said that: this comment is already posted.")
        return essay_with_form(request, essay, form, status=HTTPStatus.CONFLICT)
    comment = comment_screen(comment=comment)
    if comment.pk is None:
        # Blatant spam, deleted at once (SPAM_DISCARD_DROP): answer as for any held comment.
        messages.info(request, "Thank you: your comment was received and is held for review.")
        return HttpResponseRedirect(f"{essay.get_absolute_url()}#comments")
    response = HttpResponseRedirect(comment_location(comment))
    remember_own_comment(request, response, comment)
    remember_author(response, form)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, "Thank you: your comment is published.")
    elif comment.status == Comment.Status.PENDING:
        messages.info(request, "Thank you: your comment is awaiting moderation.")
    else:
        messages.info(request, "Thank you: your comment was received and is held for review.")
    return response


def comment_location(comment: Comment) -> str:
    """The essay page (on the right page of threads) at the comment's anchor."""
    page = comment_page_number(comment)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.essay.get_absolute_url()}{query}#comment-{comment.pk}"


def remember_own_comment(request, response, comment: Comment) -> None:
    ids = [*own_comment_ids(request), comment.pk][-OWN_COMMENTS_KEPT:]
    response.set_signed_cookie(
        OWN_COMMENTS_COOKIE,
        ",".join(map(str, ids)),
        salt=OWN_COMMENTS_SALT,
        max_age=30 * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def remember_author(response, form: CommentForm) -> None:
    """Keep name, email and website in a cookie only if the reader asked for it."""
    if form.cleaned_data.get("remember"):
        value = json.dumps({key: form.cleaned_data[key] for key in
                            ("author_name", "author_email", "author_url")})  # fmt: skip
        response.set_signed_cookie(
            REMEMBER_COOKIE,
            value,
            salt=REMEMBER_SALT,
            max_age=settings.COMMENTS_REMEMBER_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    else:
        response.delete_cookie(REMEMBER_COOKIE)


def remembered_author(request) -> dict:
    try:
        value = request.get_signed_cookie(REMEMBER_COOKIE, default="", salt=REMEMBER_SALT)
        data = json.loads(value) if value else {}
    except (signing.BadSignature, ValueError):
        return {}
    return {key: str(data.get(key, "")) for key in ("author_name", "author_email", "author_url")}


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
