"""Make the responsive renditions of every hero and library image now, instead of on first view.

Library images get theirs at upload; this remakes any that are missing (a new MEDIA_ROOT, a
cleared renditions folder, a new manifest version).
"""

from django.core.management.base import BaseCommand

from essays.images import renditions_for
from essays.models import Essay, MediaItem


class Command(BaseCommand):
    help = (
        "Make missing hero and library image renditions (pages make them on first view otherwise)."
    )

    def handle(self, *args, **options):
        heroes = Essay.objects.exclude(hero_image="").only("pk", "hero_image")
        made, failed = self._make(((f"essay {e.pk}", e.hero_image) for e in heroes), "hero image")
        self.stdout.write(f"{made} hero image(s) ready, {failed} unreadable.")
        library = MediaItem.objects.only("pk", "image")
        made, failed = self._make(((f"image {i.pk}", i.image) for i in library), "library image")
        self.stdout.write(f"{made} library image(s) ready, {failed} unreadable.")

    def _make(self, files, what: str) -> tuple[int, int]:
        made = failed = 0
        for owner, field_file in files:
            if renditions_for(field_file) is None:
                failed += 1
                self.stderr.write(f"Cannot read the {what} of {owner}: {field_file.name}")
            else:
                made += 1
        return made, failed
