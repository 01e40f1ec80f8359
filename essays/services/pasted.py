"""Conversion of pasted WordPress-style notes ([1] markers and a notes list) into footnotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from essays.citations import ParsedNote, SourceData, convert_pasted
from essays.models import Essay, Footnote, Source
from essays.services.revisions import essay_record_revision
from essays.services.search import essay_search_index


class ConversionError(Exception):
    """The pasted notes could not be converted; nothing was changed."""


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
def essay_convert_pasted_notes(
    *, essay: Essay, dry_run: bool = False, user=None
) -> ConversionReport:
    """Turn pasted [1]/[iv] markers and a trailing notes list into Footnotes and Sources.

    Sources are reused when one with the same URL, or the same title in the same
    publication, exists. A second run finds no notes list and changes nothing.
    `user`: who asked, recorded with the revision the conversion makes.
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
    essay_search_index(essay=essay)
    essay_record_revision(essay=essay, user=user, summary="Pasted notes converted to footnotes.")
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
    """The stored source for parsed `data`, found or created; None if it cannot be stored.

    Found as every other way in finds a stored work (Source.objects.matching: DOI, ISBN,
    normalised URL, title with year and first author, or title with publication), which also
    covers what the table's unique constraints would refuse."""
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
    if existing := next(iter(Source.objects.matching(source)), None):
        if existing not in report.sources_reused and existing not in report.sources_created:
            report.sources_reused.append(existing)
        return existing
    try:
        source.full_clean()
    except ValidationError as error:
        report.warnings.append(f"Could not store the source “{data.title}”: {error.messages[0]}")
        return None
    source.save()
    report.sources_created.append(source)
    return source


def _raw(notes: list[ParsedNote], label: str) -> str:
    return next(note.raw_text for note in notes if note.label == label)
