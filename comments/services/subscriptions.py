"""Subscriptions: double opt-in, unsubscribing, and the notices each approved comment queues.

Every mail is an outbox row written in the transaction of its event (a subscription asked
for, a comment approved), so a rollback takes the mail with it and a commit keeps it until
the worker has sent it.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, OutboxMessage, StatusChange, Subscription, stored_email
from comments.notifications.subscribers import (
    comment_item,
    confirmation_message,
    digest_message,
    notice_message,
)
from essays.models import Author, Essay

Kind = Subscription.Kind
# When one address has several reasons to hear of a comment, the first of these wins.
NOTICE_ORDER = [
    (Kind.APPROVAL, OutboxMessage.Kind.APPROVED),
    (Kind.REPLIES, OutboxMessage.Kind.REPLY),
    (Kind.DISCUSSION, OutboxMessage.Kind.DISCUSSION),
]


class Outcome(enum.Enum):
    MAILED = "a confirmation mail is on its way"
    CONFIRMED = "confirmed at once: this address is confirmed for this essay"
    ALREADY = "already subscribed"
    RATE_LIMITED = "too many confirmation mails to this address; the last ones still work"
    WAITING = "the mail waits until the comment is checked and not judged spam"


def _reopened(*, email: str, essay: Essay, kind: str, comment: Comment | None) -> Subscription:
    """The subscription, new or as it was; one unsubscribed before must be confirmed again."""
    subscription, _ = Subscription.objects.get_or_create(
        email=stored_email(email), essay=essay, kind=kind, comment=comment
    )
    if subscription.unsubscribed_at is not None:
        subscription.unsubscribed_at = subscription.confirmed_at = subscription.asked_at = None
        subscription.save(update_fields=["unsubscribed_at", "confirmed_at", "asked_at"])
    return subscription


def _confirm_or_ask(subscriptions: list[Subscription], *, may_mail: bool = True) -> Outcome:
    """Confirm at once an address already confirmed for the essay; else queue one mail,
    unless `may_mail` is False (the request then waits for poster_confirmation_release)."""
    pending = [each for each in subscriptions if each.confirmed_at is None]
    if not pending:
        return Outcome.ALREADY
    first = pending[0]
    known = Subscription.objects.active().filter(email=first.email, essay_id=first.essay_id)
    if known.exists():
        Subscription.objects.filter(pk__in=[each.pk for each in pending]).update(
            confirmed_at=timezone.now()
        )
        return Outcome.CONFIRMED
    if not may_mail:
        return Outcome.WAITING
    now = timezone.now()
    recent = OutboxMessage.objects.filter(
        to=first.email,
        kind=OutboxMessage.Kind.CONFIRM,
        created_at__gt=now - datetime.timedelta(hours=1),
    )
    if recent.count() >= settings.COMMENTS_CONFIRM_MAILS_PER_HOUR:
        return Outcome.RATE_LIMITED
    confirmation_message(first, pending).save()
    Subscription.objects.filter(pk__in=[each.pk for each in pending]).update(asked_at=now)
    return Outcome.MAILED


def poster_may_be_asked(comment: Comment) -> bool:
    """Whether the site may mail the address on `comment` to confirm its poster's "notify me":
    once a moderator approved it, or the check found it not spam. Until then the address may
    be a stranger's, typed by a spammer."""
    return comment.status == Comment.Status.APPROVED or (
        comment.status == Comment.Status.PENDING
        and comment.check_state == Comment.CheckState.CHECKED
        and comment.verdict == Comment.Verdict.HAM
    )


class FollowingTooFast(Exception):
    """One sender asked to follow too often this hour; each request may mail a stranger."""

    def __init__(self, wait_seconds: int):
        super().__init__(f"Following again is possible in {wait_seconds} s.")
        self.wait_seconds = wait_seconds


