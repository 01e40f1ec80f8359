"""The essay page (cached, 304 when unchanged), its preview, and the lists of essays."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.generic import (
    ArchiveIndexView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
)

from comments.selectors import with_public_comment_counts
from essays.models import Author, Essay, Topic
from essays.selectors import essay_search
from pages.caching import (
    essay_page_version,
    mark_personal,
    mark_shared,
    page_cache_get,
    page_cache_set,
    page_is_shared,
    request_page_stamps,
)
from pages.context import essay_page_context
from pages.personal import personal_page


class PublishedEssayMixin:
    """Limit a view to what readers may see, with bylines and comment counts."""

    model = Essay

    def get_queryset(self):
        return with_public_comment_counts(Essay.objects.published().with_bylines())


class EssayListView(PublishedEssayMixin, ListView):
    paginate_by = settings.ESSAYS_PER_PAGE


class EssayDetailView(PublishedEssayMixin, DetailView):
    """The essay page: one copy for every anonymous reader, cached, 304 when unchanged; a
    reader with a cookie of their own gets it with their own form (pages/personal.py)."""

    def get(self, request, *args, **kwargs):
        if not page_is_shared(request):
            response = personal_page(request, slug=kwargs["slug"])
            return mark_personal(response or super().get(request, *args, **kwargs))
        stamps = request_page_stamps(request, slug=kwargs["slug"])
        if stamps is None:
            raise Http404("No published essay at this address.")
        version = essay_page_version(request, stamps)
        last_modified = int(version.last_modified.timestamp())
        # 304 on the ETag only: Last-Modified has one-second resolution, and two changes in
        # one second must not leave an If-Modified-Since revisit on the first.
        response = get_conditional_response(request, etag=version.etag)
        if response is None:
            html = page_cache_get(version, stamps["pk"])
            if html is None:
                html = self.render_page(version, public_comments=stamps["public_comments"])
            response = HttpResponse(html)
        response["Last-Modified"] = http_date(last_modified)
        return mark_shared(response, version.etag)

    def render_page(self, version, *, public_comments: int) -> bytes:
        """Render the shared page, store it, return it with this window's form timestamp."""
        self.object = self.get_object()
        self.object.public_comment_count = public_comments  # counted with the stamps
        context = self.get_context_data(object=self.object)
        page = self.render_to_response(context).render().content
        timestamp = context["form_timestamp"]
        return page_cache_set(version, page, essay_pk=self.object.pk, form_timestamp=timestamp)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | essay_page_context(self.request, self.object)


class TopicEssayListView(PublishedEssayMixin, ListView):
    template_name = "essays/topic_detail.html"
    paginate_by = settings.ESSAYS_PER_PAGE

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"topic": self.topic}


class TopicListView(ListView):
    """Every topic with at least one published essay, with its count."""

    template_name = "essays/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        published = Essay.objects.published()
        return (
            Topic.objects.annotate(
                essay_count=Count("essays", filter=Q(essays__in=published), distinct=True)
            )
            .filter(essay_count__gt=0)
            .order_by("name")
        )


class AuthorEssayListView(PublishedEssayMixin, ListView):
    template_name = "essays/author_detail.html"
    paginate_by = settings.ESSAYS_PER_PAGE

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"author": self.author}


class EssayArchiveView(PublishedEssayMixin, ArchiveIndexView):
    """Every essay by month, newest first, with how many each month holds."""

    date_field = "publish_at"
    date_list_period = "month"
    allow_empty = True
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | {"months": archive_months(context["object_list"])}


@dataclass(frozen=True)
class ArchiveMonth:
    start: datetime.date
    count: int  # essays published that month, on this page or another
    essays: list[Essay]


def archive_months(essays) -> list[ArchiveMonth]:
    """A page of essays grouped by the month they appeared, each with the month's count."""
    rows = (
        Essay.objects.published()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    counts = {(row["month"].year, row["month"].month): row["count"] for row in rows}
    groups: dict[tuple[int, int], list[Essay]] = {}
    for essay in essays:
        published = timezone.localtime(essay.publish_at)
        groups.setdefault((published.year, published.month), []).append(essay)
    return [
        ArchiveMonth(datetime.date(year, month, 1), counts.get((year, month), len(items)), items)
        for (year, month), items in groups.items()
    ]


class EssayMonthArchiveView(PublishedEssayMixin, MonthArchiveView):
    date_field = "publish_at"
    month_format = "%m"


class FeedsView(TemplateView):
    """What a feed is, and the addresses of this site's feeds (the XML stays at its own)."""

    template_name = "essays/feeds.html"

    def get_context_data(self, **kwargs):
        published = Essay.objects.published()
        topics = Topic.objects.filter(essays__in=published).distinct().order_by("name")
        return super().get_context_data(**kwargs) | {"topics": topics}


class EssaySearchView(ListView):
    template_name = "essays/search.html"
    paginate_by = settings.ESSAYS_PER_PAGE

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[:200]
        return essay_search(query=self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"query": self.query}


@never_cache
@permission_required("essays.view_essay", raise_exception=True)
def essay_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Show any essay, draft or scheduled, exactly as readers will see it (staff only)."""
    essay = get_object_or_404(Essay.objects.with_bylines(), pk=pk)
    context = essay_page_context(request, essay) | {"is_preview": True}
    response = render(request, "essays/essay_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
