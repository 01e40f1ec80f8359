"""Public correction notes: what a published essay got wrong, dated, shown under it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from essays.models.essay import Essay
from essays.rendering import markdown_to_safe_html


class Correction(models.Model):
    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="corrections")
    published_on = models.DateField(
        "date", default=timezone.localdate, help_text="The date readers see beside the note."
    )
    text = models.TextField(help_text="Markdown: what was wrong, and what the essay says now.")
    # Rendered once at save time, through the same allowlist as essay bodies.
    text_html = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="%(app_label)s_%(class)s_text_not_empty"
            )
        ]

    def __str__(self):
        return f"Correction of {self.published_on:%Y-%m-%d} to “{self.essay}”"

    def save(self, *args, **kwargs):
        self.text_html = markdown_to_safe_html(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)
