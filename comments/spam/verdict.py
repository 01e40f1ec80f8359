"""What every checker answers: a ``Verdict`` of ham, spam or discard, with its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

HAM, SPAM, DISCARD = "ham", "spam", "discard"


@dataclass(frozen=True)
class Verdict:
    kind: str  # HAM, SPAM or DISCARD
    checker: str
    reasons: tuple[str, ...] = ()
    raw: str = ""
    # The exact payload sent to the service, repeated verbatim by submit-spam/ham.
    payload: dict = field(default_factory=dict, repr=False)
    # A provisional ham: the service asks for another check after this many seconds.
    recheck_after: int | None = None
