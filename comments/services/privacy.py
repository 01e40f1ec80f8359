"""Personal-data tools for one email address, as WordPress's export and erase tools work.

Export gives everything stored about the commenter's comments. Erasure deletes their
comments, except those others replied to: deleting those would delete the replies too, so
they keep their place in the thread with the author and text removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from comments.models import BlockedCommenter, Comment, SpamFeedback
from comments.sanitizing import sanitize_comment
from comments.services.status import comment_published_changed, essay_comments_touch

ERASED_NAME = "Anonymous"
ERASED_BODY = "[This comment was removed at its author's request.]"


def _comments_of(email: str):
    return Comment.objects.filter(author_email=email.strip().lower())


def privacy_export(*, email: str) -> dict:
    """Everything stored about the comments of `email`, ready for json.dumps."""
    comments = _comments_of(email).select_related("essay").order_by("submitted_at", "pk")
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": comment.pk,
                "essay": comment.essay.title,
                "essay_url": comment.essay.get_absolute_url(),
                "in_reply_to": comment.parent_id,
                "submitted_at": comment.submitted_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
                "status": comment.status,
                "author_name": comment.author_name,
                "author_email": comment.author_email,
                "author_url": comment.author_url,
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "referrer": comment.referrer,
                "text": comment.body,
            }
            for comment in comments
        ],
        # A block is kept after erasure (it protects the site), so it is disclosed here.
        "blocked": [
            {
                "email": block.email,
                "ip_address": block.ip_address,
                "since": block.created_at.isoformat(),
            }
            for block in BlockedCommenter.objects.filter(email__iexact=email.strip())
        ],
    }


@dataclass(frozen=True)
class Erasure:
    deleted: int
    anonymised: int


@transaction.atomic
def privacy_erase(*, email: str) -> Erasure:
    """Delete the comments of `email`; anonymise those with replies. Counts what was done."""
    comments = _comments_of(email)
    ids = list(comments.values_list("pk", flat=True))
    essay_ids = set(comments.values_list("essay_id", flat=True))
    replied = comments.filter(Exists(Comment.objects.filter(parent_id=OuterRef("pk"))))
    kept = list(replied.values_list("pk", flat=True))
    # The admin's change log repeats the author's name (Comment.__str__).
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr="[erased]")
    SpamFeedback.objects.filter(comment_id__in=kept).delete()
    body_html = sanitize_comment(ERASED_BODY)
    for pk in kept:  # body_hash per row: the no-duplicates constraint includes it
        Comment.objects.filter(pk=pk).update(
            author_name=ERASED_NAME,
            author_email="",
            author_url="",
            user=None,
            body=ERASED_BODY,
            body_html=body_html,
            body_hash=f"erased-{pk}",
            ip_address=None,
            user_agent="",
            referrer="",
            signals={},
            spam_payload={},
            verdict_raw="",
        )
    for comment in Comment.objects.filter(pk__in=kept).public():
        comment_published_changed(comment=comment)
    deleted = comments.exclude(pk__in=kept).delete()[1].get(Comment._meta.label, 0)
    for essay_id in essay_ids:  # readers' pages must drop the name at once
        essay_comments_touch(essay_id=essay_id)
    return Erasure(deleted=deleted, anonymised=len(kept))
