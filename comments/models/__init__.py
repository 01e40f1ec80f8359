"""Reader comments, their moderation history, blocks, and the spam check's state."""

from comments.models.blocking import (
    BlockedCommenter,
    BlockedCommenterQuerySet,
    PostingGate,
    block_names,
)
from comments.models.comment import (
    PUBLIC_SQL,
    PUBLIC_STATUS,
    Comment,
    CommentQuerySet,
    stored_email,
)
from comments.models.history import SpamFeedback, StatusChange
from comments.models.spam_state import SpamModelState, SpamServiceState
from comments.models.subscriptions import OutboxMessage, Subscription, SubscriptionQuerySet

__all__ = [
    "PUBLIC_SQL",
    "PUBLIC_STATUS",
    "BlockedCommenter",
    "BlockedCommenterQuerySet",
    "Comment",
    "CommentQuerySet",
    "OutboxMessage",
    "PostingGate",
    "SpamFeedback",
    "SpamModelState",
    "SpamServiceState",
    "StatusChange",
    "Subscription",
    "SubscriptionQuerySet",
    "block_names",
    "stored_email",
]
