"""Mail the site sends: moderators' notices of held comments, and subscribers' notices.

moderators: held comments, at once then in digests; subscribers: what readers and authors
asked to hear about, built here and sent through the durable outbox (comments.services.outbox).
"""

from comments.notifications.moderators import (
    DIGEST_MAX_LISTED,
    LAST_SENT_KEY,
    LOCK_KEY,
    build_messages,
    header_safe,
    held_since_last_mail,
    moderator_emails,
    moderators_notify_held,
    send_if_due,
)

__all__ = [
    "DIGEST_MAX_LISTED",
    "LAST_SENT_KEY",
    "LOCK_KEY",
    "build_messages",
    "header_safe",
    "held_since_last_mail",
    "moderator_emails",
    "moderators_notify_held",
    "send_if_due",
]
