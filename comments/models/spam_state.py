"""The spam check's own state, in the database so every process sees it."""

from __future__ import annotations

from django.db import models


class SpamModelState(models.Model):
    """The embedded checker's learned token counts (one row)."""

    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "spam model"

    def __str__(self):
        return f"Spam model (updated {self.updated_at:%Y-%m-%d %H:%M})"


class SpamServiceState(models.Model):
    """What any process learned of the spam service: key checks, account alerts, the last
    error and success (comments.spam.status). One row in the database, so the admin sees the
    queue worker's alerts whatever the cache."""

    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "spam service state"

    def __str__(self):
        return f"Spam service state (updated {self.updated_at:%Y-%m-%d %H:%M})"
