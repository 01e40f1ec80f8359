"""What every checker answers: a ``Verdict`` of ham, spam or discard, with its reasons.

A ``Reason`` says which rule, checker or signal spoke (``code``), what a moderator reads
(``text``) and the values that triggered it, so the queue can be filtered by reason and a
reason explained without parsing its sentence. Plain values only: no Django here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

HAM, SPAM, DISCARD = "ham", "spam", "discard"

# The code of a reason stored as a bare sentence, before reasons had codes.
LEGACY = "legacy"


@dataclass(frozen=True)
class Reason:
    code: str  # a short slug: "links", "timing", "akismet_spam"…
    text: str
    # JSON-safe numbers and strings: {"links": 3, "limit": 2}. Left out of the hash.
    values: Mapping[str, object] = field(default_factory=dict, hash=False)

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "text": self.text, "values": dict(self.values)}

    @classmethod
    def from_json(cls, stored: object) -> Reason:
        """A stored reason: an object, or a bare sentence from before reasons had codes."""
        if isinstance(stored, Mapping):
            values = stored.get("values")
            return cls(
                code=str(stored.get("code") or LEGACY),
                text=str(stored.get("text", "")),
                values=dict(values) if isinstance(values, Mapping) else {},
            )
        return cls(code=LEGACY, text=str(stored))


def reason_texts(reasons: Iterable[Reason]) -> tuple[str, ...]:
    return tuple(reason.text for reason in reasons)


def stored_reasons(stored: object) -> tuple[Reason, ...]:
    """The reasons a comment's `verdict_reasons` holds, whatever their age."""
    return tuple(Reason.from_json(item) for item in stored) if isinstance(stored, list) else ()


@dataclass(frozen=True)
class Verdict:
    kind: str  # HAM, SPAM or DISCARD
    checker: str
    reasons: tuple[Reason, ...] = ()
    raw: str = ""
    # The exact payload sent to the service, repeated verbatim by submit-spam/ham.
    payload: dict = field(default_factory=dict, repr=False)
    # A provisional ham: the service asks for another check after this many seconds.
    recheck_after: int | None = None
