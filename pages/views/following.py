"""“Follow this discussion”, posted from the essay page (Fetch Metadata, like a comment)."""

from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from comments.forms import FollowForm
from comments.services.subscriptions import discussion_follow
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
        context = {"essay": essay, "form": form}
        return render(
            request, "comments/subscriptions/follow.html", context, status=HTTPStatus.BAD_REQUEST
        )
    discussion_follow(email=form.cleaned_data["email"], essay=essay)
    messages.info(request, FOLLOW_THANKS)
    return HttpResponseRedirect(f"{essay.get_absolute_url()}#comments")
