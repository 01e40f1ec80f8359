"""Revisions: a snapshot of an essay's text, notes and metadata at each save."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from essays.models.essay import Essay


class EssayRevision(models.Model):
    """What an essay said at one save, kept so that any two can be compared and one restored.

    The snapshot is plain JSON (see essays.services.revisions.essay_snapshot): a source or
    author deleted later leaves its readable name behind, and restoring says so.
    """

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who saved it; kept empty when the account is deleted.",
    )
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    summary = models.CharField(max_length=300, blank=True)
    # Stored beside the snapshot, so the history list never reads the snapshots.
    word_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        # The history page and "the latest revision" both read an essay's revisions newest first.
        indexes = [models.Index(fields=["essay", "-created_at"], name="essays_revision_newest_idx")]

    def __str__(self):
        return f"{self.essay} at {self.created_at:%Y-%m-%d %H:%M}"
