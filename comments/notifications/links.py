"""Signed links in subscribers' mail: confirm, unsubscribe, manage. One salt per purpose, so a
link made for one can never do another's work.

Each signs a subscription's id, not an address: the address would be readable in the link
(signing is not encryption) and so in every log the link passes through. The manage page
lists every subscription of that subscription's address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from comments.params import positive_int

CONFIRM = "comments.subscription.confirm"
UNSUBSCRIBE = "comments.subscription.unsubscribe"
MANAGE = "comments.subscription.manage"
URL_NAMES = {
    CONFIRM: "comments:subscription-confirm",
    UNSUBSCRIBE: "comments:unsubscribe",
    MANAGE: "comments:subscriptions",
}


class LinkRefused(Exception):
    """A link that is expired, altered, or made for another purpose; says which for the reader."""

    def __init__(self, reason: str, *, expired: bool = False):
        super().__init__(reason)
        self.expired = expired


@dataclass(frozen=True)
class LinkMaker:
    purpose: str

    def token(self, subscription_id: int) -> str:
        return signing.TimestampSigner(salt=self.purpose).sign(str(subscription_id))

    def url(self, subscription_id: int) -> str:
        path = reverse(URL_NAMES[self.purpose], kwargs={"token": self.token(subscription_id)})
        return settings.SITE_URL + path

    def read(self, token: str) -> int:
        """The subscription id the link was made for, or LinkRefused."""
        signer = signing.TimestampSigner(salt=self.purpose)
        try:
            value = signer.unsign(token, max_age=self.max_age())
        except signing.SignatureExpired:
            raise LinkRefused("This link has expired.", expired=True) from None
        except signing.BadSignature:
            raise LinkRefused("This link is not valid: it may be incomplete or altered.") from None
        subscription_id = positive_int(value)
        if subscription_id is None:
            raise LinkRefused("This link is not valid: it may be incomplete or altered.")
        return subscription_id

    def max_age(self) -> datetime.timedelta:
        days = settings.COMMENTS_CONFIRM_LINK_DAYS
        if self.purpose != CONFIRM:
            days = settings.COMMENTS_SUBSCRIPTION_LINK_DAYS
        return datetime.timedelta(days=days)


confirm_link = LinkMaker(CONFIRM)
unsubscribe_link = LinkMaker(UNSUBSCRIBE)
manage_link = LinkMaker(MANAGE)
