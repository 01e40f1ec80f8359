"""Reader comments, their moderation history, and the spam-check work queues."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.client_ip import ip_group, ip_range, parse_ip, parse_network
from essays.models import Essay


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments moderators (or the rules) approved, shown or not."""
        return self.filter(status=Comment.Status.APPROVED)

    def public(self):
        """Comments every reader may see, on pages, in counts and feeds: approved, in a
        thread whose ancestors are approved too (the one definition; raw SQL uses
        PUBLIC_SQL)."""
        return self.filter(status=PUBLIC_STATUS, under_hidden_parent=False)

    def in_moderation(self):
        """Comments waiting for a moderator's decision."""
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, *, own_ids=()):
        """Public comments, plus the reader's own pending ones (recognised by signed cookie)."""
        return self.filter(
            Q(status=PUBLIC_STATUS, under_hidden_parent=False)
            | Q(pk__in=own_ids, status=Comment.Status.PENDING)
        )

    def by_commenter(self, *, name: str, email: str):
        """Comments under this name and email: together they are who a commenter is here."""
        return self.filter(author_email=email.strip().lower(), author_name=name)

    def earlier_approved(self, comment: Comment):
        """Approved comments by the same commenter as `comment`: a known commenter has some."""
        return (
            self.approved()
            .by_commenter(name=comment.author_name, email=comment.author_email)
            .exclude(pk=comment.pk)
        )

    def by_email_or_ip(self, *, email: str, ip_address: str | None):
        """Comments from this email address or this sender (IPv4 address or IPv6 /64)."""
        match = Q(author_email=email.strip().lower())
        if group := ip_group(ip_address):
            match |= Q(ip_group=group)
        return self.filter(match)

    def due_for_check(self, *, now=None):
        """Comments whose spam check has not succeeded and whose next try is due."""
        return self.filter(
            check_state=Comment.CheckState.UNCHECKED, check_next_at__lte=now or timezone.now()
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    class CheckState(models.TextChoices):
        UNCHECKED = "unchecked", "Not checked yet"
        CHECKED = "checked", "Checked"

    class Verdict(models.TextChoices):
        NONE = "", "None"
        HAM = "ham", "Ham"
        SPAM = "spam", "Spam"
        DISCARD = "discard", "Blatant spam"

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of its thread (itself at the top): one query fetches whole threads.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+", editable=False
    )
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    # Set while an ancestor is not public (pending, spam, trash): the reply leaves the page,
    # so it leaves counts and feeds too. Kept by comments.services.status.
    under_hidden_parent = models.BooleanField(default=False, editable=False)
    author_name = models.CharField("name", max_length=80)
    author_email = models.EmailField("email", max_length=254)
    author_url = models.URLField("website", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    is_from_editors = models.BooleanField(default=False, editable=False)
    body = models.TextField(help_text="As the reader wrote it.")
    body_html = models.TextField(editable=False, help_text="Sanitised once, at save.")
    # Duplicate posts are refused by the database, not by a read-then-insert check.
    body_hash = models.CharField(max_length=64, editable=False)
    # The comment as readers see it (comments/rendering.py), built when approved or edited
    # so the essay page joins fragments instead of running a template per comment.
    display_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moved on by every edit of the text or the author fields. Moderators' one-click actions
    # and Undo carry the version the moderator was shown, and leave a comment edited since.
    content_version = models.PositiveIntegerField(default=1, editable=False)

    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    # The sender as flood control and blocks count it: the IPv4 address, or the IPv6 /64.
    ip_group = models.CharField(max_length=50, blank=True, editable=False)
    user_agent = models.CharField(max_length=500, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    # Cheap signals recorded before any paid API call: honeypot value, seconds to submit.
    signals = models.JSONField(default=dict, blank=True)

    check_state = models.CharField(
        max_length=10, choices=CheckState, default=CheckState.UNCHECKED, editable=False
    )
    check_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    check_next_at = models.DateTimeField(default=timezone.now, editable=False)
    check_error = models.CharField(max_length=300, blank=True, editable=False)
    recheck_reason = models.CharField(max_length=20, blank=True, editable=False)
    verdict = models.CharField(max_length=10, choices=Verdict, blank=True, editable=False)
    verdict_reasons = models.JSONField(default=list, blank=True, editable=False)
    verdict_checker = models.CharField(max_length=20, blank=True, editable=False)
    verdict_raw = models.TextField(blank=True, editable=False)
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The exact payload sent to the spam service, repeated verbatim by submit-spam/ham.
    spam_payload = models.JSONField(default=dict, blank=True, editable=False)
    # Where an imported comment came from ("wordpress:<site>:<comment id>"): imports update it.
    import_key = models.CharField(max_length=200, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        permissions = [("can_moderate", "Can moderate comments")]
        constraints = [
            models.UniqueConstraint(
                fields=["essay", "author_email", "body_hash"],
                name="%(app_label)s_%(class)s_no_duplicates",
            ),
            models.CheckConstraint(
                condition=~Q(author_name="") & ~Q(body=""),
                name="%(app_label)s_%(class)s_name_and_body_not_empty",
            ),
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~Q(import_key=""),
                name="%(app_label)s_%(class)s_import_key_unique",
            ),
        ]
        indexes = [
            # The essay page: approved comments of one essay in order, and of a page's threads.
            models.Index(fields=["essay", "status", "submitted_at"]),
            models.Index(fields=["root", "status"]),
            # The moderation queue and its tabs.
            models.Index(fields=["status", "submitted_at"]),
            # Spam the check flagged lately (the queue), blatant spam (its tab, its purge).
            models.Index(fields=["status", "verdict", "checked_at"]),
            # The spam-check queue.
            models.Index(fields=["check_state", "check_next_at"]),
            # Per-sender hourly caps; the spam checker's IP history.
            models.Index(fields=["ip_group", "submitted_at"]),
            models.Index(fields=["ip_address"]),
            # An author's history on this site.
            models.Index(fields=["author_email", "status"]),
            # Websites moderators marked as spam before (the embedded checker).
            models.Index(fields=["author_url"]),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.essay}"

    def save(self, *args, **kwargs):
        # Lower-cased once here so that every lookup by email is an exact, indexed match.
        self.author_email = self.author_email.strip().lower()
        self.ip_group = ip_group(self.ip_address)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "author_email", "ip_group"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.essay.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_discard(self) -> bool:
        return self.status == self.Status.SPAM and self.verdict == self.Verdict.DISCARD


# What readers may see, for the raw SQL of the page cache; CommentQuerySet.public() uses it.
PUBLIC_STATUS = Comment.Status.APPROVED
PUBLIC_SQL = ("status = %s AND under_hidden_parent = %s", (PUBLIC_STATUS, False))


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


class BlockedCommenterQuerySet(models.QuerySet):
    def active(self, *, now=None):
        """Blocks in force: without an expiry, or not yet expired (a timed suspension)."""
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now()))

    def matching(self, *, email: str, ip_address: str | None):
        """Blocks that name this email, this exact address, or the range it belongs to."""
        match = Q(email__iexact=email.strip()) if email.strip() else Q(pk__in=[])
        if address := parse_ip(ip_address or ""):
            match |= Q(ip_address=str(address)) | Q(ip_range=ip_range(str(address)))
        return self.filter(match)