def follow_gate_pass(*, sender: str, now: datetime.datetime) -> None:
    """Let `sender` (an IP group) ask to follow, at most COMMENTS_FOLLOWS_PER_HOUR times an
    hour, or raise FollowingTooFast. Counted in the cache, shared with CACHE_URL."""
    if not sender:
        return
    hour = int(now.timestamp() // 3600)
    key = f"comments:follows:{hour}:{sender}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, count := 1, timeout=3600)
    if count > settings.COMMENTS_FOLLOWS_PER_HOUR:
        raise FollowingTooFast(max(1, (hour + 1) * 3600 - int(now.timestamp())))


@transaction.atomic
def discussion_follow(*, email: str, essay: Essay) -> Outcome:
    """A reader asks for mail about every new comment on `essay` (once confirmed)."""
    subscription = _reopened(email=email, essay=essay, kind=Kind.DISCUSSION, comment=None)
    return _confirm_or_ask([subscription])


@transaction.atomic
def comment_subscribe_poster(*, comment: Comment) -> Outcome:
    """The poster ticked "notify me": their comment's publication and replies to it.

    The opt-in mail goes now only if poster_may_be_asked; else poster_confirmation_release
    sends it when the check or a moderator clears the comment.
    """
    subscriptions = [
        _reopened(email=comment.author_email, essay=comment.essay, kind=kind, comment=comment)
        for kind in (Kind.APPROVAL, Kind.REPLIES)
    ]
    return _confirm_or_ask(subscriptions, may_mail=poster_may_be_asked(comment))


def poster_confirmation_release(*, comment: Comment) -> Outcome | None:
    """Send the opt-in mail a poster's request has waited for, if `comment` now allows it
    (inside the transaction that cleared it). None when nothing waits; never mails twice."""
    if not poster_may_be_asked(comment):
        return None
    waiting = Subscription.objects.filter(
        comment=comment,
        kind__in=(Kind.APPROVAL, Kind.REPLIES),
        confirmed_at__isnull=True,
        unsubscribed_at__isnull=True,
        asked_at__isnull=True,
    ).select_related("essay")
    subscriptions = list(waiting)
    return _confirm_or_ask(subscriptions) if subscriptions else None


def subscription_pending_with(subscription: Subscription):
    """What confirming `subscription` confirms: every request of its address on its essay."""
    return Subscription.objects.filter(
        email=subscription.email,
        essay_id=subscription.essay_id,
        confirmed_at__isnull=True,
        unsubscribed_at__isnull=True,
    )


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> int:
    """The reader pressed the button in the confirmation mail's page; counts what it confirmed."""
    return subscription_pending_with(subscription).update(confirmed_at=timezone.now())


def subscription_unsubscribe(*, subscription: Subscription) -> Subscription:
    """Stop a subscription (idempotent): kept, not deleted, so an author is not re-added."""
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    subscription.refresh_from_db()
    return subscription


def subscription_set_digest(*, subscription: Subscription, digest: bool) -> Subscription:
    """Daily digest or a mail per comment; the digest starts from now, not from the past."""
    subscription.digest = digest
    subscription.digest_sent_at = timezone.now() if digest else None
    subscription.save(update_fields=["digest", "digest_sent_at"])
    return subscription


def _author_emails(essay: Essay) -> set[str]:
    """Authors with an active login and an address: they hear of new comments by default."""
    authors = Author.objects.filter(essays=essay, user__is_active=True).exclude(user__email="")
    return {email.lower() for email in authors.values_list("user__email", flat=True)}


def _authors_subscribe(essay: Essay, emails: set[str]) -> None:
    """An author's account address needs no opt-in mail. Kept when they unsubscribe, so
    unsubscribing sticks."""
    now = timezone.now()
    for email in sorted(emails):
        Subscription.objects.get_or_create(
            email=email,
            essay=essay,
            kind=Kind.DISCUSSION,
            comment=None,
            defaults={"confirmed_at": now},
        )


def comment_notices_queue(*, comment: Comment) -> int:
    """Queue the notices of a newly approved comment (call inside its transaction).

    Never to its own poster, except the "your comment is published" notice they asked for;
    one mail per address; an event seen twice (approved again) is refused by the outbox key.
    """
    if comment.status != Comment.Status.APPROVED or comment.under_hidden_parent:
        return 0
    essay = comment.essay
    rows = Subscription.objects.filter(essay=essay).filter(
        Q(kind=Kind.DISCUSSION) | Q(comment_id__in=[comment.pk, comment.parent_id])
    )
    subscriptions = list(rows)
    authors = _author_emails(essay)
    missing = authors - {each.email for each in subscriptions if each.kind == Kind.DISCUSSION}
    if missing:
        _authors_subscribe(essay, missing)
        subscriptions = list(rows.all())  # read again: `rows` caches its first result
    messages = _notices(comment, subscriptions, authors=authors)
    if messages:
        OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    return len(messages)


def _notices(
    comment: Comment, subscriptions: Iterable[Subscription], *, authors: set[str]
) -> list[OutboxMessage]:
    poster = comment.author_email.lower()
    item = comment_item(comment)
    texts: dict[str, tuple[str, str]] = {}  # each kind's text, rendered once
    chosen: dict[str, OutboxMessage] = {}
    for kind, message_kind in NOTICE_ORDER:
        for each in subscriptions:
            if each.kind != kind or each.email in chosen or not _wants(each, comment, poster):
                continue
            is_author = kind == Kind.DISCUSSION and each.email in authors
            chosen[each.email] = notice_message(
                kind=OutboxMessage.Kind.AUTHOR if is_author else message_kind,
                subscription=each,
                comment=comment,
                item=item,
                texts=texts,
            )
    return list(chosen.values())


def _wants(subscription: Subscription, comment: Comment, poster: str) -> bool:
    if subscription.confirmed_at is None or subscription.unsubscribed_at is not None:
        return False
    if subscription.kind == Kind.APPROVAL:
        return subscription.comment_id == comment.pk
    if subscription.email == poster:
        return False
    if subscription.kind == Kind.REPLIES:
        return subscription.comment_id == comment.parent_id and comment.parent_id is not None
    return not subscription.digest


def digests_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue each digest that is due: the comments approved since its last one. Counts mails."""
    now = now or timezone.now()
    due = now - datetime.timedelta(hours=settings.COMMENTS_DIGEST_HOURS)
    subscriptions = (
        Subscription.objects.active()
        .filter(kind=Kind.DISCUSSION, digest=True)
        .filter(Q(digest_sent_at__lte=due) | Q(digest_sent_at__isnull=True, confirmed_at__lte=due))
    )
    return sum(_digest_queue(each, now) for each in subscriptions.select_related("essay"))


@transaction.atomic
def _digest_queue(subscription: Subscription, now: datetime.datetime) -> int:
    since = subscription.digest_sent_at or subscription.confirmed_at
    # Conditional, so two workers never send the same digest.
    claimed = Subscription.objects.filter(
        pk=subscription.pk, digest_sent_at=subscription.digest_sent_at
    ).update(digest_sent_at=now)
    if not claimed:
        return 0
    approved = StatusChange.objects.filter(
        to_status=Comment.Status.APPROVED, created_at__gt=since, created_at__lte=now
    ).exclude(note__startswith="imported (")  # old comments brought over (services/imports.py)
    comments = list(
        Comment.objects.public()
        .filter(essay_id=subscription.essay_id, pk__in=approved.values("comment_id"))
        .exclude(author_email=subscription.email)
        .select_related("essay")
        .order_by("submitted_at", "pk")
    )
    if not comments:
        return 0
    message = digest_message(subscription=subscription, comments=comments, until=now)
    OutboxMessage.objects.bulk_create([message], ignore_conflicts=True)
    return 1
