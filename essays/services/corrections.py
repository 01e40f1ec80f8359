"""Public corrections: published under the essay, in its revisions, and on its cached page."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from essays.models import Correction, Essay
from essays.services.rendering import essay_render
from essays.services.revisions import essay_record_revision


@transaction.atomic
def essay_add_correction(
    *, essay: Essay, text: str, user, published_on: datetime.date | None = None
) -> Correction:
    """Publish a dated correction under `essay`; its page is rendered again and the change
    is kept as a revision. (The essay form's inline saves the essay too, to the same end.)"""
    correction = Correction(
        essay=essay,
        text=text,
        published_on=published_on or timezone.localdate(),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    correction.full_clean()
    correction.save()
    essay_render(essay=essay)  # moves rendered_at, one of the page cache's stamps
    essay_record_revision(essay=essay, user=user)
    return correction
