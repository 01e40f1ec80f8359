"""The one moderation policy: what happens to a comment, and why.

In the shape of django-contrib-comments' ``CommentModerator``: ``prescreen()`` decides what
is cheap to know before any paid call (staff, a blocked commenter, disallowed keys, the
honeypot, a forged form timestamp) and ``decide()`` turns a verdict, the prescreen's or a
checker's, plus the site's rules into approve, hold, spam or drop, each with its reasons.
Checkers only ever return a ``Verdict``. Settings are read on every call, so tests and
admins can change them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from comments.compiled import (
    STAND_IN_ADDRESS,
    STAND_IN_TIME,
    CompiledQuery,
    compile_query,
    stand_in_text,
)
from comments.models import BlockedCommenter, Comment, StatusChange, block_names
from comments.rules import count_links, matching_key
from comments.spam.history import approved_before
from comments.spam.scoring import sent_quickly
from comments.spam.verdict import DISCARD, HAM, LEGACY, SPAM, Reason, Verdict, reason_texts

# The checker name recorded for verdicts the rules reach without asking a checker.
RULES = "rules"

# What the queue's "Reason" filter calls each code (the rules', the checkers', the signals').
REASON_LABELS = {
    "editors": "From the editors",
    "disallowed_key": "Disallowed key",
    "blocked": "Blocked commenter",
    "honeypot": "Honeypot filled in",
    "timestamp_invalid": "Forged form",
    "links": "Many links",
    "link_density": "Mostly links",
    "moderation_key": "Moderation key",
    "form_expired": "Old form",
    "timing": "Sent quickly",
    "policy_all": "Every comment held",
    "first_time": "First comment",
    "known_author": "Known author",
    "spam_email": "Email marked spam before",
    "spam_website": "Website marked spam before",
    "spam_ip": "IP marked spam before",
    "spam_model": "Spam model",
    "no_ip": "No IP address",
    "akismet_spam": "Akismet: spam",
    "akismet_discard": "Akismet: blatant spam",
    "akismet_recheck": "Akismet: check again",
    LEGACY: "Older reasons",
}


@dataclass(frozen=True)
class Decision:
    """What to do with a screened comment: a status (None keeps it), or drop it entirely."""

    status: str | None
    reason: str  # a StatusChange.Reason value
    note: str
    drop: bool = False
    # What the note says, structured: stored with the verdict's reasons, filterable.
    reasons: tuple[Reason, ...] = ()


def comment_fields(comment: Comment) -> list[str]:
    """Where moderation and disallowed keys are looked for, as WordPress does."""
    return [
        comment.body,
        comment.author_name,
        comment.author_email,
        comment.author_url,
        comment.ip_address or "",
        comment.user_agent,
    ]


def is_known_commenter(comment: Comment) -> bool:
    """The one definition: an approved comment under the same name and email."""
    return approved_before(comment) > 0


def is_blocked(comment: Comment) -> bool:
    """Whether a block in force names this commenter's email, IP address or IP range."""
    names = block_names(email=comment.author_email, ip_address=comment.ip_address)
    given = {name: value for name, value in names.items() if value}
    if not given:
        return False
    query = _blocks_naming(connection.vendor, names=frozenset(given))
    return bool(query.rows(now=timezone.now(), **given))


@functools.cache
def _blocks_naming(vendor: str, *, names: frozenset[str]) -> CompiledQuery:
    """A block in force that names any of `names`: compiled once per process (issue #17)."""
    stand_ins = {
        "email": stand_in_text("email"),
        "address": STAND_IN_ADDRESS,
        "network": stand_in_text("network"),
    }
    given = {name: stand_ins[name] for name in names}
    blocks = BlockedCommenter.objects.active(now=STAND_IN_TIME).naming(**given)
    return compile_query(blocks.values("pk")[:1], now=STAND_IN_TIME, **given)


def prescreen(comment: Comment) -> Verdict | None:
    """A verdict reached without any checker, or None when a checker must judge."""
    if comment.is_from_editors:
        return Verdict(HAM, RULES, (EDITORS,))
    key = matching_key(comment_fields(comment), settings.COMMENTS_DISALLOWED_KEYS)
    if key:
        text = f"contains the disallowed key “{key}”"
        return Verdict(SPAM, RULES, (Reason("disallowed_key", text, {"key": key}),))
    if is_blocked(comment):
        return Verdict(SPAM, RULES, (Reason("blocked", "the commenter is blocked"),))
    signals = comment.signals or {}
    if not (signals.get("honeypot") or signals.get("timestamp_invalid")):
        return None
    if is_known_commenter(comment):
        return None  # a known reader's autofill or an old tab, perhaps: let the checker judge
    if signals.get("honeypot"):
        text = "the hidden honeypot field was filled in (not sent to the spam service)"
        field_name = str(signals.get("honeypot_field", ""))
        return Verdict(DISCARD, RULES, (Reason("honeypot", text, {"field": field_name}),))
    text = "the form's signed timestamp was missing or tampered with"
    return Verdict(SPAM, RULES, (Reason("timestamp_invalid", text),))


