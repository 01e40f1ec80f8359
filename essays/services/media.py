"""The media library: adding an image (renditions made at once), editing and deleting one.

Essays store their rendered HTML, so a change to an image placed in them renders them again.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from essays.figures import figure_ids
from essays.images import delete_image_files, renditions_for
from essays.models import Essay, MediaItem
from essays.services.rendering import essay_render


@transaction.atomic
def media_item_add(*, item: MediaItem, uploaded_by: AbstractBaseUser | None) -> MediaItem:
    """Store a new image with its text (an unsaved item, from the admin form or the editor's
    picker), and make its renditions now rather than on a reader's first view."""
    item.uploaded_by = uploaded_by
    item.full_clean()
    item.save()
    renditions_for(item.image)
    return item


def media_missing(*, body: str) -> list[int]:
    """The library ids `body` places as figures that are not in the library (any more)."""
    ids = figure_ids(body)
    found = set(MediaItem.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return sorted(ids - found)


@transaction.atomic
def media_item_update(*, item: MediaItem) -> int:
    """Save an edited image (new renditions if the file changed) and render again the essays
    showing it; the number of essays. A replaced file goes, with its renditions, once saved."""
    stored = MediaItem.objects.filter(pk=item.pk).values_list("image", flat=True).first()
    item.full_clean()
    item.save()
    renditions_for(item.image)
    if stored and stored != item.image.name:
        _delete_files_on_commit(item, stored)
    return essays_render_showing(media_id=item.pk)


@transaction.atomic
def media_item_delete(*, item: MediaItem) -> int:
    """Delete an image: its figures leave the essays showing it, which are rendered again;
    its file and renditions go once the delete is committed (a rollback keeps them)."""
    showing = essays_showing(media_id=item.pk)  # found first: the delete unsets a hero
    name = item.image.name
    item.delete()
    for essay in showing:
        essay_render(essay=essay)
    _delete_files_on_commit(item, name)
    return len(showing)


def _delete_files_on_commit(item: MediaItem, name: str) -> None:
    storage = item.image.storage
    transaction.on_commit(lambda: delete_image_files(storage, name))


def essays_showing(*, media_id: int):
    """Essays with this image as a figure in the body, or as their hero."""
    mentioning = Essay.objects.filter(
        Q(body__contains=f"media:{media_id}") | Q(hero_media=media_id)
    )
    return [
        essay
        for essay in mentioning
        if essay.hero_media_id == media_id or media_id in figure_ids(essay.body)
    ]


def essays_render_showing(*, media_id: int) -> int:
    essays = essays_showing(media_id=media_id)
    for essay in essays:
        essay_render(essay=essay)
    return len(essays)


def missing_figures_warning(media_ids: list[int]) -> str:
    lines = ", ".join(f"media:{pk}" for pk in media_ids)
    return (
        f"Not in the media library, so readers see nothing there: {lines}. "
        "Insert the image again from the library, or remove the line."
    )
