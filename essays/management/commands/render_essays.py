"""Render every stored essay again, after a change to how bodies and notes are rendered."""

from django.core.management.base import BaseCommand

from essays.models import Essay
from essays.services.rendering import essay_render


class Command(BaseCommand):
    help = (
        "Render every essay's body and notes again (after an upgrade that changes rendering, "
        "such as sidenotes); readers see no 'Updated' date."
    )

    def handle(self, *args, **options):
        count = 0
        for essay in Essay.objects.order_by("pk").iterator(chunk_size=100):
            essay_render(essay=essay)
            count += 1
        self.stdout.write(f"{count} essay(s) rendered.")
