"""The anonymous essay page cache: keys made of content stamps, so nothing is ever purged.

A key changes whenever what readers see changes: the essay (edits, re-renders after a
source edit), its comments (a stamp moved by comments.services on every visible change,
plus the public count), its authors and topics, the published set (previous/next links),
and when comments close. It also holds what the rendering reads from the request: host,
scheme and script prefix.

An anonymous page carries nothing of its reader (the comment form is protected by Fetch
Metadata, pages/crossorigin.py), so one copy serves everyone and may sit in shared caches
(`public, s-maxage`). Its one changing value, the form's signed timestamp, is the start of a
time window (ESSAY_PAGE_FORM_WINDOW_SECONDS): every reader within a window gets the same
bytes, and the ETag names the window, so no cache keeps a stamp past its window by 304s.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.middleware.gzip import re_accepts_gzip
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime

from comments.cookies import COMMENTER_COOKIES
from comments.forms import sign_timestamp
from comments.models import PUBLIC_SQL as PUBLIC_COMMENT_SQL
from comments.models import Comment
from comments.params import positive_int
from comments.passages import passage_param
from comments.selectors import ThreadOrder
from essays.models import PUBLIC_STATUS as PUBLIC_ESSAY
from essays.models import (
    PUBLISHED_SQL,
    Author,
    Essay,
    Topic,
    comments_are_open,
    comments_close_at,
)

BYLINES = Essay.authors.through
TAGGINGS = Essay.topics.through

# Readers with any of these see something of their own (session, flash message, own pending
# comment, remembered name in the form): their pages are neither cached nor answered 304.
# deploy/nginx.conf names the same cookies to bypass its cache; keep the two in step.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, *COMMENTER_COOKIES)
CACHE_CONTROL_PERSONAL = "private, no-cache"


def cache_control_shared() -> str:
    """Browsers revalidate every time (304 after one query); shared caches keep a copy for
    ESSAY_PAGE_S_MAXAGE seconds and may serve it stale while they fetch the next."""
    return (
        f"public, max-age=0, s-maxage={settings.ESSAY_PAGE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.ESSAY_PAGE_STALE_SECONDS}"
    )


def code_version() -> str:
    """Templates and hashed static names change with a deploy; pages cached by the previous
    release (in a shared cache such as Redis) must not be served after it."""
    digest = hashlib.blake2b(digest_size=8)
    files = [Path(settings.STATIC_ROOT) / "staticfiles.json"]
    for folder in settings.TEMPLATES[0]["DIRS"]:
        files += sorted(Path(folder).rglob("*.html"))
    for path in files:
        with contextlib.suppress(OSError):
            digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


CODE_VERSION = code_version()


def rendering_digest(*parts, request: HttpRequest | None = None) -> str:
    """A digest of `parts` and of what else a cached rendering reads: reverse() puts the
    script prefix (a trusted proxy's SCRIPT_NAME) in every link, templates and static names
    change with a deploy, and a whole page (`request` given) has absolute URLs, which need
    its path, host and scheme. Every key in the reader pages' cache is made by it."""
    origin = () if request is None else (request.path, request.get_host(), request.scheme)
    everything = (*parts, *origin, get_script_prefix(), CODE_VERSION)
    return hashlib.blake2b(repr(everything).encode(), digest_size=16).hexdigest()


def cache_keep(key: str, value) -> None:
    """Keep `value` in the reader pages' cache for ESSAY_PAGE_CACHE_SECONDS (0: keep none)."""
    if settings.ESSAY_PAGE_CACHE_SECONDS > 0:
        cache.set(key, value, settings.ESSAY_PAGE_CACHE_SECONDS)


def mark_shared(response, etag: str):
    """Headers of a page every anonymous reader shares: any cache may keep it (`etag`)."""
    response["ETag"] = etag
    response["Cache-Control"] = cache_control_shared()
    patch_vary_headers(response, ["Cookie"])
    return response


def mark_personal(response):
    """Headers of a page that holds something of its reader: no shared cache keeps it."""
    response["Cache-Control"] = CACHE_CONTROL_PERSONAL
    patch_vary_headers(response, ["Cookie"])
    return response


@dataclass(frozen=True)
class PageVersion:
    key: str
    etag: str
    last_modified: datetime
    form_window: int  # when the window of the form's signed timestamp began (epoch seconds)


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether GZipMiddleware compresses what this request gets (its own test)."""
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def page_is_shared(request: HttpRequest) -> bool:
    """Whether this request gets the one page every anonymous reader shares (and 304s)."""
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in PERSONAL_COOKIES
    )


def form_window_start(now: float | None = None) -> int:
    window = settings.ESSAY_PAGE_FORM_WINDOW_SECONDS
    return int((time.time() if now is None else now) // window * window)


STAMP_FIELDS = (
    "pk", "updated_at", "rendered_at", "comments_changed_at", "comments_mode",
    "comments_close_after_days", "publish_at", "authors_changed_at", "topics_changed_at",
    "linked_count", "public_comments", "published_count", "published_changed_at",
)  # fmt: skip
# The stamps that are change times; the newest is the page's Last-Modified.
CHANGE_STAMPS = (
    "updated_at", "rendered_at", "comments_changed_at", "authors_changed_at",
    "topics_changed_at", "published_changed_at",
)  # fmt: skip


def essay_page_stamps(*, slug: str) -> dict | None:
    """The published essay's pk and every stamp its page depends on, in one query.

    Hand-written SQL: the same query built with the ORM costs 2-3 ms of Python on every
    hit, more than the rest of a cached response. Its conditions take their values from the
    constants beside EssayQuerySet.published() and CommentQuerySet.public();
    tests/test_performance_cache.py checks that they agree.
    """
    essay, author, byline = Essay._meta.db_table, Author._meta.db_table, BYLINES._meta.db_table
    topic, tagging = Topic._meta.db_table, TAGGINGS._meta.db_table
    comment = Comment._meta.db_table
    published = PUBLISHED_SQL
    public_comment, public_comment_params = PUBLIC_COMMENT_SQL
    # The count of bylines and topics: deleting an author or topic leaves the newest stamp.
    sql = f"""
        SELECT e.id, e.updated_at, e.rendered_at, e.comments_changed_at, e.comments_mode,
            e.comments_close_after_days, e.publish_at,
            (SELECT MAX(a.updated_at) FROM {author} a INNER JOIN {byline} b
                ON b.author_id = a.id WHERE b.essay_id = e.id),
            (SELECT MAX(t.updated_at) FROM {topic} t INNER JOIN {tagging} g
                ON g.topic_id = t.id WHERE g.essay_id = e.id),
            (SELECT COUNT(*) FROM {byline} WHERE essay_id = e.id)
                + (SELECT COUNT(*) FROM {tagging} WHERE essay_id = e.id),
            (SELECT COUNT(*) FROM {comment} WHERE essay_id = e.id AND {public_comment}),
            (SELECT COUNT(*) FROM {essay} WHERE {published}),
            (SELECT MAX(updated_at) FROM {essay} WHERE {published})
        FROM {essay} e WHERE e.slug = %s AND e.{published.replace("publish_at", "e.publish_at")}
    """  # noqa: S608 - table names from _meta; every value is a parameter
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    public = (PUBLIC_ESSAY, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*public_comment_params, *public, *public, slug, *public))
        row = cursor.fetchone()
    return None if row is None else dict(zip(STAMP_FIELDS, row, strict=True))


def request_page_stamps(request: HttpRequest, *, slug: str) -> dict | None:
    """essay_page_stamps, read once per request: pages/replay.py reads them before the
    view, which uses the same on a miss."""
    memo = request.__dict__.setdefault("_essay_page_stamps", {})
    if slug not in memo:
        memo[slug] = essay_page_stamps(slug=slug)
    return memo[slug]


# The query values the essay page reads (essay_page_version): any other changes nothing on it.
ESSAY_PAGE_QUERY = frozenset({"cpage", "order", "replyto", "passage"})


def essay_page_version(request: HttpRequest, stamps: dict) -> PageVersion:
    """Cache key, ETag and Last-Modified for the anonymous page described by `stamps`."""
    comments = (stamps["comments_mode"], stamps["comments_close_after_days"])
    publish_at = stamp_datetime(stamps["publish_at"])
    parts = [
        *stamps.values(),
        # Closing after N days changes the page with no edit; the date follows a setting.
        comments_are_open(*comments, publish_at),
        comments_close_at(*comments, publish_at=publish_at),
        positive_int(request.GET.get("cpage")) or 1,
        ThreadOrder.from_query(request.GET.get("order")).value,
        positive_int(request.GET.get("replyto")),
        passage_param(request.GET.get("passage")),  # a passage link followed without script
    ]
    digest = rendering_digest(*parts, request=request)
    changed = [stamp_datetime(stamps[name]) for name in CHANGE_STAMPS if stamps[name]]
    window = form_window_start()
    return PageVersion(
        key=f"essay-page:3:{digest}",  # 3: bytes split at the form timestamp
        etag=f'W/"{digest}-{window}"',
        last_modified=max(changed),
        form_window=window,
    )


def page_cache_get(version: PageVersion, essay_pk: int) -> bytes | None:
    """The cached page with the form timestamp of this window, or None."""
    parts = cache.get(version.key)
    return None if parts is None else _fill_form_window(parts, version, essay_pk)


def page_cache_set(
    version: PageVersion, page: bytes, *, essay_pk: int, form_timestamp: str
) -> bytes:
    """Store `page` as the bytes around its form timestamp; return it for this window.

    Bytes, not text: a hit then costs a copy and one join, where a 200 KB str would be
    decoded by the cache's unpickling and encoded again for the response."""
    parts = page.split(form_timestamp.encode()) if form_timestamp else [page]
    cache_keep(version.key, parts)
    return _fill_form_window(parts, version, essay_pk)


def stamp_datetime(value) -> datetime:
    """A stamp as an aware datetime (SQLite's raw cursor returns text in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def _fill_form_window(parts: list[bytes], version: PageVersion, essay_pk: int) -> bytes:
    return sign_timestamp(essay_pk, at=version.form_window).encode().join(parts)
