"""Admin login throttling with django-axes: the page a locked-out login gets.

Failures are counted by the address comments.client_ip.client_ip finds (AXES_CLIENT_IP_CALLABLE),
so behind a proxy the lock follows the reader, not the proxy.
"""

from http import HTTPStatus

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


def lockout_response(request, original_response=None, credentials=None):
    """429: how long to wait, and how an administrator lifts the lock (AXES_LOCKOUT_CALLABLE)."""
    now = timezone.now()
    wait = timeuntil(now + settings.AXES_COOLOFF_TIME, now)
    return render(
        request,
        "admin/login_locked_out.html",
        {"wait": wait, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
