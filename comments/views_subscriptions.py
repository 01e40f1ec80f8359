"""The pages behind the links in subscribers' mail: confirm, unsubscribe, manage.

A GET never changes anything (mail scanners and link previews fetch every link); each page
shows a button, and the POST does the work. The unsubscribe POST takes no CSRF token: mail
providers send it themselves (RFC 8058 one-click), and all it can do is stop mail.
"""

from __future__ import annotations

from functools import wraps
from http import HTTPStatus

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from comments.models import Subscription
from comments.notifications.links import (
    LinkMaker,
    LinkRefused,
    confirm_link,
    manage_link,
    unsubscribe_link,
)
from comments.params import positive_int
from comments.services.subscriptions import (
    subscription_confirm,
    subscription_pending_with,
    subscription_set_digest,
    subscription_unsubscribe,
)

TEMPLATES = "comments/subscriptions/"


def _subscription(link: LinkMaker, token: str) -> Subscription:
    subscription_id = link.read(token)
    subscription = Subscription.objects.select_related("essay").filter(pk=subscription_id).first()
    if subscription is None:
        raise LinkRefused("This subscription no longer exists: it was removed with your data.")
    return subscription


def link_refused(request: HttpRequest, refusal: LinkRefused) -> HttpResponse:
    context = {"reason": str(refusal), "expired": refusal.expired}
    return render(request, TEMPLATES + "link_refused.html", context, status=HTTPStatus.BAD_REQUEST)


def signed_for(link: LinkMaker):
    """The view receives the subscription its link was made for, or the reader a page
    saying why the link does not work (expired, altered, another purpose's)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, token: str) -> HttpResponse:
            try:
                subscription = _subscription(link, token)
            except LinkRefused as refusal:
                return link_refused(request, refusal)
            return view(request, subscription)

        return never_cache(require_http_methods(["GET", "POST"])(wrapper))

    return decorate


@signed_for(confirm_link)
def subscription_confirm_view(request: HttpRequest, subscription: Subscription) -> HttpResponse:
    context = {"subscription": subscription, "manage_url": manage_link.url(subscription.pk)}
    if request.method == "POST":
        subscription_confirm(subscription=subscription)
        return render(request, TEMPLATES + "confirmed.html", context)
    context["pending"] = list(subscription_pending_with(subscription))
    return render(request, TEMPLATES + "confirm.html", context)


@csrf_exempt  # RFC 8058: the mail provider's POST carries no token; it can only stop mail
@signed_for(unsubscribe_link)
def unsubscribe_view(request: HttpRequest, subscription: Subscription) -> HttpResponse:
    if request.method == "POST":
        subscription = subscription_unsubscribe(subscription=subscription)
    context = {"subscription": subscription, "manage_url": manage_link.url(subscription.pk)}
    return render(request, TEMPLATES + "unsubscribe.html", context)


ACTIONS = {
    "unsubscribe": lambda each: subscription_unsubscribe(subscription=each),
    "digest": lambda each: subscription_set_digest(subscription=each, digest=True),
    "each": lambda each: subscription_set_digest(subscription=each, digest=False),
}


@signed_for(manage_link)
def subscriptions_manage_view(request: HttpRequest, owner: Subscription) -> HttpResponse:
    """Every subscription of the link's address: unsubscribe each, daily digest or each mail."""
    mine = Subscription.objects.filter(email=owner.email).select_related("essay", "comment")
    if request.method == "POST":
        action = ACTIONS.get(str(request.POST.get("action", "")))
        chosen = mine.filter(pk=positive_int(request.POST.get("subscription")) or 0).first()
        if action is None or chosen is None:
            messages.error(request, "That is not one of your subscriptions; nothing changed.")
            return HttpResponseRedirect(request.path, status=HTTPStatus.SEE_OTHER)
        action(chosen)
        messages.success(request, "Saved.")
        return HttpResponseRedirect(request.path, status=HTTPStatus.SEE_OTHER)
    context = {"email": owner.email, "subscriptions": mine.order_by("-created_at", "pk")}
    return render(request, TEMPLATES + "manage.html", context)
