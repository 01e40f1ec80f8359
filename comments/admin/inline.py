"""What the queue's rows need when a form opens inside them (static/js/moderation-inline.js).

The script asks for a form with ``inline=1``: the answer is the form alone (again, with its
errors and what was typed, when a post is refused), or JSON with what changed in the row.
Without JavaScript the same views serve pages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from comments.admin.queue import TABS, annotate_page
from comments.models import Comment

PARAMETER = "inline"


def is_inline(request) -> bool:
    return (request.POST if request.method == "POST" else request.GET).get(PARAMETER) == "1"


def form_response(
    model_admin, request, context: dict, *, fragment: str, page: str, title: str
) -> HttpResponse:
    """The form of a row action: alone to go inside the row (`inline=1`), else as an admin
    page. With its errors either way (200, as Django answers a refused form: the script tells
    it from a success by its type)."""
    context = {**context, "inline": is_inline(request)}
    if context["inline"]:
        return HttpResponse(render_to_string(fragment, context, request=request))
    page_context = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts,
                    "title": title, **context}  # fmt: skip
    return TemplateResponse(request, page, page_context)


def back_url(request, next_url: str) -> str:
    """`next_url` if it stays on this site, else the queue: safe for a link's href."""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("admin:comments_comment_changelist")


def tab_of(next_url: str) -> str:
    """The tab of the queue page a row was on, so its filter links stay in that tab."""
    tab = QueryDict(urlsplit(next_url).query).get("tab")
    return tab if tab in TABS else "pending"


def row_cells(model_admin, comment: Comment, *, tab: str) -> dict[str, str]:
    """Each column of `comment`'s row as the queue shows it, by column name."""
    annotate_page([comment])
    comment.shown_in_tab = tab
    cells = {name: str(getattr(model_admin, name)(comment)) for name in model_admin.list_display}
    change_url = reverse("admin:comments_comment_change", args=[comment.pk])
    for name in model_admin.list_display_links:
        cells[name] = str(format_html('<a href="{}">{}</a>', change_url, cells[name]))
    return cells


def row_update(model_admin, comment: Comment, *, message: str, next_url: str) -> JsonResponse:
    return JsonResponse(
        {"message": message, "cells": row_cells(model_admin, comment, tab=tab_of(next_url))}
    )
