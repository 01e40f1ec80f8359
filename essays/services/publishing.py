"""Validation before publishing, and publishing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essays.citations import find_markers
from essays.models import Essay


def essay_missing_labels(*, essay: Essay, labels: list[str] | None = None) -> list[str]:
    """Labels the body cites that no written footnote defines (`labels`: those to assume)."""
    if labels is None:
        labels = list(essay.footnotes.written().values_list("label", flat=True)) if essay.pk else []
    known = set(labels)
    return list(dict.fromkeys(label for label in find_markers(essay.body) if label not in known))


def missing_labels_error(missing: list[str]) -> ValidationError:
    markers = ", ".join(f"[^{label}]" for label in missing)
    return ValidationError(
        "A published essay cannot cite notes that are not written: the body cites %(markers)s "
        "but no footnote with %(that)s label has a source or commentary. Write the "
        "note%(s)s, correct the marker%(s)s, or save the essay as a draft.",
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


@transaction.atomic
def essay_publish_now(*, essay: Essay) -> Essay:
    """Make a draft or scheduled essay public from this moment (refused as essay_publish is)."""
    if missing := essay_missing_labels(essay=essay):
        raise missing_labels_error(missing)
    essay.status = Essay.Status.PUBLISHED
    essay.publish_at = timezone.now()
    essay.save(update_fields=["status", "publish_at", "updated_at"])
    return essay


@transaction.atomic
def essay_unschedule(*, essay: Essay) -> Essay:
    """Take a scheduled essay back to draft, keeping its date for the next time."""
    if essay.state != Essay.State.SCHEDULED:
        raise ValidationError(
            "Only a scheduled essay can be unscheduled; this one is %(state)s.",
            code="not_scheduled",
            params={"state": essay.state.label.lower()},
        )
    essay.status = Essay.Status.DRAFT
    essay.save(update_fields=["status", "updated_at"])
    return essay
