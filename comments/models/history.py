"""What moderators and the spam service decided about a comment, kept for review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from comments.models.comment import Comment


class StatusChange(models.Model):
    """One entry in a comment's history: who changed what, when, and why."""

    class Reason(models.TextChoices):
        POSTED = "posted", "Posted"
        MODERATOR = "moderator", "Moderator"
        RULE = "rule", "Moderation rule"
        SPAM_CHECK = "spam_check", "Spam check"
        RECHECK = "recheck", "Re-check"
        POSTER = "poster", "Poster"
        EDIT = "edit", "Edited"
        HOUSEKEEPING = "housekeeping", "Housekeeping"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.CharField(max_length=15, choices=Reason)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "status changes"

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status} ({self.get_reason_display()})"


class SpamFeedback(models.Model):
    """A durable submit-spam / submit-ham call, retried until the service takes it."""

    class Kind(models.TextChoices):
        SPAM = "spam", "Spam"
        HAM = "ham", "Ham"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(max_length=4, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "next_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} feedback for comment {self.comment_id}"