EDITORS = Reason("editors", "comment from the editors")


# How the history names a checker's own verdict, recorded before the policy decides.
VERDICT_NOTE_PREFIX = "Verdict of "


def verdict_note(verdict: Verdict) -> str:
    """The checker's verdict as the history shows it: "Verdict of akismet: spam (...)"."""
    reasons = "; ".join(reason_texts(verdict.reasons))
    text = f"{VERDICT_NOTE_PREFIX}{verdict.checker}: {verdict.kind}"
    return (f"{text} ({reasons})" if reasons else text)[:500]


def moderator_decided(comment: Comment) -> bool:
    """Whether a moderator set the comment's status last: a verdict leaves it alone then."""
    decisions = comment.history.exclude(  # a checker's verdict decides nothing by itself
        reason=StatusChange.Reason.SPAM_CHECK, note__startswith=VERDICT_NOTE_PREFIX
    )
    last = decisions.order_by("-created_at", "-pk").values_list("reason", flat=True).first()
    return last == StatusChange.Reason.MODERATOR


def decide(comment: Comment, verdict: Verdict) -> Decision:
    """The status `comment` takes given `verdict` and the site's rules."""
    if moderator_decided(comment):
        return Decision(None, StatusChange.Reason.MODERATOR, "a moderator's decision stands")
    return policy_decision(comment, verdict)


def policy_decision(comment: Comment, verdict: Verdict) -> Decision:
    """What the rules make of `verdict`, for a comment no moderator has decided on."""
    if comment.is_from_editors:
        return Decision(Comment.Status.APPROVED, "rule", EDITORS.text, reasons=(EDITORS,))
    if verdict.kind in (SPAM, DISCARD):
        reasons = "; ".join(reason_texts(verdict.reasons)) or "the spam check said spam"
        reason = "rule" if verdict.checker == RULES else "spam_check"
        drop = verdict.kind == DISCARD and settings.SPAM_DISCARD_DROP
        return Decision(Comment.Status.SPAM, reason, reasons, drop=drop, reasons=verdict.reasons)
    hold = hold_reason(comment)
    if hold:
        return Decision(Comment.Status.PENDING, "rule", hold.text, reasons=(hold,))
    return Decision(Comment.Status.APPROVED, "rule", "passed the spam check and the rules")


def hold_reason(comment: Comment) -> Reason | None:
    """Why a comment judged not spam must still wait for a moderator, or None."""
    links, limit = count_links(comment.body), settings.COMMENTS_MAX_LINKS
    if links > limit:
        return Reason("links", f"{links} links (limit {limit})", {"links": links, "limit": limit})
    key = matching_key(comment_fields(comment), settings.COMMENTS_MODERATION_KEYS)
    if key:
        return Reason("moderation_key", f"contains the moderation key “{key}”", {"key": key})
    if (comment.signals or {}).get("timestamp_expired"):
        hours = settings.COMMENTS_FORM_MAX_AGE_HOURS
        text = f"the form was older than {hours} hours when it was sent"
        return Reason("form_expired", text, {"hours": hours})
    # Speed alone is a reason to look, not to call it spam (comments.spam.scoring).
    quick = sent_quickly(comment.signals or {}, settings.COMMENTS_MIN_SUBMIT_SECONDS)
    if quick and not is_known_commenter(comment):
        text = f"{quick.text}: quicker than most people write, so a moderator has a look"
        return Reason(quick.code, text, quick.values)
    policy = settings.COMMENTS_MODERATION_POLICY
    if policy == "all":
        return Reason("policy_all", "every comment is held for a moderator", {"policy": policy})
    if policy == "first-time" and not is_known_commenter(comment):
        return Reason("first_time", "first comment from this commenter", {"policy": policy})
    return None


def verdict_reasons(verdict: Verdict, decision: Decision) -> list[dict[str, object]]:
    """What a comment stores as its verdict's reasons: the checker's, then the rules' own."""
    reasons = list(verdict.reasons)
    reasons += [reason for reason in decision.reasons if reason not in reasons]
    return [reason.as_json() for reason in reasons]


def reason_codes(stored: list) -> str:
    """The codes of stored reasons as ",links,timing,": what the queue's filter matches."""
    codes = dict.fromkeys(
        (item.get("code") or LEGACY) if isinstance(item, dict) else LEGACY for item in stored
    )
    return f",{','.join(codes)}," if codes else ""
