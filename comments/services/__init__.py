"""The only code that writes comments. Grep for `comment_` to see everything that can happen.

posting: a reader's new comment and the poster's edits; status: every status change and
its history; screening: the spam check and the moderation policy; moderator: what
moderators do; blocking: blocks, previewed first; queue: the durable spam-check queue;
housekeeping: purges; privacy: personal-data export and erasure.
"""

from comments.services.blocking import (
    BlockPreview,
    BlockTarget,
    block_preview,
    commenters_block,
)
from comments.services.housekeeping import (
    PurgeCount,
    comment_purge_discards,
    comment_purge_expired,
    comment_purge_metadata,
)
from comments.services.imports import (
    CommentImport,
    DuplicateComment,
    ImportedComment,
    comment_import,
    comments_imported,
)
from comments.services.moderator import (
    LIVE_STATUSES,
    RESTORABLE_STATUSES,
    EditedSince,
    ModerationError,
    StatusUndo,
    Undone,
    comment_as_seen,
    comment_delete_permanently,
    comment_edit_by_moderator,
    comment_recheck,
    comment_recheck_pending,
    comment_restore,
    comment_status_before,
    comment_undo,
    has_live_replies,
)
from comments.services.posting import (
    CommentData,
    PostingTooFast,
    RequestMeta,
    body_fingerprint,
    comment_create,
    comment_delete_by_poster,
    comment_edit_by_poster,
    comment_submit,
    poster_may_edit,
    posting_gate_pass,
)
from comments.services.privacy import Erasure, privacy_erase, privacy_export
from comments.services.queue import QueueReport, spam_queue_run_forever, spam_queue_run_once
from comments.services.screening import comment_screen
from comments.services.status import (
    comment_apply_decision,
    comment_approve,
    comment_mark_ham,
    comment_mark_spam,
    comment_published_changed,
    comment_set_status,
    comment_trash,
    comment_unapprove,
    essay_comments_touch,
    history_record,
    spam_feedback_enqueue,
)

__all__ = [
    "LIVE_STATUSES",
    "RESTORABLE_STATUSES",
    "BlockPreview",
    "BlockTarget",
    "CommentData",
    "CommentImport",
    "DuplicateComment",
    "EditedSince",
    "Erasure",
    "ImportedComment",
    "ModerationError",
    "PostingTooFast",
    "PurgeCount",
    "QueueReport",
    "RequestMeta",
    "StatusUndo",
    "Undone",
    "block_preview",
    "body_fingerprint",
    "comment_apply_decision",
    "comment_approve",
    "comment_as_seen",
    "comment_create",
    "comment_delete_by_poster",
    "comment_delete_permanently",
    "comment_edit_by_moderator",
    "comment_edit_by_poster",
    "comment_import",
    "comment_mark_ham",
    "comment_mark_spam",
    "comment_published_changed",
    "comment_purge_discards",
    "comment_purge_expired",
    "comment_purge_metadata",
    "comment_recheck",
    "comment_recheck_pending",
    "comment_restore",
    "comment_screen",
    "comment_set_status",
    "comment_status_before",
    "comment_submit",
    "comment_trash",
    "comment_unapprove",
    "comment_undo",
    "commenters_block",
    "comments_imported",
    "essay_comments_touch",
    "has_live_replies",
    "history_record",
    "poster_may_edit",
    "posting_gate_pass",
    "privacy_erase",
    "privacy_export",
    "spam_feedback_enqueue",
    "spam_queue_run_forever",
    "spam_queue_run_once",
]
