"""Footnote rows that follow the body: created, ordered and removed with their markers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from essays.citations import find_markers
from essays.citations.rows import Row, plan_rows
from essays.models import Essay, Footnote
from essays.services.rendering import essay_render


@dataclass
class FootnoteSync:
    created: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)  # kept: a source or commentary was entered

    def messages(self) -> list[str]:
        """What the editor should know, one sentence each (orphans are warned of apart)."""
        said = []
        if self.created:
            said.append(
                f"Notes added for the new markers {_markers(self.created)}: choose a source or "
                "write a comment for each under Footnotes."
            )
        if self.removed:
            said.append(f"Empty notes removed with their markers: {_markers(self.removed)}.")
        return said


@transaction.atomic
def essay_sync_footnotes(*, essay: Essay) -> FootnoteSync:
    """Give each marker in the body a footnote row, order the rows by first appearance,
    remove empty rows whose marker is gone (never one with a source or commentary), and
    render the essay again."""
    footnotes = {note.label: note for note in essay.footnotes.select_for_update()}
    rows = [Row(label, _has_content(note)) for label, note in footnotes.items()]
    plan = plan_rows(find_markers(essay.body), rows)
    essay.footnotes.filter(label__in=plan.remove).delete()
    Footnote.objects.bulk_create(
        Footnote(essay=essay, label=label, position=plan.positions[label]) for label in plan.create
    )
    moved = [
        note
        for label, note in footnotes.items()
        if label in plan.positions and note.position != plan.positions[label]
    ]
    for note in moved:
        note.position = plan.positions[note.label]
    Footnote.objects.bulk_update(moved, ["position"])
    essay_render(essay=essay)
    return FootnoteSync(created=plan.create, removed=plan.remove, orphaned=plan.orphaned)


def _has_content(footnote: Footnote) -> bool:
    return bool(footnote.source_id or footnote.commentary.strip() or footnote.pinpoint.strip())


def _markers(labels: list[str]) -> str:
    return ", ".join(f"[^{label}]" for label in labels)
