"""Posting: a reader's new comment, and the poster's own edits within the edit window."""

from __future__ import annotations

import datetime
import functools
import hashlib
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
from comments.sanitizing import sanitize_comment
from comments.services.screening import lease_token
from comments.services.status import comment_trash, history_record
from comments.services.subscriptions import comment_subscribe_poster
from essays.models import Essay


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

    Raises PostingTooFast (flood window, hourly cap) and IntegrityError (a duplicate); either
    way nothing is stored and the sender's flood window is left as it was.
    """
    # Stored already claimed for screening: a separate claim would be one more write
    # transaction per post, queued for SQLite's one write lock (issue #17).
    token = lease_token(timezone.now())
    # Built and cleaned first: the write lock (SQLite's is the whole database's) is held
    # for the statements only, not for sanitising and validating.
    comment = comment_build(essay=essay, data=data, meta=meta, user=user, signals=signals)
    comment.check_next_at = token
    with transaction.atomic():
        if not is_staff_user(user):
            posting_gate_pass(sender=ip_group(meta.ip_address), now=timezone.now())
        comment_insert(comment)
        if data.notify_replies:
            comment_subscribe_poster(comment=comment)
    comment.screening_claim = token  # comment_screen takes it (screening.take_posting_claim)
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


# A new thread is its own root: the statement QuerySet.update would send, written once, as
# building it took as long as the INSERT (issue #17). Like update(), it leaves updated_at.
_SET_OWN_ROOT = f"UPDATE {Comment._meta.db_table} SET root_id = %s WHERE id = %s"  # noqa: S608


def comment_insert(comment: Comment) -> Comment:
    """Save a comment from comment_build, its thread and its history (inside a transaction).

    A reply's thread is set in the INSERT; a new thread is its own, known once it has an id.
    No savepoint of its own: comment_submit's transaction holds it (issue #17).
    """
    comment.save()
    if comment.parent_id is None:
        comment.root_id = comment.pk
        with connection.cursor() as cursor:
            cursor.execute(_SET_OWN_ROOT, [comment.pk, comment.pk])
    history_record(comment=comment, from_status="", reason=StatusChange.Reason.POSTED)
    return comment


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
