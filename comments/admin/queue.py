"""The comment list's tabs, their counts, and what each row needs from other rows, per page."""

from __future__ import annotations

import functools
from html import escape
from urllib.parse import quote_plus

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.base import ModelState
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from comments.compiled import STAND_IN_ID, CompiledQuery, compile_query, stand_in_text
from comments.models import Comment, StatusChange
from comments.moderation import VERDICT_NOTE_PREFIX
from essays.models import Essay

Status = Comment.Status


# The tabs, as WordPress users know them; the list opens on Pending, which is what the
# admin header counts ("N comments awaiting moderation"): one definition for both.
TABS = {
    "pending": ("Pending", lambda: Q(status=Status.PENDING)),
    "approved": ("Approved", lambda: Q(status=Status.APPROVED)),
    "spam": ("Spam", lambda: Q(status=Status.SPAM)),
    "trash": ("Trash", lambda: Q(status=Status.TRASH)),
    "all": ("All", Q),
}
DEFAULT_TAB = "pending"
# Narrower views inside a tab: blatant spam within Spam, comments still waiting for a check.
CHECKS = {
    "discard": ("Blatant spam", lambda: Q(status=Status.SPAM, verdict=Comment.Verdict.DISCARD)),
    "unchecked": ("Not checked yet", lambda: Q(check_state=Comment.CheckState.UNCHECKED)),
}
# Moderators work through what waits oldest first; elsewhere the newest matter most.
TAB_ORDERING = {"pending": ["submitted_at", "pk"]}
DEFAULT_ORDERING = ["-submitted_at", "-pk"]


def awaiting_count(request=None) -> int:
    """The Pending tab's count, which the admin header shows on every page (one query, once
    per request)."""
    if request is not None and hasattr(request, "_comments_awaiting"):
        return request._comments_awaiting
    count = Comment.objects.filter(TABS[DEFAULT_TAB][1]()).count()
    if request is not None:
        request._comments_awaiting = count
    return count


# What the Pending tab's URL may carry and still list every pending comment: a page, a sort.
UNFILTERED_PARAMETERS = {"p", "o", "tab"}


def known_count(request) -> int | None:
    """How many rows the list shows, when it is all of Pending: the header's count, which
    the paginator need not count again. None for any other list."""
    if set(request.GET) - UNFILTERED_PARAMETERS or current_tab(request) != DEFAULT_TAB:
        return None
    return awaiting_count(request)


# Past this many a tab says "1,000+": counting 80,000 approved comments exactly read every
# one of them, most of the list's counting time at 100,000 (bench/counts_bench.py). Pending,
# the queue itself, is always counted exactly.
COUNT_CAP = 1000


def tab_counts(request=None) -> dict[str, int]:
    """How many comments each tab and check filter holds (COUNT_CAP + 1 at most, but for
    Pending): one query, once per request; it also answers awaiting_count(request)."""
    if request is not None and hasattr(request, "_comment_tab_counts"):
        return request._comment_tab_counts
    sql, params = _counts_sql(connection.vendor, COUNT_CAP)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = dict(zip((TABS | CHECKS), cursor.fetchone(), strict=True))
    if request is not None:
        request._comment_tab_counts = counts
        if not hasattr(request, "_comments_awaiting"):
            request._comments_awaiting = counts[DEFAULT_TAB]
    return counts


@functools.cache
def _counts_sql(vendor: str, cap: int) -> tuple[str, tuple]:
    """The one query of tab_counts: a scalar subquery per tab and check filter, capped but for
    Pending. Compiled once per process, vendor and cap: its values are constants."""
    parts, params = [], []
    for key, (_, condition) in (TABS | CHECKS).items():
        rows = Comment.objects.filter(condition()).order_by().values("pk")
        if key != DEFAULT_TAB:
            rows = rows[: cap + 1]
        sql, row_params = rows.query.sql_with_params()
        # Django compiled the part; its values stay parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params += row_params
    return "SELECT " + ", ".join(parts), tuple(params)


def count_label(key: str, label: str, counts: dict[str, int]) -> str:
    count = counts[key]
    if key == DEFAULT_TAB or count <= COUNT_CAP:
        return f"{label} ({count})"
    return f"{label} ({COUNT_CAP:,}+)"


def current_tab(request) -> str:
    tab = request.GET.get(TabFilter.parameter_name)
    return tab if tab in TABS else DEFAULT_TAB


