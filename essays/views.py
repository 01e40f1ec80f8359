"""Reader pages: index, essay, topic, author, archive, search, preview."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ArchiveIndexView, DetailView, ListView, MonthArchiveView

from comments.context import comment_section_context
from essays.caching import (
    CACHE_CONTROL_ANONYMOUS,
    CACHE_CONTROL_PERSONAL,
    essay_page_cacheable,
    essay_page_stamps,
    essay_page_version,
    page_cache_get,
    page_cache_set,
    page_placeholders,
)
from essays.exports import essay_citation, essay_sources_bibtex, essay_sources_csl_json
from essays.models import Author, Essay, Topic
from essays.selectors import essay_neighbours, essay_search


class PublishedEssayMixin:
    """Limit a view to what readers may see, with bylines prefetched."""

    model = Essay

    def get_queryset(self):
        return Essay.objects.published().with_bylines().with_comment_counts()


class EssayListView(PublishedEssayMixin, ListView):
    paginate_by = settings.ESSAYS_PER_PAGE


class EssayDetailView(PublishedEssayMixin, DetailView):
    """The essay page: cached for anonymous readers, 304 when nothing changed since."""

    def get(self, request, *args, **kwargs):
        if not essay_page_cacheable(request):
            response = super().get(request, *args, **kwargs)
            response["Cache-Control"] = CACHE_CONTROL_PERSONAL
            patch_vary_headers(response, ["Cookie"])
            return response
        stamps = essay_page_stamps(slug=kwargs["slug"])
        if stamps is None:
            raise Http404("No published essay at this address.")
        version = essay_page_version(request, stamps)
        last_modified = int(version.last_modified.timestamp())
        # 304 on the ETag only: Last-Modified has one-second resolution, and two changes in
        # one second must not leave an If-Modified-Since revisit on the first.
        response = get_conditional_response(request, etag=version.etag)
        if response is None:
            html = page_cache_get(request, version, stamps["pk"])
            if html is None:
                html = self.render_page(version, public_comments=stamps["public_comments"])
            response = HttpResponse(html)
        response["ETag"] = version.etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = CACHE_CONTROL_ANONYMOUS
        patch_vary_headers(response, ["Cookie"])
        return response

    def render_page(self, version, *, public_comments: int) -> str:
        """Render the page with a CSRF placeholder, store it, return it for this request."""
        self.object = self.get_object()
        self.object.public_comment_count = public_comments  # counted with the stamps
        context = self.get_context_data(object=self.object) | page_placeholders()
        response = self.render_to_response(context).render()
        return page_cache_set(self.request, version, response.content.decode(), context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | essay_page_context(self.request, self.object)


def essay_page_context(request: HttpRequest, essay: Essay, *, form=None) -> dict:
    """What the essay template needs beside the essay itself: neighbours, data, comments."""
    previous, following = essay_neighbours(essay=essay)
    return {
        "previous_essay": previous,
        "next_essay": following,
        "json_ld": essay_structured_data(essay),
        "citation": essay_citation(essay=essay),
    } | comment_section_context(request, essay, form=form)


def essay_structured_data(essay: Essay) -> dict:
    """schema.org Article data for search engines (JSON-LD)."""
    url = settings.SITE_URL + essay.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": essay.title[:110],
        "description": essay.dek,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": essay.publish_at.isoformat(),
        "dateModified": essay.updated_at.isoformat(),
        "wordCount": essay.word_count,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": settings.SITE_URL + author.get_absolute_url(),
            }
            for author in essay.authors.all()
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "keywords": [topic.name for topic in essay.topics.all()],
    }
    if essay.hero_image:
        data["image"] = [settings.SITE_URL + essay.hero_image.url]
    return data


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
    date_field = "publish_at"
    date_list_period = "month"
    allow_empty = True
    paginate_by = 50


class EssayMonthArchiveView(PublishedEssayMixin, MonthArchiveView):
    date_field = "publish_at"
    month_format = "%m"


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
    context = {"essay": essay, "object": essay, "is_preview": True}
    context |= essay_page_context(request, essay)
    response = render(request, "essays/essay_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def essay_sources_csl(request: HttpRequest, slug: str) -> HttpResponse:
    """The sources a published essay cites, as CSL-JSON (Zotero, Mendeley, citeproc)."""
    essay = get_object_or_404(Essay.objects.published(), slug=slug)
    response = JsonResponse(
        essay_sources_csl_json(essay=essay),
        safe=False,
        content_type="application/vnd.citationstyles.csl+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{essay.slug}-sources.json"'
    return response


@require_GET
def essay_sources_bib(request: HttpRequest, slug: str) -> HttpResponse:
    """The sources a published essay cites, as BibTeX (biblatex-friendly, UTF-8)."""
    essay = get_object_or_404(Essay.objects.published(), slug=slug)
    response = HttpResponse(
        essay_sources_bibtex(essay=essay), content_type="application/x-bibtex; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{essay.slug}-sources.bib"'
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
