from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.static import serve

from essays.sitemaps import SITEMAPS
from essays.views import robots_txt
from pages.urls import comment_routes, essay_routes

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include((comment_routes, "comments"))),
    path("", include((essay_routes, "essays"))),
]

if settings.SERVE_MEDIA:
    # Uploads are served by the web server in production; this is for `make run` and tests.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
