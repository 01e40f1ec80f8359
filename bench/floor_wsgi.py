"""The framework floor for bench/site_bench.py: the project's settings and middleware, one
view doing one query. Served by its own gunicorn, so the site's URLs stay untouched:

    gunicorn bench.floor_wsgi:application    # then GET /floor/
"""

import os
from html import escape

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def floor(request):
    from essays.models import Essay

    title = Essay.objects.published().values_list("title", flat=True).first() or ""
    return HttpResponse(f"<!doctype html><title>Floor</title><h1>{escape(title)}</h1>")


urlpatterns = [path("floor/", floor)]
application = get_wsgi_application()
settings.ROOT_URLCONF = __name__
