"""Spam checkers behind one small interface: check(comment) -> Verdict."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class Verdict:
    kind: str  # "ham", "spam" or "discard"
    checker: str
    reasons: tuple[str, ...] = ()
    raw: str = ""
    payload: dict = field(default_factory=dict)
    recheck_after: int | None = None


class EmbeddedChecker:
    """Works offline from local signals; the default when no Akismet key is set."""

    name = "embedded"

    def check(self, comment, *, recheck_reason: str = "") -> Verdict:
        reasons = []
        signals = comment.signals or {}
        if signals.get("honeypot"):
            reasons.append("the hidden honeypot field was filled in")
            return Verdict("discard", self.name, tuple(reasons))
        seconds = signals.get("seconds_to_submit")
        if seconds is not None and seconds < settings.COMMENTS_MIN_SUBMIT_SECONDS:
            reasons.append(f"submitted {seconds:.1f} s after the form was shown")
        if signals.get("timestamp_invalid"):
            reasons.append("the form's signed timestamp was missing or tampered with")
        return Verdict("spam" if reasons else "ham", self.name, tuple(reasons))


def get_checker():
    """The configured checker."""
    return EmbeddedChecker()
