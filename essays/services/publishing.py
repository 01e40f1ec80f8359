"""Validation before publishing, and publishing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from essays.citations import find_markers
from essays.models import Essay


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