class BlockedCommenter(models.Model):
    """An email address, IP address or IP range whose comments go straight to spam."""

    email = models.EmailField(blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True, db_index=True)
    # Kept for personal-data erasure, which finds blocks by the sender's group.
    ip_group = models.CharField(max_length=50, blank=True, editable=False, db_index=True)
    ip_range = models.CharField(
        "IP range",
        max_length=50,
        blank=True,
        db_index=True,
        help_text="An IPv4 /24 or IPv6 /64, such as 203.0.113.0/24: everyone on that network.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField("reason", max_length=200, blank=True)
    expires_at = models.DateTimeField(
        "expires", null=True, blank=True, help_text="Empty: the block lasts until lifted."
    )

    objects = BlockedCommenterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | Q(ip_address__isnull=False) | ~Q(ip_range=""),
                name="%(app_label)s_%(class)s_email_or_ip",
            )
        ]

    def __str__(self):
        return " / ".join(self.targets()) or "nothing"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.ip_group = ip_group(self.ip_address)
        super().save(*args, **kwargs)

    def clean(self):
        if self.ip_range and parse_network(self.ip_range) is None:
            raise ValidationError(
                {"ip_range": "Give an IPv4 /24 or an IPv6 /64, such as 203.0.113.0/24."}
            )
        if not (self.email or self.ip_address or self.ip_range):
            raise ValidationError("Name an email address, an IP address or an IP range.")

    def targets(self) -> list[str]:
        """What the block names, as moderators read it."""
        ip = self.ip_address and f"IP {self.ip_address}"
        return [
            text for text in (self.email, ip, self.ip_range and f"range {self.ip_range}") if text
        ]

    def is_active(self, *, now=None) -> bool:
        return self.expires_at is None or self.expires_at > (now or timezone.now())

    def covered_comments(self) -> Q:
        """The comments this block names (any status): what a preview lists."""
        match = Q(author_email=self.email.strip().lower()) if self.email else Q(pk__in=[])
        if self.ip_address:
            match |= Q(ip_address=self.ip_address)
        if network := parse_network(self.ip_range):
            if network.version == 6:
                match |= Q(ip_group=str(network))  # comments store their IPv6 /64 there
            else:
                first_three = str(network.network_address).rsplit(".", 1)[0]
                match |= Q(ip_address__startswith=f"{first_three}.")
        return match


class PostingGate(models.Model):
    """When each sender last posted: flood control moves it with one conditional UPDATE, so
    of several posts sent together exactly one passes (a read-then-insert check would race).
    """

    sender = models.CharField(max_length=50, unique=True)  # comments.client_ip.ip_group()
    last_post_at = models.DateTimeField()

    def __str__(self):
        return f"{self.sender} posted at {self.last_post_at:%Y-%m-%d %H:%M:%S}"


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
