"""Importing a reference file: a preview that sorts each entry, then the chosen ones made."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from essays.models import Source
from essays.sources.files import FileEntry
from essays.sources.matching import match_keys
from essays.sources.services import source_create

NEW, EXISTS, REPEATED, UNREADABLE = "new", "exists", "repeated", "unreadable"
CLASH = "a stored source has the same URL, DOI, or title and publication"


@dataclass
class PreviewRow:
    position: int  # 0-based, in the file's order
    entry: FileEntry
    status: str  # NEW, EXISTS, REPEATED or UNREADABLE
    existing: Source | None = None  # the source it duplicates (EXISTS)
    repeats: str = ""  # the label of the earlier entry it repeats (REPEATED)


def import_preview(entries: list[FileEntry]) -> list[PreviewRow]:
    """Each entry as new, a duplicate of a stored source, a repeat within the file, or
    unreadable. One query: the stored sources' keys are read once."""
    stored: dict[str, Source] = {}
    for source in Source.objects.order_by("pk"):
        for key in match_keys(source):
            stored.setdefault(key, source)
    seen: dict[str, str] = {}  # key -> label of the first entry with it
    rows = []
    for position, entry in enumerate(entries):
        rows.append(_row(position, entry, stored, seen))
    return rows


def _row(position, entry, stored, seen) -> PreviewRow:
    if entry.record is None:
        return PreviewRow(position, entry, UNREADABLE)
    keys = sorted(match_keys(entry.record))
    if existing := next((stored[key] for key in keys if key in stored), None):
        return PreviewRow(position, entry, EXISTS, existing=existing)
    if first := next((seen[key] for key in keys if key in seen), None):
        return PreviewRow(position, entry, REPEATED, repeats=first)
    for key in keys:
        seen[key] = entry.label
    return PreviewRow(position, entry, NEW)


@dataclass
class ImportReport:
    created: list[Source] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (label, why)


@transaction.atomic
def sources_import(*, entries: list[FileEntry], chosen: set[int] | None = None) -> ImportReport:
    """Create the chosen entries (positions; all by default) that are new when this runs.

    Duplicates are checked again here, as the table may have changed since the preview; each
    entry gets its own savepoint, so one that clashes is reported and the others stay."""
    picked = [e for position, e in enumerate(entries) if chosen is None or position in chosen]
    report = ImportReport()
    for row in import_preview(picked):
        label = row.entry.label
        if row.status != NEW:
            report.skipped.append((label, skip_reason(row)))
            continue
        try:
            with transaction.atomic():
                found = row.entry.record
                report.created.append(source_create(found=found, check_constraints=False))
        except ValidationError as error:
            report.skipped.append((label, "; ".join(error.messages)))
        except IntegrityError:  # the preview's sorting missed a clash the table refuses
            report.skipped.append((label, CLASH))
    return report


def skip_reason(row: PreviewRow) -> str:
    """Why the row is not imported, for the editor."""
    if row.status == EXISTS:
        return f"already stored as “{row.existing}”"
    if row.status == REPEATED:
        return f"repeats {row.repeats} in the same file"
    return f"unreadable: {row.entry.problem}"
