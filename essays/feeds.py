"""RSS and Atom feeds: site-wide, per topic, per author."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed

from essays.citations import without_sidenotes
from essays.models import Author, Essay, Topic
from essays.validators import strip_unpublishable

FEED_LENGTH = 20


def feed_essays():
    """Published essays with what an item shows, in a fixed number of queries."""
    return Essay.objects.published().with_bylines().prefetch_related("corrections")


class SiteURLRequest:
    """The request, but on the host and scheme of SITE_URL.

    Django's Feed makes its links absolute with the request's Host header (through
    get_current_site); a feed reader or cache must never be handed another host's links.
    """

    def __init__(self, request):
        self._request = request
        self._site = urlsplit(settings.SITE_URL)

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self) -> str:
        return self._site.netloc

    def is_secure(self) -> bool:
        return self._site.scheme == "https"


def _cleaned(value):
    """`value` with every string in it, however nested, stripped of unpublishable characters."""
    if isinstance(value, str):
        return strip_unpublishable(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_cleaned(item) for item in value)
    return value


class SiteFeed(Feed):
    """A feed whose links start with SITE_URL and that is well-formed whatever is stored.

    Django's XML writer fails on a control character (a 500) and writes U+FFFE as it is (a
    malformed feed); text saved before the validators existed may hold either.
    """

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The XML writer leaves the body in some 800 pieces, which the server wrote to the
        # socket one by one (and the cache kept so): 5.5 ms a cached feed instead of 1.3.
        response.content = response.content
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, SiteURLRequest(request))
        feed.feed = _cleaned(feed.feed)
        feed.items = _cleaned(feed.items)
        return feed


class LatestEssaysFeed(SiteFeed):
    description = settings.SITE_DESCRIPTION

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return "/"

    def items(self, obj=None):
        return feed_essays()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feeds carry the whole essay with its corrections and notes, as the page has them;
        # readers should not need to click through.
        corrections = render_to_string("essays/_corrections.html", {"essay": item})
        return without_sidenotes(item.body_html) + corrections + item.notes_html

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
        return feed_essays().filter(topics=obj)[:FEED_LENGTH]


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
        return feed_essays().filter(authors=obj)[:FEED_LENGTH]


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
    subtitle = LatestEssaysFeed.description
