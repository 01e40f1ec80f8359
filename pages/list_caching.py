"""The reader lists and feeds, cached as the essay page is: under keys made of content stamps.

What these pages show comes from every published essay (titles, deks, bylines, dates, note
and comment counts, bodies in the feeds), their authors and topics, their corrections and
their comments. One query reads a stamp of each (site_stamps() below): any change
readers can see moves one of them (the services move `comments_changed_at` on every visible
comment change, a scheduled essay going live changes the published count), so a cached page
is right until its key changes and nothing is ever purged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from essays.models import PUBLIC_STATUS as PUBLIC_ESSAY
from essays.models import PUBLISHED_SQL, Author, Correction, Essay, Topic
from pages.caching import cache_keep, rendering_digest

# The list views read no other query value: any other is ignored by them, and so by the key.
PAGE_PARAM = "page"


@dataclass(frozen=True)
class ListVersion:
    key: str
    etag: str


def site_stamps() -> tuple:
    """One stamp per table the lists and feeds read, in one query."""
    essay, author, topic = Essay._meta.db_table, Author._meta.db_table, Topic._meta.db_table
    byline, tagging = Essay.authors.through._meta.db_table, Essay.topics.through._meta.db_table
    correction = Correction._meta.db_table
    sql = f"""
        SELECT (SELECT COUNT(*) FROM {essay} WHERE {PUBLISHED_SQL}),
            (SELECT MAX(updated_at) FROM {essay}), (SELECT MAX(rendered_at) FROM {essay}),
            (SELECT MAX(comments_changed_at) FROM {essay}),
            (SELECT MAX(updated_at) FROM {author}), (SELECT COUNT(*) FROM {author}),
            (SELECT MAX(updated_at) FROM {topic}), (SELECT COUNT(*) FROM {topic}),
            (SELECT COUNT(*) FROM {byline}), (SELECT COUNT(*) FROM {tagging}),
            (SELECT MAX(updated_at) FROM {correction}), (SELECT COUNT(*) FROM {correction})
    """  # noqa: S608 - table names from _meta; every value is a parameter
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, (PUBLIC_ESSAY, now))
        return cursor.fetchone()


def list_page_version(request: HttpRequest, view_name: str) -> ListVersion:
    """Cache key and ETag of a list or feed page, as it is now."""
    page = request.GET.get(PAGE_PARAM, "")[:20]  # as the view reads it: "last", or junk (404)
    digest = rendering_digest(site_stamps(), view_name, page, request=request)
    return ListVersion(key=f"list-page:1:{digest}", etag=f'W/"{digest}"')


def list_cache_get(version: ListVersion) -> HttpResponse | None:
    return cache.get(version.key)


def list_cache_set(version: ListVersion, response: HttpResponse) -> None:
    """Keep a rendered 200 answer, headers and all (as Django's own cache middleware does)."""
    cache_keep(version.key, response)