class TabFilter(admin.SimpleListFilter):
    title = "show"
    parameter_name = "tab"

    def lookups(self, request, model_admin):
        counts = tab_counts(request)
        return [(key, count_label(key, label, counts)) for key, (label, _) in TABS.items()]

    def value(self):
        value = super().value()
        return value if value in TABS and value != DEFAULT_TAB else None

    def choices(self, changelist):
        # Pending is the default view: it is what "no choice" shows.
        for key, label in self.lookup_choices:
            value = None if key == DEFAULT_TAB else key
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {}, [self.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        return queryset.filter(TABS[self.value() or DEFAULT_TAB][1]())


class CheckFilter(admin.SimpleListFilter):
    title = "spam check"
    parameter_name = "check"

    def lookups(self, request, model_admin):
        counts = tab_counts(request)
        return [(key, count_label(key, label, counts)) for key, (label, _) in CHECKS.items()]

    def queryset(self, request, queryset):
        if self.value() in CHECKS:
            return queryset.filter(CHECKS[self.value()][1]())
        return queryset


# What the queue's columns read (comments/admin/columns.py): a row with every field of the
# comment, its essay and its parent took longer to build than to render.
ROW_FIELDS = (
    "essay_id", "parent_id", "author_name", "author_email", "author_url", "ip_address",
    "body_html", "anchor_id", "anchor_quote", "status", "submitted_at", "content_version",
    "check_state", "check_error", "verdict", "verdict_reasons", "verdict_checker",
)  # fmt: skip
# And of the comment's essay and parent (page_rows).
ESSAY_FIELDS = ("title", "slug")
PARENT_FIELDS = ("author_name", "body_html")


def page_rows(queryset) -> list[Comment]:
    """The comments of `queryset` with ROW_FIELDS loaded (the rest deferred, as only() would),
    each with its essay and parent. Built from the rows' values, not by Model.__init__: a
    page of comments, essays and parents took longer to build than its query took to run."""
    joined = [f"essay__{name}" for name in ESSAY_FIELDS] + [
        f"parent__{name}" for name in PARENT_FIELDS
    ]
    own, with_essay = len(ROW_FIELDS), len(ROW_FIELDS) + len(ESSAY_FIELDS)
    db, essays, comments = queryset.db, {}, []
    for pk, *values in queryset.order_by().values_list("pk", *ROW_FIELDS, *joined):
        comment = _loaded(Comment, db, pk, ROW_FIELDS, values[:own])
        essay_id, parent_id = comment.essay_id, comment.parent_id
        if essay_id not in essays:
            essays[essay_id] = _loaded(Essay, db, essay_id, ESSAY_FIELDS, values[own:with_essay])
        comment._state.fields_cache["essay"] = essays[essay_id]
        comment._state.fields_cache["parent"] = parent_id and _loaded(
            Comment, db, parent_id, PARENT_FIELDS, values[with_essay:]
        )
        comments.append(comment)
    return comments


def _loaded(model, db: str, pk: int, fields: tuple[str, ...], values: list):
    """What Model.from_db gives for these columns (the others deferred, loaded if read),
    without running Model.__init__ (two signals, a setattr per field): 100 instances a page."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(fields, values, strict=True))
    instance.__dict__[model._meta.pk.attname] = pk
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, db
    return instance


class ModerationChangeList(ChangeList):
    """Sorts ids only, then fetches the page's rows with their joins; adds what each row
    needs from other rows and tables. Four queries, whatever the number of comments."""

    def get_results(self, request):
        super().get_results(request)
        # Joining essay and parent before the sort would join every matching row: at 100,000
        # comments that more than doubles the query's time.
        ids = list(self.result_list.values_list("pk", flat=True))
        rows = {row.pk: row for row in page_rows(self.root_queryset.filter(pk__in=ids))}
        self.result_list = [rows[pk] for pk in ids if pk in rows]
        annotate_page(self.result_list)
        urls, tab, path = PageUrls(), current_tab(request), request.get_full_path()
        zone = timezone.get_current_timezone()  # a thread-local lookup: once a page, not a row
        for comment in self.result_list:
            comment.shown_in_tab = tab
            comment.shown_at = path  # where its Reply and Quick edit return
            comment.shown_in_zone = zone
            comment.page_urls = urls


# An id no comment has: a URL is reversed once with it, then each row's id takes its place.
ANY_ID = 2_147_483_647


class PageUrls:
    """The admin URLs a page of rows links to, each reversed once per page rather than about
    twelve times a row (reverse() was most of the rows' time: bench/queue_render_bench.py).
    One per request, never module-wide: reverse() depends on the request's script prefix."""

    def __init__(self):
        self._known: dict[tuple, object] = {}

    def changelist(self) -> str:
        return self._once(("changelist",), lambda: reverse("admin:comments_comment_changelist"))

    def filtered(self, tab: str, lookup: dict) -> str:
        """The changelist in `tab`, filtered by `lookup` (the same URL as urlencoding both)."""
        base = self._once(("tab", tab), lambda: f"{self.changelist()}?{urlencode({'tab': tab})}")
        return "&".join((base, *self._pairs(lookup)))

    def filtered_href(self, tab: str, lookup: dict) -> str:
        """filtered(), escaped for an href: only the tab's part is escaped (once a page), as
        quote_plus leaves no character in a key or value that HTML would need escaped."""
        base = self._once(("tab href", tab), lambda: escape(self.filtered(tab, {})))
        return "&amp;".join((base, *self._pairs(lookup)))

    def _pairs(self, lookup: dict):
        # What urlencode(lookup) gives for text and numbers, without its checks on each value;
        # a row links its author's address three times.
        return (f"{self._quoted(key)}={self._quoted(value)}" for key, value in lookup.items())

    def _quoted(self, value) -> str:
        return self._once(("quoted", value), lambda: quote_plus(str(value)))

    def next_query(self, url: str) -> str:
        """urlencode({"next": url}): where a row's form returns, the same for every row."""
        return self._once(("next", url), lambda: urlencode({"next": url}))

    def next_query_href(self, url: str) -> str:
        """next_query(url), escaped for an href, once a page."""
        return self._once(("next href", url), lambda: escape(self.next_query(url)))

    def essay(self, essay) -> str:
        """The essay's page (its get_absolute_url), once per essay on the page."""
        return self._once(("essay", essay.pk), essay.get_absolute_url)

    def for_comment(self, name: str, pk: int, *more_args) -> str:
        """reverse(name, args=[pk, *more_args]), reversing once per name and more_args."""
        before, after = self._halves(name, more_args)
        return f"{before}/{int(pk)}/{after}"

    def for_comment_href(self, name: str, pk: int, *more_args) -> str:
        """for_comment(), escaped for an href: its two halves escaped once a page."""
        before, after = self._once(
            ("href", name, *more_args),
            lambda: [escape(half) for half in self._halves(name, more_args)],
        )
        return f"{before}/{int(pk)}/{after}"

    def _halves(self, name: str, more_args: tuple) -> list[str]:
        return self._once(
            (name, *more_args),
            lambda: reverse(name, args=[ANY_ID, *more_args]).split(f"/{ANY_ID}/", 1),
        )

    def _once(self, key: tuple, build):
        if key not in self._known:
            self._known[key] = build()
        return self._known[key]


def annotate_page(comments: list[Comment]) -> None:
    """Set on each comment `author_counts` (approved, spam by that email), `decision_note`
    (why the rules or the check placed it, kept after a restore) and `moderator_note` (a
    moderator's later word, such as "restored")."""
    counts = author_counts({comment.author_email for comment in comments})
    decisions, moderators = {}, {}
    for change in notes_latest_first([comment.pk for comment in comments]):
        if change.reason in DECISION_REASONS and not change.note.startswith(VERDICT_NOTE_PREFIX):
            decisions.setdefault(change.comment_id, change)
        elif change.reason == StatusChange.Reason.MODERATOR and change.comment_id not in decisions:
            moderators.setdefault(change.comment_id, change)
    for comment in comments:
        comment.author_counts = counts.get(comment.author_email, (0, 0))
        comment.decision_note = decisions.get(comment.pk)
        comment.moderator_note = moderators.get(comment.pk)


def author_counts(emails: set[str]) -> dict[str, tuple[int, int]]:
    """(approved, spam) comments by each address, for the addresses that have any."""
    if not emails:
        return {}
    rows = _author_counts(connection.vendor, len(emails)).rows(emails=tuple(emails))
    return {email: (approved, spam) for email, approved, spam in rows}


def notes_latest_first(ids: list[int]) -> list[StatusChange]:
    """The history entries with a note of the comments `ids`, latest first, each with
    `actor_name` (the moderator's username, or None)."""
    if not ids:
        return []
    query = _notes(connection.vendor, len(ids))
    return list(StatusChange.objects.raw(query.sql, query.filled(ids=tuple(ids))))


@functools.lru_cache(maxsize=64)
def _author_counts(vendor: str, size: int) -> CompiledQuery:
    """The query of author_counts for `size` addresses, compiled by Django once per process,
    vendor and size: compiling it each page took as long as running it."""
    stand_ins = tuple(stand_in_text(f"address {index}") for index in range(size))
    rows = (
        Comment.objects.filter(author_email__in=stand_ins)
        .values("author_email")
        .annotate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            spam=Count("pk", filter=Q(status=Status.SPAM)),
        )
        .values_list("author_email", "approved", "spam")
        .order_by()
    )
    return compile_query(rows, emails=stand_ins)


@functools.lru_cache(maxsize=64)
def _notes(vendor: str, size: int) -> CompiledQuery:
    """The query of notes_latest_first for `size` comments, compiled once per process, vendor
    and size."""
    stand_ins = tuple(STAND_IN_ID - index for index in range(size))
    username = f"actor__{get_user_model().USERNAME_FIELD}"
    rows = (
        StatusChange.objects.filter(comment_id__in=stand_ins)
        .exclude(note="")
        .annotate(actor_name=F(username))
        .order_by("-created_at", "-pk")
    )
    return compile_query(rows, ids=stand_ins)


# Entries that say why the rules or the spam check placed a comment where it is.
DECISION_REASONS = {StatusChange.Reason.RULE, StatusChange.Reason.SPAM_CHECK,
                    StatusChange.Reason.RECHECK}  # fmt: skip
