"""RSS and Atom feeds: site-wide, per topic, per author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from essays.models import Author, Essay, Topic

FEED_LENGTH = 20


class LatestEssaysFeed(Feed):
    description = settings.SITE_DESCRIPTION

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return "/"

    def items(self, obj=None):
        return Essay.objects.published().with_bylines()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feeds carry the whole essay with its notes; readers should not need to click through.
        return item.body_html + item.notes_html

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class LatestEssaysAtomFeed(LatestEssaysFeed):
    feed_type = Atom1Feed
    subtitle = LatestEssaysFeed.description


class TopicFeed(LatestEssaysFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return Essay.objects.published().with_bylines().filter(topics=obj)[:FEED_LENGTH]


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = LatestEssaysFeed.description


class AuthorFeed(LatestEssaysFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: essays by {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return Essay.objects.published().with_bylines().filter(authors=obj)[:FEED_LENGTH]


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
    subtitle = LatestEssaysFeed.description
