"""Django's CSRF failure view, with one case of our own: a logged-in reader's comment whose
token no longer matches keeps what they typed.

The essay page an anonymous reader loads has no token (its form is protected by Fetch
Metadata, pages/crossorigin.py). A reader who then logs in, in another tab, and posts that
form now needs one, and the post is refused. Fetch Metadata has already found it
same-origin by then, so it is their own post: the page comes back with their comment in the
form, a token, and what to do.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import csrf

from comments.forms import CommentForm
from essays.models import Essay
from pages.crossorigin import cross_origin_refusal
from pages.views.comments import essay_with_form

SESSION_CHANGED = (
    "You logged in or out since this page was loaded, so your comment was not posted. "
    "It is kept below: check it and post it again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    match = request.resolver_match
    own_comment_post = (
        request.method == "POST"
        and match is not None
        and match.view_name == "comments:post"
        and cross_origin_refusal(request) is None
    )
    if not own_comment_post:
        return csrf.csrf_failure(request, reason)
    essay = get_object_or_404(Essay.objects.published(), slug=match.kwargs["slug"])
    form = CommentForm(request.POST, essay=essay)
    form.is_valid()  # what else is wrong is said at the same time
    form.add_error(None, SESSION_CHANGED)
    return essay_with_form(request, essay, form, status=HTTPStatus.FORBIDDEN)
