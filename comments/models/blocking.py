"""Blocks on commenters, and the gate that spaces out their posts."""

from __future__ import annotations

import functools
import operator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.client_ip import ip_group, ip_range, parse_ip, parse_network
from comments.models.comment import stored_email


class BlockedCommenterQuerySet(models.QuerySet):
    def active(self, *, now=None):
        """Blocks in force: without an expiry, or not yet expired (a timed suspension)."""
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now()))

    def naming(self, *, email: str = "", address: str = "", network: str = ""):
        """Blocks that name this email, this exact IP address or this IP range, as
        block_names gives them (an empty one is not looked for)."""
        named = {"email": email, "ip_address": address, "ip_range": network}
        terms = [Q(**{field: value}) for field, value in named.items() if value]
        return self.filter(functools.reduce(operator.or_, terms)) if terms else self.none()


def block_names(*, email: str, ip_address: str | None) -> dict[str, str]:
    """What a block on this commenter would name: their email as stored (blocks store it so
    too, see save), their exact IP address, and the range it belongs to ("" if none)."""
    address = parse_ip(ip_address or "")
    return {
        "email": stored_email(email),
        "address": str(address) if address else "",
        "network": ip_range(str(address)) if address else "",
    }


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
        self.email = stored_email(self.email)
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
        match = Q(author_email=stored_email(self.email)) if self.email else Q(pk__in=[])
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
    """When each sender last posted: flood control claims it with one conditional upsert
    (comments.services.posting.flood_window_claim), so of several posts sent together
    exactly one passes (a read-then-insert check would race).
    """

    sender = models.CharField(max_length=50, unique=True)  # comments.client_ip.ip_group()
    last_post_at = models.DateTimeField()

    def __str__(self):
        return f"{self.sender} posted at {self.last_post_at:%Y-%m-%d %H:%M:%S}"
