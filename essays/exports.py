"""An essay's sources for reference managers, and how to cite the essay itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from essays.citations import (
    SourceData,
    cite_essay_bibtex,
    cite_essay_chicago,
    find_markers,
    highwire_reference,
    to_bibtex,
    to_csl_json,
)
from essays.models import Essay


def essay_cited_sources(*, essay: Essay) -> list[SourceData]:
    """The sources of the notes readers see, once each, in the order the notes first cite them."""
    footnotes = {
        footnote.label: footnote
        for footnote in essay.footnotes.select_related("source").exclude(source=None)
    }
    sources: dict[int, SourceData] = {}
    for label in find_markers(essay.body):
        footnote = footnotes.get(label)
        if footnote is not None and footnote.source_id not in sources:
            sources[footnote.source_id] = footnote.source.as_source_data()
    return list(sources.values())


def essay_citation_references(*, essay: Essay) -> list[str]:
    """Highwire `citation_reference` values for the page head; no query without sources."""
    if not essay.has_sources:
        return []
    return [highwire_reference(source) for source in essay_cited_sources(essay=essay)]


def essay_sources_csl_json(*, essay: Essay) -> list[dict]:
    return to_csl_json(essay_cited_sources(essay=essay))


def essay_sources_bibtex(*, essay: Essay) -> str:
    title = " ".join(essay.title.split())  # one line: the header is a "%" comment
    url = settings.SITE_URL + essay.get_absolute_url()
    header = f"% Sources cited in “{title}”, {url}\n\n"
    return header + to_bibtex(essay_cited_sources(essay=essay))


@dataclass(frozen=True)
class EssayCitation:
    chicago_html: SafeString
    bibtex: str


def essay_citation(*, essay: Essay) -> EssayCitation:
    """The "Cite this essay" entries; uses the prefetched authors, so costs no query."""
    authors = [author.name for author in essay.authors.all()]
    date = timezone.localdate(essay.publish_at)
    url = settings.SITE_URL + essay.get_absolute_url()
    args = (essay.title, authors, settings.SITE_NAME, date, url)
    return EssayCitation(
        # Built by cite_essay_chicago from escaped parts; only http(s) URLs are linked.
        chicago_html=mark_safe(cite_essay_chicago(*args)),  # noqa: S308
        bibtex=cite_essay_bibtex(*args),
    )
