"""Personal-data tools for one email address, as WordPress's export and erase tools work.

Export gives everything stored about the commenter's comments. Erasure deletes their
comments, except those others replied to: deleting those would delete the replies too, so
they keep their place in the thread with the author and text removed. Either way every
copy goes: moderators' notes that quote the commenter, the spam model's lessons, the
admin's log, their subscriptions and the mail to them in the outbox. A block of their email
or IP stays (it protects the site; export discloses it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from comments.models import (
    BlockedCommenter,
    Comment,
    OutboxMessage,
    SpamFeedback,
    StatusChange,
    Subscription,
    stored_email,
)
from comments.rendering import comment_display_html
from comments.sanitizing import sanitize_comment
from comments.services.status import essay_comments_touch
from comments.spam.learning import Lesson, spam_model_forget, tokens_for

ERASED_NAME = "Anonymous"
ERASED_BODY = "[This comment was removed at its author's request.]"
ERASED_NOTE = "[erased]"


def _comments_of(email: str):
    return Comment.objects.filter(author_email=stored_email(email))


def _blocks_of(email: str, comments) -> list[BlockedCommenter]:
    groups = {comment.ip_group for comment in comments if comment.ip_group}
    match = Q(email__iexact=email.strip()) | Q(ip_group__in=groups)
    return list(BlockedCommenter.objects.filter(match))


def _isoformat(value) -> str | None:
    return value.isoformat() if value else None


def _comment_record(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "essay": comment.essay.title,
        "essay_url": comment.essay.get_absolute_url(),
        "in_reply_to": comment.parent_id,
        "submitted_at": comment.submitted_at.isoformat(),
        "edited_at": _isoformat(comment.edited_at),
        "status": comment.status,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": comment.author_url,
        "ip_address": comment.ip_address,
        "ip_group": comment.ip_group,
        "user_agent": comment.user_agent,
        "referrer": comment.referrer,
        "text": comment.body,
        "text_html": comment.body_html,
        "display_html": comment.display_html,
        "signals": comment.signals,
        "spam_check": {
            "verdict": comment.verdict,
            "checker": comment.verdict_checker,
            "reasons": comment.verdict_reasons,
            "raw": comment.verdict_raw,
            "checked_at": _isoformat(comment.checked_at),
            "error": comment.check_error,
        },
        "spam_payload": comment.spam_payload,  # what was sent to the spam service
        "history": [
            {
                "at": change.created_at.isoformat(),
                "from_status": change.from_status,
                "to_status": change.to_status,
                "reason": change.reason,
                "note": change.note,
            }
            for change in comment.history.all()
        ],
        "spam_reports": [
            {
                "kind": row.kind,
                "created_at": row.created_at.isoformat(),
                "sent_at": _isoformat(row.sent_at),
            }
            for row in comment.feedback.all()
        ],
    }


def privacy_export(*, email: str) -> dict:
    """Everything stored about the comments of `email`, ready for json.dumps."""
    comments = list(
        _comments_of(email)
        .select_related("essay")
        .prefetch_related("history", "feedback")
        .order_by("submitted_at", "pk")
    )
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "comments": [_comment_record(comment) for comment in comments],
        # A block is kept after erasure (it protects the site), so it is disclosed here.
        "blocked": [
            {
                "email": block.email,
                "ip_address": block.ip_address,
                "since": block.created_at.isoformat(),
                "note": block.note,
            }
            for block in _blocks_of(email, comments)
        ],
        "subscriptions": _subscription_records(email),
    }


def _subscription_records(email: str) -> list[dict]:
    rows = Subscription.objects.filter(email=stored_email(email)).select_related("essay")
    return [
        {
            "essay": row.essay.title,
            "kind": row.kind,
            "comment": row.comment_id,
            "created_at": row.created_at.isoformat(),
            "asked_at": _isoformat(row.asked_at),
            "confirmed_at": _isoformat(row.confirmed_at),
            "digest": row.digest,
            "unsubscribed_at": _isoformat(row.unsubscribed_at),
        }
        for row in rows.order_by("created_at", "pk")
    ]


@dataclass(frozen=True)
class Erasure:
    deleted: int
    anonymised: int


@transaction.atomic
def privacy_erase(*, email: str) -> Erasure:
    """Delete the comments of `email`; anonymise those with replies. Counts what was done."""
    comments = list(_comments_of(email).order_by("pk"))
    ids = [comment.pk for comment in comments]
    replied = Exists(Comment.objects.filter(parent_id=OuterRef("pk")))
    kept = set(Comment.objects.filter(pk__in=ids).filter(replied).values_list("pk", flat=True))
    _spam_model_forget(comments=comments)
    # The admin's change log repeats the author's name (Comment.__str__).
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr=ERASED_NOTE)
    _notes_redact(traces=_traces(comments))
    StatusChange.objects.filter(comment_id__in=kept).update(note="")
    SpamFeedback.objects.filter(comment_id__in=kept).delete()
    for comment in comments:
        if comment.pk in kept:
            _anonymise(comment)
    deleted = Comment.objects.filter(pk__in=set(ids) - kept).delete()[1].get(Comment._meta.label, 0)
    # Mail to the address goes too, sent (a log of it) or not, and mail to others that quotes
    # these comments (their name and text): found by the comment's link in it.
    Subscription.objects.filter(email=stored_email(email)).delete()
    quoting = Q(to__iexact=email.strip())
    for comment in comments:
        quoting |= Q(body__contains=settings.SITE_URL + comment.get_absolute_url() + "\n")
    OutboxMessage.objects.filter(quoting).delete()
    for essay_id in {comment.essay_id for comment in comments}:  # pages must drop it at once
        essay_comments_touch(essay_id=essay_id)
    return Erasure(deleted=deleted, anonymised=len(kept))


def _anonymise(comment: Comment) -> None:
    """Remove the author and the text, and every copy of them, from a comment kept in place."""
    comment.author_name, comment.author_email, comment.author_url = ERASED_NAME, "", ""
    comment.user = None
    comment.body = ERASED_BODY
    comment.body_html = sanitize_comment(ERASED_BODY)
    comment.body_hash = f"erased-{comment.pk}"  # per row: the no-duplicates constraint has it
    comment.content_version += 1
    comment.ip_address, comment.user_agent, comment.referrer = None, "", ""
    comment.signals, comment.spam_payload = {}, {}
    comment.verdict_raw, comment.verdict_reasons, comment.check_error = "", [], ""
    comment.verdict_codes = ""
    # Whatever the status: the fragment of a trashed or spam comment holds the name too.
    comment.display_html = comment_display_html(comment) if comment.display_html else ""
    comment.save()


def _traces(comments: list[Comment]) -> set[str]:
    """The values that identify the commenter, as free text may quote them."""
    values = set()
    for comment in comments:
        values |= {comment.author_name, comment.author_email, comment.author_url}
        values |= {comment.ip_address or "", comment.ip_group}
    # Shorter values would match inside ordinary words.
    return {value.strip() for value in values if len(value.strip()) >= 3}


def _notes_redact(*, traces: set[str]) -> None:
    """Replace the traces in moderators' notes: history entries and blocks."""
    if not traces:
        return
    pattern = re.compile("|".join(map(re.escape, sorted(traces, key=len, reverse=True))), re.I)
    for model in (StatusChange, BlockedCommenter):
        quoting = Q()
        for trace in traces:
            quoting |= Q(note__icontains=trace)
        for pk, note in model.objects.filter(quoting).values_list("pk", "note"):
            model.objects.filter(pk=pk).update(note=pattern.sub(ERASED_NOTE, note))


def _spam_model_forget(*, comments: list[Comment]) -> None:
    """Untrain what moderators' spam and not-spam reports taught the embedded model from
    these comments (their words and author tokens); each taught it once, as its last kind."""
    last_sent = dict(
        SpamFeedback.objects.filter(comment__in=comments, sent_at__isnull=False)
        .order_by("sent_at", "pk")
        .values_list("comment_id", "kind")
    )
    lessons = [
        Lesson(tokens_for(comment), is_spam=last_sent[comment.pk] == SpamFeedback.Kind.SPAM)
        for comment in comments
        if comment.pk in last_sent
    ]
    if lessons:
        spam_model_forget(lessons=lessons)
