"""RSS feeds of approved comments: per essay and site-wide."""

from django.conf import settings
from django.shortcuts import get_object_or_404

from comments.models import Comment
from essays.feeds import SiteFeed
from essays.models import Essay

FEED_LENGTH = 30


def public_comments():
    """Approved comments on essays readers may see."""
    return (
        Comment.objects.public()
        .filter(essay__in=Essay.objects.published())
        .select_related("essay")
        .order_by("-submitted_at", "-pk")
    )


class RecentCommentsFeed(SiteFeed):
    description = "The latest approved comments."

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: recent comments"

    def link(self, obj=None):
        return "/"

    def items(self, obj=None):
        return public_comments()[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.author_name} on “{item.essay.title}”"

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()  # the permalink: it finds the comment's page

    def item_guid(self, item):
        # What items were known by before permalinks: feed readers must not see them as new.
        return f"{settings.SITE_URL}{item.essay.get_absolute_url()}#comment-{item.pk}"

    def item_pubdate(self, item):
        return item.submitted_at

    def item_author_name(self, item):
        return item.author_name


class EssayCommentsFeed(RecentCommentsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Essay.objects.published(), slug=slug)

    def title(self, obj=None):
        return f"Comments on “{obj.title}”"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return public_comments().filter(essay=obj)[:FEED_LENGTH]
