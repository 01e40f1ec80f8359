"""The comment form's region of the essay page (templates/comments/_respond.html), cached.

The region differs between readers only by their remembered name, whether they are logged
in (a CSRF token) and the comment they reply to. It is rendered once per essay, comments
stamp and those values, with its two per-request values, the signed timestamp and the CSRF
token, as marks filled in on every request: the personal page (pages/personal.py) splices
it into the shared page, and a full render (pages/context.py) prints it as it is.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from comments.cookies import remembered_author
from comments.forms import CommentForm, sign_timestamp
from comments.models import Comment
from comments.params import positive_int
from essays.models import Essay
from pages.caching import cache_keep, rendering_digest, stamp_datetime


def respond_region(
    request: HttpRequest, *, essay: Essay, comments_changed_at
) -> tuple[SafeString, str]:
    """This reader's form region and the form timestamp in it. `comments_changed_at` is the
    essay's comments stamp: the reply target's name and state move it."""
    initial = comment_form_initial(request)
    authenticated = request.user.is_authenticated
    stamp = stamp_datetime(comments_changed_at) if comments_changed_at else None
    digest = rendering_digest(essay.pk, essay.slug, stamp, sorted(initial.items()), authenticated)
    key = f"essay-respond:2:{digest}"
    entry = cache.get(key)
    if entry is None:
        entry = _render_region(request, essay, initial)
        cache_keep(key, entry)
    timestamp_mark, csrf_mark, region = entry
    timestamp = sign_timestamp(essay.pk)
    region = region.replace(timestamp_mark, timestamp)
    if authenticated:
        region = region.replace(csrf_mark, get_token(request))
    return mark_safe(region), timestamp  # noqa: S308 - our template's output, values escaped


def _render_region(request: HttpRequest, essay: Essay, initial: dict) -> tuple[str, str, str]:
    """(timestamp mark, CSRF token mark, the region rendered with both marks in place)."""
    # Random per entry: a reader cannot type a mark into a field and have it replaced.
    timestamp_mark, csrf_mark = f"ts-{secrets.token_hex(12)}", f"csrf-{secrets.token_hex(12)}"
    form = CommentForm(essay=essay, initial=initial | {"timestamp": timestamp_mark})
    context = {
        "essay": essay,
        "comment_form": form,
        "reply_to": reply_target(essay, form),
        "user": request.user,
        "csrf_token": csrf_mark,
    }
    # No request: context processors would put the real token over the mark.
    region = render_to_string("comments/_respond.html", context).strip()
    return timestamp_mark, csrf_mark, region


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
