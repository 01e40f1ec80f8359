"""Rendering stored essays again when their notes or sources change (not a content edit)."""

from __future__ import annotations

from django.db import transaction

from essays.models import Essay, Footnote, Source
from essays.rendering import RenderedBody


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
