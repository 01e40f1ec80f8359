"""“Follow this discussion”, posted from the essay page (Fetch Metadata, like a comment)."""

from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comments.client_ip import client_ip, ip_group
from comments.forms import FollowForm
from comments.services.subscriptions import (
    FollowingTooFast,
    discussion_follow,
    follow_gate_pass,
)
from essays.models import Essay
from pages.crossorigin import same_origin_post
from pages.views.comments import cross_site_refused

# One answer whatever the address's state, so the form tells no stranger who follows what.
FOLLOW_THANKS = (
    "Thank you. Unless this address already gets mail about this discussion, a mail with "
    "a link to confirm is on its way."
)


@require_POST
@same_origin_post(refused=cross_site_refused)
def discussion_follow_post(request: HttpRequest, slug: str) -> HttpResponse:
    essay = get_object_or_404(Essay.objects.published(), slug=slug)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return refused(request, essay, form, status=HTTPStatus.BAD_REQUEST)
    try:
        follow_gate_pass(sender=ip_group(client_ip(request)), now=timezone.now())
    except FollowingTooFast as refusal:
        minutes = -(-refusal.wait_seconds // 60)
        form.add_error(None, f"Too many requests from your network; try again in {minutes} min.")
        response = refused(request, essay, form, status=HTTPStatus.TOO_MANY_REQUESTS)
        response["Retry-After"] = str(refusal.wait_seconds)
        return response
    discussion_follow(email=form.cleaned_data["email"], essay=essay)
    messages.info(request, FOLLOW_THANKS)
    return HttpResponseRedirect(f"{essay.get_absolute_url()}#comments")


def refused(request, essay: Essay, form: FollowForm, *, status: int) -> HttpResponse:
    """The follow form again, with why and the address as typed."""
    context = {"essay": essay, "form": form}
    return render(request, "comments/subscriptions/follow.html", context, status=status)
