"""The embedded checker's judgement as a pure function of plain fields: no Django, no ORM.

``assess()`` is what ``EmbeddedChecker`` runs on every comment and what
``bench/embedded_checker_eval.py`` measures, so the evaluation and the site cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from comments.rules import URL_RE, count_links
from comments.spam.bayes import NaiveBayesModel, comment_tokens
from comments.spam.verdict import DISCARD, HAM, SPAM

__all__ = ["DISCARD", "HAM", "SPAM", "Assessment", "AuthorHistory", "CommentFacts", "Rules"]

_WORD_RE = re.compile(r"\w+")
# A comment that is mostly links: more than one link for every this many words.
WORDS_PER_LINK = 12


@dataclass(frozen=True, kw_only=True)
class CommentFacts:
    """What the checker knows about one comment, as plain values."""

    content: str
    author: str = ""
    email: str = ""
    url: str = ""
    ip_address: str = ""
    user_agent: str = ""
    # The form's cheap signals: honeypot, seconds_to_submit, timestamp_invalid/expired.
    signals: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class AuthorHistory:
    """What moderators decided before about this comment's author."""

    approved_comments: int = 0
    # Whether this email, website or IP address is on a comment moderators marked as spam.
    spam_email: bool = False
    spam_website: bool = False
    spam_ip: bool = False


@dataclass(frozen=True, kw_only=True)
class Rules:
    """Thresholds; the site fills them from settings, the evaluation from its arguments."""

    min_submit_seconds: float = 3.0
    bayes_threshold: float = 0.9
    bayes_unsure: float = 0.6
    max_links: int = 6


class Assessment(NamedTuple):
    kind: str  # HAM or SPAM
    reasons: tuple[str, ...]
    spam_probability: float | None = None


def sent_quickly(signals: Mapping[str, object], min_seconds: float) -> str:
    """The reason a moderator reads when the form came back faster than most people type,
    or "" (a short thank-you, a pasted reply or autofill can be that quick)."""
    seconds = signals.get("seconds_to_submit")
    if isinstance(seconds, int | float) and seconds < min_seconds:
        return f"sent {seconds:.1f} s after the form was shown"
    return ""


def _model_score(facts: CommentFacts, model: NaiveBayesModel | None) -> tuple[float | None, str]:
    """The model's spam probability (None when it cannot tell) and how a moderator reads it."""
    if model is None or not model.is_ready:
        return None, ""
    tokens = comment_tokens(facts.content, author=facts.author, email=facts.email, url=facts.url)
    probability = model.spam_probability(tokens)
    clues = ", ".join(reason.token for reason in model.top_reasons(tokens))
    return probability, f"the spam model scores it {probability:.2f}" + (
        f" ({clues})" if clues else ""
    )


def content_signals(
    facts: CommentFacts, rules: Rules, *, links: int, probability: float | None, scored: str
) -> list[str]:
    """Strong reasons in the text itself: many links, or words the model knows as spam."""
    reasons = []
    if links >= rules.max_links:
        reasons.append(f"{links} links")
    if probability is not None and probability >= rules.bayes_threshold:
        reasons.append(scored)
    elif probability is not None and probability >= rules.bayes_unsure and (links or facts.url):
        # Unsure on the words alone; a link is what such a comment would be selling.
        reasons.append(f"{scored}, and a link")
    return reasons


def assess(
    facts: CommentFacts,
    *,
    rules: Rules,
    history: AuthorHistory | None = None,
    model: NaiveBayesModel | None = None,
) -> Assessment:
    """Ham or spam, with the reasons a moderator reads.

    An author whose earlier comments moderators approved is judged on the content alone:
    the form and sender signals can be wrong about them, but a known name and email are
    easy to borrow, so links and the model's score count for everyone. What needs no
    checker at all (disallowed keys, the honeypot, a forged form) is decided before this,
    by comments.moderation.prescreen().
    """
    history = history or AuthorHistory()
    links = count_links(facts.content)
    probability, scored = _model_score(facts, model)
    content = content_signals(facts, rules, links=links, probability=probability, scored=scored)
    if history.approved_comments:
        note = f"the author has {history.approved_comments} approved comment(s) here"
        if content:
            return Assessment(SPAM, (*content, f"{note}; content rules apply to all"), probability)
        return Assessment(HAM, (note,), probability)

    strong = []
    if history.spam_email:
        strong.append("moderators marked a comment from this email address as spam")
    if history.spam_website:
        strong.append("moderators marked a comment with this website as spam")
    strong += content
    if strong:
        return Assessment(SPAM, tuple(strong), probability)

    # Weak signals: none is enough alone, two together are. Speed is one: a quick comment
    # alone is held for a moderator (comments.moderation.hold_reason), never called spam.
    weak = []
    if quick := sent_quickly(facts.signals, rules.min_submit_seconds):
        weak.append(quick)
    words = len(_WORD_RE.findall(URL_RE.sub(" ", facts.content)))
    if links and words < links * WORDS_PER_LINK:
        weak.append(f"{links} link(s) in {words} words")
    if history.spam_ip:
        # Weak alone: addresses are shared and handed on (offices, mobile networks).
        weak.append("moderators marked a comment from this IP address as spam")
    if probability is not None and probability >= rules.bayes_unsure:
        weak.append(scored)
    kind = SPAM if len(weak) >= 2 else HAM
    if facts.signals.get("timestamp_expired"):
        weak.append("the form was older than allowed (not counted)")
    return Assessment(kind, tuple(weak), probability)
