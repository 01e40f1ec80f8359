"""Make the responsive renditions of every hero image now, instead of on first view."""

from django.core.management.base import BaseCommand

from essays.images import renditions_for
from essays.models import Essay


class Command(BaseCommand):
    help = "Make missing hero image renditions (pages make them on first view otherwise)."

    def handle(self, *args, **options):
        made = failed = 0
        for essay in Essay.objects.exclude(hero_image="").only("pk", "hero_image"):
            if renditions_for(essay.hero_image) is None:
                failed += 1
                self.stderr.write(f"Cannot read the hero image of essay {essay.pk}: "
                                  f"{essay.hero_image.name}")  # fmt: skip
            else:
                made += 1
        self.stdout.write(f"{made} hero image(s) ready, {failed} unreadable.")
