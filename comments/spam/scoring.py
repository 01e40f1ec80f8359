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
from comments.spam.verdict import DISCARD, HAM, SPAM, Reason

__all__ = [
    "DISCARD",
    "HAM",
    "SPAM",
    "Assessment",
    "AuthorHistory",
    "CommentFacts",
    "Reason",
    "Rules",
]

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
    reasons: tuple[Reason, ...]
    spam_probability: float | None = None


def sent_quickly(signals: Mapping[str, object], min_seconds: float) -> Reason | None:
    """The reason a moderator reads when the form came back faster than most people type,
    or None (a short thank-you, a pasted reply or autofill can be that quick)."""
    seconds = signals.get("seconds_to_submit")
    if isinstance(seconds, int | float) and seconds < min_seconds:
        values = {"seconds": round(seconds, 1), "minimum": min_seconds}
        return Reason("timing", f"sent {seconds:.1f} s after the form was shown", values)
    return None


def _model_score(
    facts: CommentFacts, model: NaiveBayesModel | None
) -> tuple[float | None, Reason | None]:
    """The model's spam probability (None when it cannot tell) and how a moderator reads it."""
    if model is None or not model.is_ready:
        return None, None
    tokens = comment_tokens(facts.content, author=facts.author, email=facts.email, url=facts.url)
    probability = model.spam_probability(tokens)
    clues = [reason.token for reason in model.top_reasons(tokens)]
    text = f"the spam model scores it {probability:.2f}" + (
        f" ({', '.join(clues)})" if clues else ""
    )
    return probability, Reason("spam_model", text, {"score": round(probability, 3), "words": clues})


def content_signals(
    facts: CommentFacts,
    rules: Rules,
    *,
    links: int,
    probability: float | None,
    scored: Reason | None,
) -> list[Reason]:
    """Strong reasons in the text itself: many links, or words the model knows as spam."""
    reasons = []
    if links >= rules.max_links:
        reasons.append(
            Reason("links", f"{links} links", {"links": links, "limit": rules.max_links})
        )
    if scored is None or probability is None:
        return reasons
    if probability >= rules.bayes_threshold:
        reasons.append(scored)
    elif probability >= rules.bayes_unsure and (links or facts.url):
        # Unsure on the words alone; a link is what such a comment would be selling.
        values = {**scored.values, "links": links, "website": bool(facts.url)}
        reasons.append(Reason(scored.code, f"{scored.text}, and a link", values))
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
        known = {"approved": history.approved_comments}
        if content:
            known_but = Reason("known_author", f"{note}; content rules apply to all", known)
            return Assessment(SPAM, (*content, known_but), probability)
        return Assessment(HAM, (Reason("known_author", note, known),), probability)

    strong = []
    if history.spam_email:
        text = "moderators marked a comment from this email address as spam"
        strong.append(Reason("spam_email", text))
    if history.spam_website:
        strong.append(
            Reason("spam_website", "moderators marked a comment with this website as spam")
        )
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
        values = {"links": links, "words": words}
        weak.append(Reason("link_density", f"{links} link(s) in {words} words", values))
    if history.spam_ip:
        # Weak alone: addresses are shared and handed on (offices, mobile networks).
        weak.append(Reason("spam_ip", "moderators marked a comment from this IP address as spam"))
    if scored is not None and probability is not None and probability >= rules.bayes_unsure:
        weak.append(scored)
    kind = SPAM if len(weak) >= 2 else HAM
    if facts.signals.get("timestamp_expired"):
        text = "the form was older than allowed (not counted)"
        weak.append(Reason("form_expired", text, {"counted": False}))
    return Assessment(kind, tuple(weak), probability)
