"""Revisions: a snapshot of the essay after every change to its text, and restoring one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from essays.models import Author, Essay, EssayRevision, Footnote, MediaItem, Source, Topic
from essays.revision_diff import summarise
from essays.services.notes import essay_sync_footnotes

# Metadata stored and restored as they are; publish_at, hero_image, authors and topics apart.
PLAIN_METADATA = (
    "title", "slug", "dek", "status", "hero_alt", "hero_caption", "hero_credit", "note_style",
    "citation_style", "comments_mode", "comments_close_after_days",
)  # fmt: skip


@dataclass
class RestoreReport:
    revision: EssayRevision | None  # the revision the restore recorded; None if nothing changed
    missing_sources: list[str] = field(default_factory=list)
    missing_names: list[str] = field(default_factory=list)  # authors and topics deleted since
    slug_in_use: str = ""

    def messages(self) -> list[str]:
        """What the editor should know besides "restored", one sentence each."""
        said = []
        if self.missing_sources:
            said.append(
                "These sources were deleted since; their notes keep the citation as text: "
                + "; ".join(self.missing_sources)
                + "."
            )
        if self.missing_names:
            said.append(f"Deleted since, so not restored: {', '.join(self.missing_names)}.")
        if self.slug_in_use:
            said.append(
                f"The address “{self.slug_in_use}” now belongs to another essay; this one "
                "keeps its current address."
            )
        return said


def essay_snapshot(*, essay: Essay) -> dict:
    """The essay's body, notes, metadata and corrections as plain JSON values."""
    notes = essay.footnotes.select_related("source").order_by("position", "pk")
    return {
        "body": essay.body,
        "notes": [
            {
                "label": note.label,
                "source_id": note.source_id,
                "source": str(note.source) if note.source_id else "",
                "pinpoint": note.pinpoint,
                "commentary": note.commentary,
            }
            for note in notes
        ],
        "metadata": {name: getattr(essay, name) for name in PLAIN_METADATA}
        | {
            "publish_at": essay.publish_at.astimezone(UTC).isoformat(),
            "hero_image": essay.hero_image.name or "",
            "authors": [{"id": a.pk, "name": a.name} for a in essay.authors.order_by("pk")],
            "topics": [{"id": t.pk, "name": t.name} for t in essay.topics.order_by("pk")],
            # A list of none or one, so that it reads and restores as authors and topics do.
            "hero_media": [{"id": m.pk, "name": str(m)} for m in [essay.hero_media] if m],
        },
        "corrections": [
            {"id": c.pk, "date": c.published_on.isoformat(), "text": c.text}
            for c in essay.corrections.all()
        ],
    }


@transaction.atomic
def essay_record_revision(*, essay: Essay, user, summary: str = "") -> EssayRevision | None:
    """Keep the essay as it now is; None when it is as the latest revision already has it."""
    snapshot = essay_snapshot(essay=essay)
    previous = essay.revisions.only("snapshot").first()
    if previous is not None and previous.snapshot == snapshot:
        return None
    revision = EssayRevision(
        essay=essay,
        author=user if user is not None and user.is_authenticated else None,
        snapshot=snapshot,
        summary=summary or summarise(previous.snapshot if previous else None, snapshot),
        word_count=essay.word_count,
    )
    revision.full_clean()
    revision.save()
    return revision


@transaction.atomic
def essay_restore_revision(*, revision: EssayRevision, user) -> RestoreReport:
    """Bring back the revision's body, notes and metadata, and record that as a new revision.

    Corrections stay as they are: a correction readers have seen is a public record. A source,
    author or topic deleted since is reported; its note keeps the citation as commentary.
    """
    essay = Essay.objects.select_for_update().get(pk=revision.essay_id)
    snapshot = revision.snapshot
    report = RestoreReport(revision=None)
    _restore_metadata(essay, snapshot["metadata"], report)
    essay.body = snapshot["body"]
    essay.full_clean()
    essay.save()
    _restore_names(essay.authors, Author, snapshot["metadata"]["authors"], report)
    _restore_names(essay.topics, Topic, snapshot["metadata"]["topics"], report)
    _restore_notes(essay, snapshot["notes"], report)
    essay_sync_footnotes(essay=essay)  # the same path as a save: rows ordered, notes rendered
    when = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
    report.revision = essay_record_revision(
        essay=essay, user=user, summary=f"Restored from {when}."
    )
    return report


def _restore_metadata(essay: Essay, metadata: dict, report: RestoreReport) -> None:
    for name in PLAIN_METADATA:  # a field added after the revision keeps its current value
        setattr(essay, name, metadata.get(name, getattr(essay, name)))
    essay.publish_at = parse_datetime(metadata["publish_at"])
    essay.hero_image = metadata["hero_image"]
    stored = metadata.get("hero_media", [])  # absent from revisions made before the library
    ids = [item["id"] for item in stored]
    essay.hero_media = MediaItem.objects.filter(pk__in=ids).first()
    report.missing_names += [item["name"] for item in stored if essay.hero_media is None]
    if Essay.objects.exclude(pk=essay.pk).filter(slug=metadata["slug"]).exists():
        report.slug_in_use = metadata["slug"]
        essay.slug = Essay.objects.values_list("slug", flat=True).get(pk=essay.pk)


def _restore_names(related, model, stored: list[dict], report: RestoreReport) -> None:
    """Set authors or topics to those stored that still exist (an essay keeps at least one
    author: if all were deleted, the current ones stay)."""
    ids = [item["id"] for item in stored]
    existing = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    report.missing_names += [item["name"] for item in stored if item["id"] not in existing]
    if existing or model is not Author:
        related.set(existing)


def _restore_notes(essay: Essay, stored: list[dict], report: RestoreReport) -> None:
    """Make the essay's footnote rows those of the snapshot, in a fixed number of queries."""
    wanted_ids = {note["source_id"] for note in stored if note["source_id"]}
    sources = set(Source.objects.filter(pk__in=wanted_ids).values_list("pk", flat=True))
    essay.footnotes.exclude(label__in=[note["label"] for note in stored]).delete()
    current = {note.label: note for note in essay.footnotes.all()}
    rows = []
    for position, note in enumerate(stored, start=1):
        row = current.get(note["label"]) or Footnote(essay=essay, label=note["label"])
        row.source_id = note["source_id"] if note["source_id"] in sources else None
        row.pinpoint, row.commentary, row.position = note["pinpoint"], note["commentary"], position
        if note["source_id"] and row.source_id is None:
            report.missing_sources.append(note["source"])
            row.commentary = " ".join(filter(None, [f"{note['source']}.", note["commentary"]]))
        rows.append(row)
    Footnote.objects.bulk_update([row for row in rows if row.pk], ["source", "pinpoint",
                                 "commentary", "position"])  # fmt: skip
    Footnote.objects.bulk_create([row for row in rows if not row.pk])
