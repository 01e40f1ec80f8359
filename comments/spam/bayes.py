"""A small token-frequency spam model that learns from moderators' decisions on this site.

Robinson's per-token probabilities combined with Fisher's chi-square method, as in SpamBayes
(https://spambayes.sourceforge.net/background.html). Pure Python with no Django imports: the
state is a JSON-serialisable dict that the caller stores wherever it likes.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple
from urllib.parse import urlsplit

__all__ = ["NaiveBayesModel", "Reason", "comment_tokens", "tokenize"]

_LINK_RE = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"'`\[\]]+", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
# Words keep inner dots, commas and hyphens so that bare domains and numbers arrive whole.
_TOKEN_RE = re.compile(r"\w+(?:[.,'-]\w+)*|[$€£¥₽]|!{2,}")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WORD_SEPARATOR_RE = re.compile(r"[.,-]")
# Bare domains ("cheap-pills.xyz", no scheme) count as links on the TLDs spam comments favour.
_BARE_DOMAIN_TLDS = frozenset(
    {
        "com", "net", "org", "info", "biz", "ru", "su", "ua", "cn", "io", "co", "xyz", "top",
        "online", "site", "shop", "store", "club", "live", "vip", "bet", "casino", "app", "ly",
        "me", "pro", "us", "uk", "de", "fr", "pl", "in", "tk",
    }
)  # fmt: skip
# Scripts written without spaces between words are split into character bigrams.
_NO_SPACE_SCRIPT_RE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]+"  # kana, CJK, Thai
)
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_HOST_WORD_RE = re.compile(r"[^\W\d_]{3,}")
_MAX_WORD_LENGTH = 24
_SECOND_LEVEL_LABELS = frozenset({"ac", "co", "com", "edu", "gov", "net", "org"})


def tokenize(text: str) -> list[str]:
    """Split comment text into model tokens: words, link hosts, number buckets and flags."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    tokens: list[str] = []
    if "://" in text or "www." in text.lower():
        for match in _LINK_RE.finditer(text):
            tokens.extend(_url_tokens(match.group()))
        text = _LINK_RE.sub(" ", text)
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    scripts: set[str] = set()
    for word in _TOKEN_RE.findall(html.unescape(text).casefold()):
        if word.isalpha() and word.isascii():
            # The common case, kept short: scoring runs on every comment posted.
            if len(word) > _MAX_WORD_LENGTH:
                tokens.append("long_word")
            elif len(word) > 1:
                tokens.append(word)
        elif word[0] == "!":
            tokens.append("punct:!!")
        elif word in "$€£¥₽":
            tokens.append("currency")
        else:
            _add_compound(tokens, scripts, word)
    tokens.extend(sorted(scripts))
    return tokens


def comment_tokens(content: str, *, author: str = "", email: str = "", url: str = "") -> list[str]:
    """Tokens for a whole comment: its text plus prefixed tokens for the author fields."""
    tokens = tokenize(content)
    tokens.extend(f"author:{token}" for token in tokenize(author))
    _, at, email_host = email.strip().rpartition("@")
    if at and email_host:
        tokens.extend(f"email:{token}" for token in _host_tokens(email_host.lower()))
    if url.strip():
        tokens.append("has_website")
        tokens.extend(f"website:{token}" for token in _url_tokens(url.strip()))
    return tokens


def _add_compound(tokens: list[str], scripts: set[str], word: str) -> None:
    if _NUMBER_RE.fullmatch(word):
        tokens.append(_number_token(word))
    elif "." in word and word.rpartition(".")[2] in _BARE_DOMAIN_TLDS and word.isascii():
        tokens.extend(_url_tokens(word))
    else:
        for part in _WORD_SEPARATOR_RE.split(word):
            _add_word(tokens, scripts, part)


def _add_word(tokens: list[str], scripts: set[str], word: str) -> None:
    if word.isdigit():
        tokens.append(_number_token(word))
        return
    if not word.isascii():
        if _CYRILLIC_RE.search(word):
            scripts.add("script:cyrillic")
        if _NO_SPACE_SCRIPT_RE.search(word):
            scripts.add("script:cjk")
            tokens.extend(_split_no_space_script(word))
            return
    if len(word) > _MAX_WORD_LENGTH:
        tokens.append("long_word")
    elif len(word) > 1:
        tokens.append(word)


