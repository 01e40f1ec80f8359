"""The media library: images uploaded once, then placed in essays as figures or heroes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator

from essays.figures import FigureData
from essays.images import renditions_for


class MediaItem(models.Model):
    image = models.ImageField(upload_to="library/%Y/", width_field="width", height_field="height")
    alt = models.CharField(
        "alt text",
        max_length=250,
        help_text="What the image shows, for readers who cannot see it.",
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="Shown under the image wherever it is placed."
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text='For example "Photo: Jane Doe / Agency".'
    )
    # Filled in by the ImageField from the file's header; the page reserves this space.
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "image"
        verbose_name_plural = "images"
        constraints = [
            # Forms require it too; this keeps a bulk import from adding an image without one.
            models.CheckConstraint(
                condition=~Q(alt=""), name="%(app_label)s_%(class)s_alt_not_empty"
            ),
        ]

    def __str__(self):
        return Truncator(self.alt).chars(80)

    def figure_data(self) -> FigureData:
        """What the renderer needs to set this image as a figure; renditions made if missing."""
        return FigureData(
            alt=self.alt,
            caption=self.caption,
            credit=self.credit,
            renditions=renditions_for(self.image),
            url=self.image.url if self.image else "",
        )
