"""Mail to subscribers and authors, built as outbox rows: plain text, header-safe subjects.

Each notice carries RFC 8058 one-click unsubscribe headers and a link to the page where the
reader manages every subscription of their address. Nothing is sent here: the worker sends
the rows (comments.services.outbox), so building a mail never waits on a mail server.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.template.loader import render_to_string

from comments.models import Comment, OutboxMessage, Subscription
from comments.notifications.links import confirm_link, manage_link, unsubscribe_link
from comments.notifications.moderators import header_safe
from comments.sanitizing import comment_plain_text

TEMPLATES = "comments/subscriptions/mail/"
TEXT_KEPT = 2000
SUBJECTS = {
    OutboxMessage.Kind.APPROVED: "Your comment on “{title}” is published",
    OutboxMessage.Kind.REPLY: "{name} replied to your comment on “{title}”",
    OutboxMessage.Kind.DISCUSSION: "New comment by {name} on “{title}”",
    OutboxMessage.Kind.AUTHOR: "{name} commented on your essay “{title}”",
}


def subject_line(text: str) -> str:
    return header_safe(f"[{settings.SITE_NAME}] {text}", limit=150)


def event_key(kind: str, *parts) -> str:
    """An event and recipient, hashed: the outbox refuses the same key twice."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"{kind}:{digest}"


def subscriber_links(subscription: Subscription) -> tuple[dict[str, str], dict[str, str]]:
    """The body's links and the headers of a mail to a subscriber."""
    unsubscribe_url = unsubscribe_link.url(subscription.pk)
    links = {
        "unsubscribe_url": unsubscribe_url,
        "manage_url": manage_link.url(subscription.pk),
        "site_name": settings.SITE_NAME,
    }
    # https://www.rfc-editor.org/rfc/rfc8058: the POST alone unsubscribes, no confirmation.
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",  # https://www.rfc-editor.org/rfc/rfc3834
    }
    return links, headers


def comment_item(comment: Comment) -> dict:
    """What a mail shows of a comment; made once per comment, however many are mailed."""
    return {
        "author_name": header_safe(comment.author_name, limit=80),
        "text": comment_plain_text(comment.display_html or comment.body_html)[:TEXT_KEPT],
        "url": settings.SITE_URL + comment.get_absolute_url(),
    }


def confirmation_message(subscription: Subscription, pending: list[Subscription]) -> OutboxMessage:
    """The double opt-in mail: a link to a page whose button confirms (scanners only GET)."""
    title = header_safe(subscription.essay.title)
    context = {
        "essay_title": title,
        "kinds": [each.get_kind_display() for each in pending],
        "confirm_url": confirm_link.url(subscription.pk),
        "days": settings.COMMENTS_CONFIRM_LINK_DAYS,
        "site_name": settings.SITE_NAME,
    }
    return OutboxMessage(
        to=subscription.email,
        kind=OutboxMessage.Kind.CONFIRM,
        subject=subject_line(f"Confirm mail about comments on “{title}”"),
        body=render_to_string(TEMPLATES + "confirm.txt", context),
        headers={"Auto-Submitted": "auto-generated"},
    )


# Where a subscriber's own links go in a notice's text: the text is rendered once per kind
# of notice and the links filled in per subscriber. Random per process, so no comment text
# can hold a mark.
UNSUBSCRIBE_MARK = f"unsubscribe-{secrets.token_hex(12)}"
MANAGE_MARK = f"manage-{secrets.token_hex(12)}"


def notice_message(
    *,
    kind: str,
    subscription: Subscription,
    comment: Comment,
    item: dict,
    texts: dict[str, tuple[str, str]] | None = None,
) -> OutboxMessage:
    """One comment (`item`: comment_item(comment)), to one subscriber: published, a reply, a
    new comment, or to the author. `texts` keeps each kind's subject and body between the
    notices of one comment, so 1,000 followers cost one template render, not 1,000."""
    texts = {} if texts is None else texts
    if kind not in texts:
        texts[kind] = _notice_text(kind, comment, item)
    subject, body = texts[kind]
    links, headers = subscriber_links(subscription)
    body = body.replace(UNSUBSCRIBE_MARK, links["unsubscribe_url"])
    return OutboxMessage(
        to=subscription.email,
        kind=kind,
        subject=subject,
        body=body.replace(MANAGE_MARK, links["manage_url"]),
        headers=headers,
        key=event_key(kind, comment.pk, subscription.email),
    )


def _notice_text(kind: str, comment: Comment, item: dict) -> tuple[str, str]:
    """A notice's subject, and its body with the subscriber's links as marks."""
    title = header_safe(comment.essay.title)
    context = {
        "kind": kind,
        "essay_title": title,
        "item": item,
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "manage_url": MANAGE_MARK,
        "site_name": settings.SITE_NAME,
    }
    subject = SUBJECTS[kind].format(name=header_safe(comment.author_name, limit=60), title=title)
    return subject_line(subject), render_to_string(TEMPLATES + "notice.txt", context)


def digest_message(*, subscription: Subscription, comments: list[Comment], until) -> OutboxMessage:
    """The day's new comments on one essay, oldest first."""
    title = header_safe(subscription.essay.title)
    count = len(comments)
    links, headers = subscriber_links(subscription)
    context = {
        "essay_title": title,
        "items": [comment_item(comment) for comment in comments],
        "count": count,
    } | links
    plural = "" if count == 1 else "s"
    return OutboxMessage(
        to=subscription.email,
        kind=OutboxMessage.Kind.DIGEST,
        subject=subject_line(f"{count} new comment{plural} on “{title}”"),
        body=render_to_string(TEMPLATES + "digest.txt", context),
        headers=headers,
        key=event_key("digest", subscription.pk, until.isoformat()),
    )
