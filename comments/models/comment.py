"""A reader's comment and the one definition of what readers may see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from comments.client_ip import ip_group
from essays.models import Essay


def stored_email(email: str) -> str:
    """An email address as the site stores it (comments, blocks, subscriptions): lower-cased,
    so that lookups can match it exactly."""
    return email.strip().lower()


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
        return self.filter(author_email=stored_email(email), author_name=name)

    def earlier_approved(self, comment: Comment):
        """Approved comments by the same commenter as `comment`: a known commenter has some."""
        return (
            self.approved()
            .by_commenter(name=comment.author_name, email=comment.author_email)
            .exclude(pk=comment.pk)
        )

    def by_email_or_ip(self, *, email: str, ip_address: str | None):
        """Comments from this email address or this sender (IPv4 address or IPv6 /64)."""
        match = Q(author_email=stored_email(email))
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
    # The passage a comment answers (comments/passages.py): the paragraph's id in the essay's
    # stored HTML, and the words quoted from it, kept to find the paragraph after edits.
    anchor_id = models.CharField("passage", max_length=20, blank=True, editable=False)
    anchor_quote = models.CharField("quoted passage", max_length=300, blank=True, editable=False)
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
    # [{"code": "links", "text": "3 links (limit 2)", "values": {...}}]: comments.spam.verdict.
    verdict_reasons = models.JSONField(default=list, blank=True, editable=False)
    # The same reasons' codes as ",links,timing,", for the queue's Reason filter: SQLite has
    # no JSON containment lookup (PostgreSQL has), and one text test works on both.
    verdict_codes = models.CharField(max_length=300, blank=True, editable=False)
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
            models.CheckConstraint(
                condition=~Q(anchor_id="") | Q(anchor_quote=""),
                name="%(app_label)s_%(class)s_quote_has_passage",
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
            # Public comments per essay (the index page's counts), read from the index alone.
            models.Index(
                fields=["essay", "status", "under_hidden_parent"],
                name="%(app_label)s_%(class)s_public_count",
            ),
            models.Index(fields=["root", "status"]),
            # The moderation queue and its tabs.
            models.Index(fields=["status", "submitted_at"]),
            # Spam the check flagged lately (the queue), blatant spam (its tab, its purge).
            models.Index(fields=["status", "verdict", "checked_at"]),
            # The Reason filter's list of codes present: DISTINCT reads this, not the table.
            models.Index(fields=["verdict_codes"]),
            # The spam-check queue.
            models.Index(fields=["check_state", "check_next_at"]),
            # Per-sender hourly caps.
            models.Index(fields=["ip_group", "submitted_at"]),
            # An author's history on this site. With the status beside each address, the
            # spam checker finds an author's spam without walking their other comments: a
            # sender with thousands of held posts cost 2.5 ms a post before (issue #17).
            models.Index(fields=["author_email", "status"]),
            models.Index(fields=["ip_address", "status"]),
            models.Index(fields=["author_url", "status"]),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.essay}"

    def save(self, *args, **kwargs):
        # Lower-cased once here so that every lookup by email is an exact, indexed match.
        self.author_email = stored_email(self.author_email)
        self.ip_group = ip_group(self.ip_address)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "author_email", "ip_group"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The permalink finds the page of threads that shows it (comments/views.py).
        return reverse("comments:permalink", args=[self.pk])

    @property
    def is_discard(self) -> bool:
        return self.status == self.Status.SPAM and self.verdict == self.Verdict.DISCARD


# What readers may see, for the raw SQL of the page cache; CommentQuerySet.public() uses it.
PUBLIC_STATUS = Comment.Status.APPROVED
PUBLIC_SQL = ("status = %s AND under_hidden_parent = %s", (PUBLIC_STATUS, False))
