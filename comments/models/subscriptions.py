"""Readers' requests for mail about comments, and the durable outbox every such mail goes by."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Subscriptions that may be mailed: confirmed and not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    class Kind(models.TextChoices):
        REPLIES = "replies", "Replies to a comment"
        DISCUSSION = "discussion", "The whole discussion"
        APPROVAL = "approval", "My comment published"

    email = models.EmailField(max_length=254, help_text="Stored lowercased.")
    essay = models.ForeignKey(
        "essays.Essay", on_delete=models.CASCADE, related_name="comment_subscriptions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    comment = models.ForeignKey(
        "comments.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        help_text="The comment replied to or awaiting approval; empty for a discussion.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the opt-in mail was queued. A poster's request waits, unmailed, while their
    # comment awaits its check or is judged spam: a spammer's "notify me" must not make the
    # site mail the stranger whose address they typed (services/subscriptions.py).
    asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    digest = models.BooleanField(default=False, help_text="One mail a day instead of each.")
    # Where the last digest stopped, so each comment is in exactly one digest.
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "comment subscription"
        ordering = ["email", "created_at"]
        # Erasure and the manage page look subscriptions up by address.
        indexes = [models.Index(fields=["email"], name="comments_subscription_email")]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="%(app_label)s_%(class)s_email_lowercase"
            ),
            models.CheckConstraint(
                condition=Q(kind="discussion", comment__isnull=True)
                | (~Q(kind="discussion") & Q(comment__isnull=False)),
                name="%(app_label)s_%(class)s_comment_iff_not_discussion",
            ),
            models.UniqueConstraint(
                fields=["email", "essay"],
                condition=Q(kind="discussion"),
                name="%(app_label)s_%(class)s_one_discussion_per_email",
            ),
            models.UniqueConstraint(
                fields=["email", "comment", "kind"],
                condition=Q(comment__isnull=False),
                name="%(app_label)s_%(class)s_one_per_comment_and_kind",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.get_kind_display()}"


class OutboxMessage(models.Model):
    """One mail to send; kept with its attempts until sent, so an outage delays and loses none."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirm a subscription"
        APPROVED = "approved", "Your comment is published"
        REPLY = "reply", "A reply"
        DISCUSSION = "discussion", "A new comment"
        DIGEST = "digest", "Daily digest"
        AUTHOR = "author", "A comment on your essay"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The event and recipient, so an event seen twice (approved, unapproved, approved) mails once.
    key = models.CharField(max_length=120, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    attempts = models.PositiveIntegerField(default=0)
    next_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the receiving server refused it for good (5xx for the address or the message):
    # retrying could only repeat the refusal, so the worker leaves it (the admin can retry).
    refused_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"
        ordering = ["next_at", "pk"]
        indexes = [
            # The worker's claim: unsent rows by due time.
            models.Index(
                fields=["next_at"],
                condition=Q(sent_at__isnull=True, refused_at__isnull=True),
                name="comments_outbox_due_unrefused",
            ),
            # The per-address rate limit on confirmation mail, and erasure.
            models.Index(fields=["to", "created_at"], name="comments_outbox_to"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="%(app_label)s_%(class)s_key_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"
