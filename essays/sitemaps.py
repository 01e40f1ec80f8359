from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from essays.models import Author, Essay, Topic


class EssaySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Essay.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.filter(essays__in=Essay.objects.published()).distinct()


class AuthorSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Author.objects.filter(essays__in=Essay.objects.published()).distinct()


class PageSitemap(Sitemap):
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
