"""Posting: a reader's new comment, and the poster's own edits within the edit window."""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import math
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from comments.client_ip import ip_group
from comments.compiled import STAND_IN_TIME, CompiledQuery, compile_query, stand_in_text
from comments.models import Comment, PostingGate, StatusChange
from comments.passages import anchor_for_post
from comments.rendering import comment_display_html
from comments.sanitizing import sanitize_comment
from comments.services.screening import lease_token, screen_unsaved, screening_store
from comments.services.status import comment_trash, history_record
from comments.services.subscriptions import comment_subscribe_poster
from essays.models import Essay

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommentData:
    author_name: str
    author_email: str
    author_url: str
    body: str
    parent: Comment | None = None
    # The passage it answers, as posted: checked against the essay by comment_create.
    anchor_id: str = ""
    anchor_quote: str = ""
    notify_replies: bool = False  # ticked "Notify me of replies by e-mail"


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None
    user_agent: str = ""
    referrer: str = ""


def body_fingerprint(body: str) -> str:
    """A hash of the body that ignores case, spacing and Unicode form (for duplicates)."""
    folded = " ".join(unicodedata.normalize("NFKC", body).casefold().split())
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()


class PostingTooFast(Exception):
    """The sender posted within the flood window or hit the hourly cap; try again later."""

    def __init__(self, wait_seconds: int):
        super().__init__(f"Posting again is possible in {wait_seconds} s.")
        self.wait_seconds = wait_seconds


def _seconds_left(until: datetime.datetime, now: datetime.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def posting_gate_pass(*, sender: str, now: datetime.datetime) -> None:
    """Let `sender` post now or raise PostingTooFast; call inside the posting transaction.

    The flood window is claimed by one statement, an INSERT of the sender's row that becomes
    a conditional UPDATE on conflict (the unique sender settles it), so of N posts sent
    together exactly one passes on any database; a refused post rolls its claim back with
    its transaction.
    """
    if not sender:
        return
    flood = datetime.timedelta(seconds=settings.COMMENTS_FLOOD_SECONDS)
    if flood and not flood_window_claim(sender=sender, now=now, flood=flood):
        last = PostingGate.objects.filter(sender=sender).values_list("last_post_at", flat=True)
        raise PostingTooFast(_seconds_left((last.first() or now) + flood, now))
    hour_ago = now - datetime.timedelta(hours=1)
    posted = _posts_since(connection.vendor).scalar(sender=sender, since=hour_ago)
    if posted >= settings.COMMENTS_HOURLY_CAP_PER_IP:
        in_last_hour = Comment.objects.filter(ip_group=sender, submitted_at__gt=hour_ago)
        oldest = in_last_hour.order_by("submitted_at").values_list("submitted_at", flat=True)[0]
        raise PostingTooFast(_seconds_left(oldest + datetime.timedelta(hours=1), now))


@functools.cache
def _posts_since(vendor: str) -> CompiledQuery:
    """How many comments `sender` posted after `since`: compiled once per process (#17)."""
    sender, since = stand_in_text("sender"), STAND_IN_TIME
    posts = Comment.objects.filter(ip_group=sender, submitted_at__gt=since)
    return compile_query(posts, count=True, sender=sender, since=since)


# The sender's first row, or its row moved on if the window has passed: one statement where
# an UPDATE, then a savepoint, an INSERT and its release, were four for a new sender (#17).
# ON CONFLICT ... DO UPDATE ... WHERE is the same on SQLite (3.24+) and PostgreSQL.
_GATES = PostingGate._meta.db_table
_CLAIM_FLOOD_WINDOW = (
    f"INSERT INTO {_GATES} (sender, last_post_at) VALUES (%s, %s) "  # noqa: S608
    "ON CONFLICT (sender) DO UPDATE SET last_post_at = excluded.last_post_at "
    f"WHERE {_GATES}.last_post_at <= %s"
)


def flood_window_claim(*, sender: str, now: datetime.datetime, flood: datetime.timedelta) -> bool:
    """Claim `sender`'s flood window; False if they posted less than `flood` ago."""
    as_stored = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_FLOOD_WINDOW, [sender, as_stored(now), as_stored(now - flood)])
        return cursor.rowcount == 1


def is_staff_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def comment_submit(
    *, essay: Essay, data: CommentData, meta: RequestMeta, user=None, signals: dict | None = None
) -> Comment:
    """A reader's post: flood control, the new comment and any subscription it asks for
    (with its confirmation mail) in one transaction.

    A post judged without a network call (screen_unsaved) is stored with its verdict and
    status; blatant spam that SPAM_DISCARD_DROP would delete is never stored (the returned
    instance has no pk). Any other post is stored claimed, for comment_screen to check after
    the commit.
    Raises PostingTooFast (flood window, hourly cap) and IntegrityError (a duplicate); either
    way nothing is stored and the sender's flood window is left as it was.
    """
    # Built, cleaned and judged first: the write lock (SQLite's is the whole database's) is
    # held for the statements only, not for sanitising, validating and the spam check.
    comment = comment_build(essay=essay, data=data, meta=meta, user=user, signals=signals)
    screening = screen_unsaved(comment)
    if screening is None:
        # Stored already claimed for screening: a separate claim would be one more write
        # transaction per post, queued for SQLite's one write lock (issue #17).
        comment.check_next_at = lease_token(timezone.now())
    with transaction.atomic():
        if not is_staff_user(user):
            posting_gate_pass(sender=ip_group(meta.ip_address), now=timezone.now())
        if screening is not None and screening.decision.drop:
            logger.info("Not storing a post judged blatant spam (SPAM_DISCARD_DROP).")
            return comment
        comment_save(comment)
        if data.notify_replies:  # before the decision: an approval's notices look for it
            comment_subscribe_poster(comment=comment)
        if screening is None:
            history_record(comment=comment, from_status="", reason=StatusChange.Reason.POSTED)
        else:
            screening_store(comment=comment, screening=screening)
    if screening is None:
        # comment_screen takes it (screening.take_posting_claim)
        comment.screening_claim = comment.check_next_at
    return comment


