from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from essays.models import Author, Essay, Topic


class SiteSitemap(Sitemap):
    """Locations on SITE_URL's scheme and host; Django's view takes them from the request."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class EssaySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Essay.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.filter(essays__in=Essay.objects.published()).distinct()


class AuthorSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Author.objects.filter(essays__in=Essay.objects.published()).distinct()


class PageSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["essays:index", "essays:archive"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "essays": EssaySitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "pages": PageSitemap,
}