def _split_no_space_script(word: str) -> list[str]:
    parts: list[str] = []
    position = 0
    for run in _NO_SPACE_SCRIPT_RE.finditer(word):
        if run.start() - position > 1:
            parts.append(word[position : run.start()])
        chars = run.group()
        parts.extend(chars[i : i + 2] for i in range(max(len(chars) - 1, 1)))
        position = run.end()
    if len(word) - position > 1:
        parts.append(word[position:])
    return parts


def _number_token(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == len(number) == 4 and 1000 <= int(digits) <= 2099:
        return "num:year"
    return f"num:{min(len(digits), 7)}"


def _url_tokens(url: str) -> list[str]:
    if not re.match(r"[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = f"http://{url}"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return ["has_url", *_host_tokens(host.removeprefix("www.").rstrip("."))]


def _host_tokens(host: str) -> list[str]:
    if not host:
        return []
    labels = host.split(".")
    tokens = [f"host:{host}", f"tld:{labels[-1]}"]
    # The registrable domain, roughly: "blog.example.co.uk" -> "example.co.uk".
    parent = 3 if labels[-2:-1] and labels[-2] in _SECOND_LEVEL_LABELS else 2
    if len(labels) > parent:
        tokens.append(f"host:{'.'.join(labels[-parent:])}")
    # Keyword domains ("cheap-pills-online.xyz") say something even when the host is new.
    tokens.extend(f"url:{word}" for word in _HOST_WORD_RE.findall(".".join(labels[:-1])))
    return tokens


class Reason(NamedTuple):
    """A token that pushed a comment towards spam, with its spam probability."""

    token: str
    probability: float


class NaiveBayesModel:
    """Robinson-Fisher token model trained on moderators' spam and not-spam decisions.

    Each comment counts once per distinct token. Until both classes have `min_docs_per_class`
    comments the model scores everything 0.5, so a cold start cannot hold or pass anything.
    """

    STATE_VERSION = 1
    # SpamBayes defaults: https://spambayes.sourceforge.net/background.html
    UNKNOWN_WORD_STRENGTH = 0.45
    UNKNOWN_WORD_PROB = 0.5
    MIN_PROB_STRENGTH = 0.1
    MAX_DISCRIMINATORS = 150

    def __init__(self, *, max_tokens: int = 10_000, min_docs_per_class: int = 10) -> None:
        if max_tokens < 1 or min_docs_per_class < 0:
            raise ValueError("max_tokens must be positive and min_docs_per_class not negative.")
        self.max_tokens = max_tokens
        self.min_docs_per_class = min_docs_per_class
        self.spam_docs = 0
        self.ham_docs = 0
        self._counts: dict[str, list[int]] = {}

    @property
    def vocabulary_size(self) -> int:
        return len(self._counts)

    @property
    def is_ready(self) -> bool:
        """Whether both classes have enough training to give scores other than 0.5."""
        return min(self.spam_docs, self.ham_docs) >= max(self.min_docs_per_class, 1)

    def train(self, tokens: Iterable[str], *, is_spam: bool) -> None:
        """Learn from one comment a moderator marked as spam (or as not spam)."""
        column = 0 if is_spam else 1
        for token in _distinct(tokens):
            self._counts.setdefault(token, [0, 0])[column] += 1
        if is_spam:
            self.spam_docs += 1
        else:
            self.ham_docs += 1
        if len(self._counts) > self.max_tokens:
            self._prune()

    def untrain(self, tokens: Iterable[str], *, is_spam: bool) -> None:
        """Forget one earlier `train()` call with the same tokens, when a moderator reverses."""
        if (self.spam_docs if is_spam else self.ham_docs) == 0:
            kind = "spam" if is_spam else "not-spam"
            raise ValueError(f"No {kind} comments have been trained, so there is none to untrain.")
        column = 0 if is_spam else 1
        for token in _distinct(tokens):
            counts = self._counts.get(token)
            if counts is None:
                continue  # pruned since it was trained
            counts[column] = max(counts[column] - 1, 0)
            if counts == [0, 0]:
                del self._counts[token]
        if is_spam:
            self.spam_docs -= 1
        else:
            self.ham_docs -= 1

    def spam_probability(self, tokens: Iterable[str]) -> float:
        """Probability in [0, 1] that the comment is spam; 0.5 means no evidence either way."""
        clues = self._clues(tokens)
        if not clues:
            return 0.5
        # Fisher's test run both ways; each side is near 1 only when the clues agree with it.
        probabilities = [probability for probability, _ in clues]
        degrees = 2 * len(probabilities)
        spamminess = 1.0 - _chi2q(-2.0 * math.fsum(math.log1p(-p) for p in probabilities), degrees)
        hamminess = 1.0 - _chi2q(-2.0 * math.fsum(map(math.log, probabilities)), degrees)
        return (spamminess - hamminess + 1.0) / 2.0

    def top_reasons(self, tokens: Iterable[str], n: int = 3) -> list[Reason]:
        """The `n` most spam-like known tokens, most spam-like first, for moderators to read."""
        spammy = [
            (probability, token)
            for probability, token in self._clues(tokens, limit=False)
            if probability > 0.5
        ]
        spammy.sort(key=lambda clue: (-clue[0], clue[1]))
        return [Reason(token, round(probability, 3)) for probability, token in spammy[:n]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable state; `from_dict()` restores a model that scores identically."""
        return {
            "version": self.STATE_VERSION,
            "max_tokens": self.max_tokens,
            "min_docs_per_class": self.min_docs_per_class,
            "spam_docs": self.spam_docs,
            "ham_docs": self.ham_docs,
            "tokens": {token: list(self._counts[token]) for token in sorted(self._counts)},
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> NaiveBayesModel:
        """Rebuild a model from `to_dict()` output; raises ValueError on any other shape."""
        if state.get("version") != cls.STATE_VERSION:
            raise ValueError(
                f"Unsupported spam model state version {state.get('version')!r}; "
                f"expected {cls.STATE_VERSION}. Retrain the model from moderation history."
            )
        try:
            model = cls(
                max_tokens=int(state["max_tokens"]),
                min_docs_per_class=int(state["min_docs_per_class"]),
            )
            model.spam_docs = int(state["spam_docs"])
            model.ham_docs = int(state["ham_docs"])
            model._counts = {
                str(token): [int(spam), int(ham)]
                for token, (spam, ham) in state["tokens"].items()
                if int(spam) > 0 or int(ham) > 0
            }
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"Malformed spam model state ({error!r}); "
                "retrain the model from moderation history."
            ) from error
        return model

    def _clues(self, tokens: Iterable[str], *, limit: bool = True) -> list[tuple[float, str]]:
        """(probability, token) for the known tokens far enough from 0.5 to be evidence."""
        if not self.is_ready:
            return []
        spam_docs, ham_docs, get_counts = self.spam_docs, self.ham_docs, self._counts.get
        strength, prior = self.UNKNOWN_WORD_STRENGTH, self.UNKNOWN_WORD_PROB
        low, high = 0.5 - self.MIN_PROB_STRENGTH, 0.5 + self.MIN_PROB_STRENGTH
        clues = []
        for token in _distinct(tokens):
            counts = get_counts(token)
            if counts is None:
                continue
            spam_count, ham_count = counts
            spam_ratio, ham_ratio = spam_count / spam_docs, ham_count / ham_docs
            # Robinson's f(w): shrink towards the prior when a token has been seen only a few times.
            seen = spam_count + ham_count
            probability = (strength * prior + seen * spam_ratio / (spam_ratio + ham_ratio)) / (
                strength + seen
            )
            if not low < probability < high:
                clues.append((abs(probability - 0.5), probability, token))
        if limit and len(clues) > self.MAX_DISCRIMINATORS:
            clues.sort(reverse=True)
            del clues[self.MAX_DISCRIMINATORS :]
        return [(probability, token) for _, probability, token in clues]

    def _prune(self) -> None:
        """Drop the rarest tokens, to 90% of the cap so pruning does not run on every train."""
        keep = int(self.max_tokens * 0.9)
        by_rarity = sorted(self._counts.items(), key=lambda item: (sum(item[1]), item[0]))
        for token, _ in by_rarity[: len(self._counts) - keep]:
            del self._counts[token]


def _distinct(tokens: Iterable[str]) -> set[str]:
    if isinstance(tokens, str):
        raise TypeError("Pass a list of tokens, such as tokenize(text), not the text itself.")
    return set(tokens)


def _chi2q(chi2: float, degrees: int) -> float:
    """P(X >= chi2) for a chi-square variable with even `degrees` (SpamBayes' chi2Q)."""
    half = chi2 / 2.0
    if half <= 0.0:
        return 1.0
    if half < 700.0:  # exp(-half) is still a normal float: sum the series directly
        term = total = math.exp(-half)
        for i in range(1, degrees // 2):
            term *= half / i
            total += term
        return min(total, 1.0)
    log_half = math.log(half)
    total = math.fsum(
        math.exp(-half + i * log_half - math.lgamma(i + 1)) for i in range(degrees // 2)
    )
    return min(total, 1.0)