@transaction.atomic
def comment_create(
    *,
    essay: Essay,
    data: CommentData,
    meta: RequestMeta,
    user=None,
    signals: dict | None = None,
    submitted_at: datetime.datetime | None = None,
    check_next_at: datetime.datetime | None = None,
) -> Comment:
    """Store a new comment, pending and not yet checked. Screening happens after commit.

    `submitted_at` is for comments written elsewhere first (imports, demo content);
    `check_next_at` is a screening lease token, for a comment claimed as it is stored.
    """
    comment = comment_build(essay=essay, data=data, meta=meta, user=user, signals=signals)
    if submitted_at is not None:
        comment.submitted_at = submitted_at
    if check_next_at is not None:
        comment.check_next_at = check_next_at
    return comment_insert(comment)


def comment_build(*, essay: Essay, data: CommentData, meta: RequestMeta, user, signals) -> Comment:
    """A new comment, pending and unchecked, sanitised and validated but not saved."""
    parent = data.parent
    if parent is not None and parent.depth >= settings.COMMENTS_MAX_DEPTH:
        # Too deep to nest further: the reply joins its parent's level instead.
        parent = parent.parent
    # Only a new thread answers a passage; one that is not in the essay makes it a general one.
    anchor = None
    if parent is None:
        anchor = anchor_for_post(essay.body_html, anchor_id=data.anchor_id, quote=data.anchor_quote)
    comment = Comment(
        essay=essay,
        parent=parent,
        root_id=parent.root_id if parent else None,  # a new thread's: comment_insert
        anchor_id=anchor.id if anchor else "",
        anchor_quote=anchor.quote if anchor else "",
        depth=parent.depth + 1 if parent else 1,
        author_name=data.author_name,
        author_email=data.author_email,
        author_url=data.author_url,
        user=user if user is not None and user.is_authenticated else None,
        is_from_editors=is_staff_user(user),
        body=data.body,
        body_html=sanitize_comment(data.body),
        body_hash=body_fingerprint(data.body),
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:500],
        referrer=meta.referrer[:500],
        signals=signals or {},
        submitted_at=timezone.now(),
    )
    # Uniqueness is left to the database constraint: a read-then-insert check would race.
    # The essay and the parent are rows the caller loaded: checking they exist is a query each.
    comment.full_clean(
        exclude=["essay", "parent", "root", "user"],
        validate_unique=False,
        validate_constraints=False,
    )
    return comment


# What needs the new comment's id: a new thread's root, and an approved comment's display
# HTML (which links to itself). Statements written once, as building one took as long as the
# INSERT (issue #17). Like QuerySet.update(), they leave updated_at.
_COMMENTS = Comment._meta.db_table
_SET_ROOT = f'UPDATE "{_COMMENTS}" SET "root_id" = %s WHERE "id" = %s'  # noqa: S608
_SET_ROOT_AND_DISPLAY = (
    f'UPDATE "{_COMMENTS}" SET "root_id" = %s, "display_html" = %s WHERE "id" = %s'  # noqa: S608
)


def comment_insert(comment: Comment) -> Comment:
    """Save a comment from comment_build, its thread and its history (inside a transaction)."""
    comment_save(comment)
    history_record(comment=comment, from_status="", reason=StatusChange.Reason.POSTED)
    return comment


def comment_save(comment: Comment) -> None:
    """INSERT a new comment, then what needs its id (inside a transaction; no history).

    A reply's thread is set in the INSERT. No savepoint of its own: comment_submit's
    transaction holds it (issue #17).
    """
    comment.save()
    if comment.parent_id is None:
        comment.root_id = comment.pk
    if comment.status == Comment.Status.APPROVED:
        comment.display_html = comment_display_html(comment)
        statement, values = _SET_ROOT_AND_DISPLAY, [comment.root_id, comment.display_html]
    elif comment.parent_id is None:
        statement, values = _SET_ROOT, [comment.root_id]
    else:
        return
    with connection.cursor() as cursor:
        cursor.execute(statement, [*values, comment.pk])


def poster_may_edit(comment: Comment, *, now=None) -> bool:
    """Whether the edit window after posting is still open."""
    window = timezone.timedelta(minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES)
    return comment.status in (Comment.Status.PENDING, Comment.Status.APPROVED) and (
        (now or timezone.now()) < comment.submitted_at + window
    )


@transaction.atomic
def comment_edit_by_poster(*, comment: Comment, body: str) -> Comment:
    """Replace the text; it is re-sanitised and must be screened again (recheck_reason=edit)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    previous = comment.status
    comment.body = body
    comment.body_html = sanitize_comment(body)
    comment.body_hash = body_fingerprint(body)
    comment.edited_at = timezone.now()
    comment.content_version += 1
    comment.check_state = Comment.CheckState.UNCHECKED
    comment.check_next_at = timezone.now()
    comment.recheck_reason = "edit"
    comment.status = Comment.Status.PENDING
    comment.full_clean(
        exclude=["root", "user", "parent"], validate_unique=False, validate_constraints=False
    )
    comment.save()
    history_record(
        comment=comment, from_status=previous, reason=StatusChange.Reason.EDIT, note="by poster"
    )
    return comment


def comment_delete_by_poster(*, comment: Comment) -> None:
    """The poster withdraws their comment within the edit window: it goes to the trash."""
    comment_trash(comment=comment, reason=StatusChange.Reason.POSTER, note="withdrawn by poster")
