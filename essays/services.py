"""What can happen to essays, sources and footnotes beyond a plain admin save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Lower
from django.utils import timezone

from essays.citations import ParsedNote, SourceData, convert_pasted, find_markers
from essays.linkcheck import LinkChecker, LinkResult
from essays.models import Essay, Footnote, Source
from essays.rendering import RenderedBody


class ConversionError(Exception):
    """The pasted notes could not be converted; nothing was changed."""


class LinkCheckUnavailable(Exception):
    """No URL answered at all, so the check says more about our network than the links."""


# ---------------------------------------------------------------------------------------------
# Rendering


def essay_render(*, essay: Essay) -> RenderedBody:
    """Render `essay` again from its footnotes and sources and store it (not a content edit).

    Stored with an update, so `updated_at` and the "Updated" line readers see do not move.
    """
    rendered = essay.render()
    Essay.objects.filter(pk=essay.pk).update(
        **{name: getattr(essay, name) for name in Essay.RENDERED_FIELDS}
    )
    return rendered


def essays_render_citing(*, source_ids: list[int]) -> int:
    """Re-render every essay citing one of these sources; the number of essays."""
    citing = Footnote.objects.filter(source__in=source_ids).values("essay")
    essays = Essay.objects.filter(pk__in=citing)
    count = 0
    for essay in essays:
        essay_render(essay=essay)
        count += 1
    return count


@transaction.atomic
def source_update(*, source: Source) -> int:
    """Save an edited source and re-render the essays citing it; the number re-rendered."""
    source.full_clean()
    source.save()
    return essays_render_citing(source_ids=[source.pk])


# ---------------------------------------------------------------------------------------------
# Validation and publishing


def essay_missing_labels(*, essay: Essay, labels: list[str] | None = None) -> list[str]:
    """Labels the body cites that no footnote defines (`labels`: the footnotes to assume)."""
    if labels is None:
        labels = list(essay.footnotes.values_list("label", flat=True)) if essay.pk else []
    known = set(labels)
    return list(dict.fromkeys(label for label in find_markers(essay.body) if label not in known))


def missing_labels_error(missing: list[str]) -> ValidationError:
    markers = ", ".join(f"[^{label}]" for label in missing)
    return ValidationError(
        "A published essay cannot cite notes that do not exist: the body cites %(markers)s "
        "but no footnote has %(that)s label. Add the footnote%(s)s, correct the marker%(s)s, "
        "or save the essay as a draft.",
        code="missing_footnotes",
        params={
            "markers": markers,
            "that": "that" if len(missing) == 1 else "those",
            "s": "" if len(missing) == 1 else "s",
        },
    )


@transaction.atomic
def essay_publish(*, essay: Essay) -> Essay:
    """Publish `essay`, refusing if its body cites a footnote that does not exist."""
    if missing := essay_missing_labels(essay=essay):
        raise missing_labels_error(missing)
    essay.status = Essay.Status.PUBLISHED
    essay.save(update_fields=["status", "updated_at"])
    return essay


# ---------------------------------------------------------------------------------------------
# Conversion of pasted notes


@dataclass
class ConversionReport:
    changed: bool = False
    numbering_style: str = ""
    footnotes_created: list[str] = field(default_factory=list)
    sources_created: list[Source] = field(default_factory=list)
    sources_reused: list[Source] = field(default_factory=list)
    ibid_resolved: list[str] = field(default_factory=list)
    unparsed: dict[str, str] = field(default_factory=dict)  # label -> the note as pasted
    markers_without_notes: list[str] = field(default_factory=list)
    notes_without_markers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.changed:
            return "no pasted notes list at the end of the body; nothing changed."
        return (
            f"{len(self.footnotes_created)} footnotes created, {len(self.sources_created)} new "
            f"sources, {len(self.sources_reused)} existing sources reused, "
            f"{len(self.ibid_resolved)} Ibid. resolved; numbering {self.numbering_style}."
        )

    def problems(self) -> list[str]:
        """What an editor should look at, one sentence each."""
        problems = [
            f"note [{label}] could not be read and was kept as commentary: {raw}"
            for label, raw in self.unparsed.items()
        ]
        if self.markers_without_notes:
            problems.append(
                f"the body cites {_markers(self.markers_without_notes)} but no pasted note has "
                "that number."
            )
        if self.notes_without_markers:
            problems.append(f"no marker in the body uses {_markers(self.notes_without_markers)}.")
        return problems + self.warnings


def _markers(labels: list[str]) -> str:
    return ", ".join(f"[^{label}]" for label in labels)


@transaction.atomic
def essay_convert_pasted_notes(*, essay: Essay, dry_run: bool = False) -> ConversionReport:
    """Turn pasted [1]/[iv] markers and a trailing notes list into Footnotes and Sources.

    Sources are reused when one with the same URL, or the same title in the same
    publication, exists. A second run finds no notes list and changes nothing.
    """
    result = convert_pasted(essay.body)
    report = ConversionReport(
        numbering_style=result.numbering_style,
        markers_without_notes=result.markers_without_notes,
        notes_without_markers=result.notes_without_markers,
        warnings=list(result.warnings),
    )
    if not result.notes:
        # Markers without a notes list are left alone: they may be citations of another kind.
        report.markers_without_notes = []
        return report
    labels = [note.label for note in result.notes]
    if taken := list(essay.footnotes.filter(label__in=labels).values_list("label", flat=True)):
        raise ConversionError(
            f"The essay already has footnotes labelled {', '.join(sorted(taken))}; converting "
            "would overwrite them. Rename or delete them first."
        )
    if essay.status == Essay.Status.PUBLISHED and result.markers_without_notes:
        missing = ", ".join(f"[{label}]" for label in result.markers_without_notes)
        raise ConversionError(
            f"The body cites {missing} but the pasted notes have no such note, and a published "
            "essay cannot cite missing notes. Add the notes or save the essay as a draft first."
        )
    sources: dict[int, Source | None] = {}  # id(SourceData) -> Source
    start = (essay.footnotes.aggregate(Max("position"))["position__max"] or 0) + 1
    for position, note in enumerate(result.notes, start=start):
        _convert_note(essay, note, position, sources, report)
    report.unparsed |= {label: _raw(result.notes, label) for label in result.unparsed}
    essay.body = result.body
    essay.note_style = result.numbering_style
    essay.full_clean()
    essay.save()
    report.changed = True
    if dry_run:
        transaction.set_rollback(True)
    return report


def _convert_note(
    essay: Essay, note: ParsedNote, position: int, sources: dict, report: ConversionReport
) -> None:
    source = None
    if note.source is not None:
        if id(note.source) not in sources:
            sources[id(note.source)] = _source_for(note.source, report)
        source = sources[id(note.source)]
    if source is not None:
        commentary = note.commentary
    elif note.source is not None:  # read, but its source could not be stored
        commentary = note.raw_text
        report.unparsed[note.label] = note.raw_text
    else:
        commentary = note.commentary or note.raw_text
    footnote = Footnote(
        essay=essay,
        label=note.label,
        source=source,
        pinpoint=note.pinpoint if source else "",
        commentary=commentary,
        position=position,
    )
    try:
        footnote.full_clean()
    except ValidationError:
        footnote.source, footnote.pinpoint, footnote.commentary = None, "", note.raw_text
        report.unparsed[note.label] = note.raw_text
    if not footnote.commentary.strip() and footnote.source is None:
        report.warnings.append(f"Note [{note.label}] is empty; no footnote was created.")
        return
    footnote.save()
    report.footnotes_created.append(note.label)
    if note.ibid and footnote.source is not None:
        report.ibid_resolved.append(note.label)


def _source_for(data: SourceData, report: ConversionReport) -> Source | None:
    """The stored source for parsed `data`, found or created; None if it cannot be stored."""
    if existing := source_find(data=data):
        if existing not in report.sources_reused and existing not in report.sources_created:
            report.sources_reused.append(existing)
        return existing
    source = Source(
        kind=data.kind,
        authors="\n".join(data.authors),
        title=data.title.strip(),
        container=data.container.strip(),
        publisher=data.publisher.strip(),
        published_on=data.date,
        date_precision=data.date_precision,
        url=data.url,
        archived_url=data.archived_url,
        accessed_on=data.accessed,
    )
    try:
        source.full_clean()
    except ValidationError as error:
        report.warnings.append(f"Could not store the source “{data.title}”: {error.messages[0]}")
        return None
    source.save()
    report.sources_created.append(source)
    return source


def source_find(*, data: SourceData) -> Source | None:
    """An existing source for `data`: same URL, or the same title in the same publication.

    Matched as the database's unique constraints compare, so what is found is what would clash.
    """
    if data.url and (source := Source.objects.filter(url=data.url).first()):
        return source
    return (
        Source.objects.alias(title_lower=Lower("title"), container_lower=Lower("container"))
        .filter(
            title_lower=Lower(Value(data.title.strip())),
            container_lower=Lower(Value(data.container.strip())),
        )
        .first()
    )


def _raw(notes: list[ParsedNote], label: str) -> str:
    return next(note.raw_text for note in notes if note.label == label)


# ---------------------------------------------------------------------------------------------
# Link health


@dataclass
class LinkCheckSummary:
    checked: int = 0
    ok: int = 0
    broken: list[Source] = field(default_factory=list)
    unknown: list[Source] = field(default_factory=list)  # rate limited: state kept
    essays_rendered: int = 0


def link_checker(*, timeout: float = 10.0, workers: int = 4) -> LinkChecker:
    """A checker that names us politely, so site owners can tell who is asking."""
    user_agent = f"Marginalia-linkcheck/1.0 (+{settings.SITE_URL})"
    return LinkChecker(
        user_agent=user_agent,
        timeout=timeout,
        workers=workers,
        # Non-public networks it may reach all the same: none in production (SSRF), the
        # tests' 127.0.0.1/32 in tests.
        allowed_networks=settings.OUTBOUND_ALLOWED_NETWORKS,
    )


def source_check_links(
    *,
    sources=None,
    checker: LinkChecker | None = None,
    on_recorded: Callable[[Source, LinkResult], None] | None = None,
) -> LinkCheckSummary:
    """Check the URL of each source (all by default), recording each result as soon as it is
    known, with the essays whose notes it changes; an interrupted run keeps what it recorded."""
    checker = checker or link_checker()
    queryset = Source.objects.exclude(url="") if sources is None else sources
    by_url: dict[str, list[Source]] = {}
    for source in queryset.only("pk", "url", "archived_url", "link_broken").order_by("pk"):
        by_url.setdefault(source.url, []).append(source)
    summary = LinkCheckSummary(checked=sum(map(len, by_url.values())))
    # Failures wait for a first answer: when nothing answers, the network is down, not the links.
    waiting: list[LinkResult] = []
    answered = False
    for result in checker.check_each(by_url):
        waiting.append(result)
        answered = answered or result.answered
        if answered:
            _record_all(waiting, by_url=by_url, summary=summary, on_recorded=on_recorded)
    if len(waiting) > 1:
        raise LinkCheckUnavailable(
            f"None of the {len(waiting)} URLs answered; the network may be down. Nothing was "
            "recorded; run the check again when this machine can reach the web."
        )
    _record_all(waiting, by_url=by_url, summary=summary, on_recorded=on_recorded)
    return summary


def _record_all(results: list[LinkResult], *, by_url, summary, on_recorded) -> None:
    """Record `results` for their sources, then empty the list."""
    for result in results:
        for source in by_url[result.url]:
            _source_record_link(source=source, result=result, summary=summary)
            if on_recorded:
                on_recorded(source, result)
    results.clear()


@transaction.atomic
def _source_record_link(*, source: Source, result: LinkResult, summary: LinkCheckSummary) -> None:
    """Store one check and, if the link broke or recovered, re-render the essays citing it."""
    broken = source.link_broken if result.broken is None else result.broken
    flipped = broken != source.link_broken
    now = timezone.now()
    Source.objects.filter(pk=source.pk).update(
        link_checked_at=now,
        link_status=result.status,
        link_error=result.error,
        link_broken=broken,
    )
    source.link_checked_at, source.link_status = now, result.status
    source.link_error, source.link_broken = result.error, broken
    if flipped:
        summary.essays_rendered += essays_render_citing(source_ids=[source.pk])
    if result.broken is None:
        summary.unknown.append(source)
    elif broken:
        summary.broken.append(source)
    else:
        summary.ok += 1
