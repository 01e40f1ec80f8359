"""The moderation rules, WordPress's discussion settings as one policy object.

Given a comment and the spam check's verdict, the policy answers with the status the comment
should take and why. It reads settings each time so tests and admins can change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from comments.models import BlockedCommenter, Comment

_LINK_RE = re.compile(r"<a\s", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str  # a StatusChange.Reason value
    note: str


def count_links(html: str) -> int:
    return len(_LINK_RE.findall(html))


def _matching_key(comment: Comment, keys: list[str]) -> str | None:
    """The first key found in the comment's text, name, email, URL, IP or user agent."""
    haystack = "\n".join(
        [
            comment.body,
            comment.author_name,
            comment.author_email,
            comment.author_url,
            comment.ip_address or "",
            comment.user_agent,
        ]
    ).casefold()
    for key in keys:
        key = key.strip()
        if key and key.casefold() in haystack:
            return key
    return None


def is_blocked(comment: Comment) -> bool:
    """Whether moderators blocked this commenter's email or IP."""
    match = Q(email__iexact=comment.author_email)
    if comment.ip_address:
        match |= Q(ip_address=comment.ip_address)
    return BlockedCommenter.objects.filter(match).exists()


def disallowed_reason(comment: Comment) -> str | None:
    """Why this comment must go to spam whatever the checker says, or None."""
    key = _matching_key(comment, settings.COMMENTS_DISALLOWED_KEYS)
    if key:
        return f"contains the disallowed key “{key}”"
    if is_blocked(comment):
        return "the commenter is blocked"
    return None


def is_known_commenter(comment: Comment) -> bool:
    """A previously approved comment under the same name and email."""
    return (
        Comment.objects.public()
        .filter(author_email=comment.author_email.lower(), author_name=comment.author_name)
        .exclude(pk=comment.pk)
        .exists()
    )


class ModerationPolicy:
    """Decide a checked comment's status: allow, hold, or send to spam."""

    def decide(self, comment: Comment) -> Decision:
        if comment.is_from_editors:
            return Decision(Comment.Status.APPROVED, "rule", "comment from the editors")
        disallowed = disallowed_reason(comment)
        if disallowed:
            return Decision(Comment.Status.SPAM, "rule", disallowed)
        if comment.verdict in (Comment.Verdict.SPAM, Comment.Verdict.DISCARD):
            reasons = "; ".join(comment.verdict_reasons) or "the spam check said spam"
            return Decision(Comment.Status.SPAM, "spam_check", reasons)
        if comment.check_state != Comment.CheckState.CHECKED:
            return Decision(Comment.Status.PENDING, "rule", "not checked for spam yet")
        hold = self.hold_reason(comment)
        if hold:
            return Decision(Comment.Status.PENDING, "rule", hold)
        return Decision(Comment.Status.APPROVED, "rule", "passed the spam check and the rules")

    def hold_reason(self, comment: Comment) -> str | None:
        """Why a ham comment must still wait for a moderator, or None."""
        links = count_links(comment.body_html)
        if links > settings.COMMENTS_MAX_LINKS:
            return f"{links} links (more than {settings.COMMENTS_MAX_LINKS})"
        key = _matching_key(comment, settings.COMMENTS_MODERATION_KEYS)
        if key:
            return f"contains the moderation key “{key}”"
        policy = settings.COMMENTS_MODERATION_POLICY
        if policy == "all":
            return "every comment is held for a moderator"
        if policy == "first-time" and not is_known_commenter(comment):
            return "first comment from this commenter"
        return None


policy = ModerationPolicy()
