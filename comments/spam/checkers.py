"""Spam checkers behind one small interface: ``check(comment, recheck_reason=) -> Verdict``.

A checker answers ham, spam or discard with its reasons, or raises a ``SpamServiceError``
subclass when it cannot tell; the pipeline then holds the comment and tries again later.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q

from comments.compiled import (
    STAND_IN_ADDRESS,
    STAND_IN_ID,
    CompiledQuery,
    compile_query,
    stand_in_text,
)
from comments.models import Comment, StatusChange, stored_email
from comments.spam import status
from comments.spam.client import (
    ROLE_ADMINISTRATOR,
    AkismetClient,
    CheckResult,
    InvalidKeyError,
    SpamServiceError,
    build_payload,
)
from comments.spam.history import approved_before
from comments.spam.learning import spam_model, spam_model_reset_cache
from comments.spam.scoring import AuthorHistory, CommentFacts, Rules, assess
from comments.spam.verdict import DISCARD, HAM, SPAM, Reason, Verdict

logger = logging.getLogger(__name__)

# A rejected key is asked about again after this long: keys get fixed on the service's side.
KEY_RECHECK_SECONDS = 300
# How often a worker may ask whether a failing service is back.
PROBE_SECONDS = 60


class Checker(Protocol):
    name: str
    # True if check() needs no network call: a post is then judged before it is stored.
    answers_locally: bool

    def check(self, comment: Comment, *, recheck_reason: str = "") -> Verdict: ...


def comment_facts(comment: Comment) -> CommentFacts:
    return CommentFacts(
        content=comment.body,
        author=comment.author_name,
        email=comment.author_email,
        url=comment.author_url,
        ip_address=comment.ip_address or "",
        user_agent=comment.user_agent,
        signals=comment.signals or {},
    )


def author_history(comment: Comment) -> AuthorHistory:
    """Moderators' earlier decisions on this email, website and IP address (two queries)."""
    approved = approved_before(comment)
    if approved:
        return AuthorHistory(approved_comments=approved)
    email, url, ip = stored_email(comment.author_email), comment.author_url, comment.ip_address
    query = _spam_decisions(connection.vendor, with_url=bool(url), with_ip=bool(ip))
    given = {name: value for name, value in (("url", url), ("ip", ip)) if value}
    marked = query.rows(pk=comment.pk or 0, email=email, **given)
    return AuthorHistory(
        spam_email=any(row[0].casefold() == email.casefold() for row in marked),
        spam_website=bool(url) and any(row[1].casefold() == url.casefold() for row in marked),
        spam_ip=bool(ip) and any(row[2] == ip for row in marked),
    )


@functools.cache
def _spam_decisions(vendor: str, *, with_url: bool, with_ip: bool) -> CompiledQuery:
    """Comments other than `pk` still spam by a moderator's decision, from this email, website
    or IP address: compiled once per process and shape (issue #17)."""
    stand_ins = {"pk": STAND_IN_ID, "email": stand_in_text("email")}
    # Only moderators' own spam decisions count: a checker's mistake must not feed on itself.
    # Exact matches only (emails are stored lower-cased and website URLs normalised by the
    # form), each beside the status, so every term is one seek in an (address, status) index.
    # With the status as a term of its own, SQLite (no statistics) walked every spam comment
    # by the status index, and without it every comment of a prolific sender.
    spam = Comment.Status.SPAM
    match = Q(author_email=stand_ins["email"], status=spam)
    if with_url:
        stand_ins["url"] = stand_in_text("url")
        match |= Q(author_url=stand_ins["url"], status=spam)
    if with_ip:
        stand_ins["ip"] = STAND_IN_ADDRESS
        match |= Q(ip_address=stand_ins["ip"], status=spam)
    marked = (
        Comment.objects.exclude(pk=stand_ins["pk"])
        .filter(match, history__to_status=spam, history__reason=StatusChange.Reason.MODERATOR)
        .order_by()
        .values_list("author_email", "author_url", "ip_address")[:100]
    )
    return compile_query(marked, **stand_ins)


def embedded_rules() -> Rules:
    return Rules(
        min_submit_seconds=settings.COMMENTS_MIN_SUBMIT_SECONDS,
        bayes_threshold=settings.SPAM_BAYES_THRESHOLD,
        bayes_unsure=settings.SPAM_BAYES_UNSURE,
        max_links=settings.SPAM_MAX_LINKS,
    )


class EmbeddedChecker:
    """Works offline from local signals and moderators' history; the default with no key."""

    name = "embedded"
    answers_locally = True

    def check(self, comment: Comment, *, recheck_reason: str = "") -> Verdict:
        assessment = assess(
            comment_facts(comment),
            rules=embedded_rules(),
            history=author_history(comment),
            model=spam_model(),
        )
        probability = assessment.spam_probability
        raw = "" if probability is None else f"spam probability {probability:.3f}"
        return Verdict(assessment.kind, self.name, assessment.reasons, raw=raw)


class AkismetChecker:
    """Asks an Akismet-compatible service, after the cheap signals; verifies the key once."""

    name = "akismet"
    answers_locally = False

    def __init__(self, *, client: AkismetClient, key_id: str) -> None:
        self.client = client
        self.key_id = key_id

    def payload(self, comment: Comment, *, recheck_reason: str = "") -> dict[str, str]:
        signals = comment.signals or {}
        essay = comment.essay
        return build_payload(
            user_ip=comment.ip_address or "",
            user_agent=comment.user_agent,
            referrer=comment.referrer,
            permalink=settings.SITE_URL + essay.get_absolute_url(),
            comment_author=comment.author_name,
            comment_author_email=comment.author_email,
            comment_author_url=comment.author_url,
            comment_content=comment.body,
            comment_date_gmt=comment.submitted_at,
            comment_post_modified_gmt=essay.updated_at,
            user_role=ROLE_ADMINISTRATOR if comment.is_from_editors else "",
            honeypot_field_name=str(signals.get("honeypot_field", "")),
            honeypot_value=str(signals.get("honeypot", "")),
            recheck_reason=recheck_reason,
        )

    def check(self, comment: Comment, *, recheck_reason: str = "") -> Verdict:
        if not comment.ip_address:
            # Akismet requires user_ip; without one only the local signals can judge.
            verdict = EmbeddedChecker().check(comment)
            no_ip = Reason("no_ip", "no IP address to send to Akismet")
            reasons = (no_ip, *verdict.reasons)
            return Verdict(verdict.kind, verdict.checker, reasons, raw=verdict.raw)
        ensure_key_verified(self.client, self.key_id)
        try:
            result = self.client.comment_check(self.payload(comment, recheck_reason=recheck_reason))
        except InvalidKeyError as error:
            _remember_key(self.key_id, valid=False, message=str(error))
            raise
        except SpamServiceError as error:
            status.record_failure(str(error))
            raise
        status.record_success(alert_code=result.alert_code, alert_message=result.alert_msg)
        return akismet_verdict(result)


def akismet_headers(result: CheckResult) -> dict[str, object]:
    """The X-akismet-* headers that shaped the answer, as a reason's values."""
    headers = {
        "X-akismet-pro-tip": "discard" if result.discard else None,
        "X-akismet-recheck-after": result.recheck_after,
        "X-akismet-alert-code": result.alert_code,
    }
    return {name: value for name, value in headers.items() if value is not None}


def akismet_verdict(result: CheckResult) -> Verdict:
    headers = akismet_headers(result)
    raw = "; ".join([result.raw_body, *(f"{name}: {value}" for name, value in headers.items())])
    values = {"answer": result.raw_body, **headers}
    if result.is_spam and result.discard:
        reason = Reason("akismet_discard", "Akismet: blatant spam", values)
        return Verdict(DISCARD, "akismet", (reason,), raw, result.payload)
    if result.is_spam:
        reason = Reason("akismet_spam", "Akismet: spam", values)
        return Verdict(SPAM, "akismet", (reason,), raw, result.payload)
    reasons = ()
    if result.recheck_after is not None:
        text = f"Akismet: not spam for now, check again in {result.recheck_after} s"
        reasons = (Reason("akismet_recheck", text, values),)
    return Verdict(HAM, "akismet", reasons, raw, result.payload, result.recheck_after)


# Key verification, once per process and key (a rejected key is asked about again later).
_key_lock = threading.Lock()
_key_state: dict[str, tuple[bool, float, str]] = {}
_probed = [-float("inf")]


def _remember_key(key_id: str, *, valid: bool, message: str = "") -> None:
    with _key_lock:
        known = _key_state.get(key_id)
        _key_state[key_id] = (valid, time.monotonic(), message)
    if not valid and (known is None or known[0]):
        logger.error(
            "The spam service rejects AKISMET_API_KEY for %s: every comment is held unchecked "
            "until the key is fixed. %s",
            settings.SITE_URL,
            message,
        )
    status.record_key(valid=valid, message=message)


def ensure_key_verified(client: AkismetClient, key_id: str, *, force: bool = False) -> None:
    """Verify the key once per process; raises InvalidKeyError while it is rejected."""
    with _key_lock:
        known = _key_state.get(key_id)
        if known and not force:
            valid, at, message = known
            if valid:
                return
            if time.monotonic() - at < KEY_RECHECK_SECONDS:
                raise InvalidKeyError(message or "The spam service rejects the API key.")
        # Held while asking, so that a busy process starting up asks only once.
        try:
            valid = client.verify_key()
        except SpamServiceError as error:
            status.record_failure(str(error))
            raise
    if valid:
        _remember_key(key_id, valid=True)
        return
    message = f"Akismet rejects the API key for {client.blog}; check AKISMET_API_KEY and SITE_URL."
    _remember_key(key_id, valid=False, message=message)
    raise InvalidKeyError(message)


def service_answers(checker: Checker) -> bool:
    """Whether the service answers again (asked at most once a minute per process)."""
    if not isinstance(checker, AkismetChecker):
        return True
    with _key_lock:
        if time.monotonic() - _probed[0] < PROBE_SECONDS:
            return False
        _probed[0] = time.monotonic()
    try:
        return checker.client.verify_key()
    except SpamServiceError:
        return False


def key_known_invalid(key_id: str) -> bool:
    with _key_lock:
        known = _key_state.get(key_id)
    return known is not None and not known[0]


def forget_key_verification() -> None:
    with _key_lock:
        _key_state.clear()
        _probed[0] = -float("inf")


# One checker per thread (a requests.Session each), rebuilt when the settings change.
_local = threading.local()


def _config() -> tuple:
    return (
        settings.SPAM_CHECKER,
        settings.AKISMET_API_KEY,
        settings.AKISMET_API_URL,
        settings.SITE_URL,
        settings.AKISMET_IS_TEST,
        settings.AKISMET_CONNECT_TIMEOUT,
        settings.AKISMET_READ_TIMEOUT,
        settings.AKISMET_RETRIES,
        settings.AKISMET_BACKOFF,
        settings.LANGUAGE_CODE,
    )


def get_checker() -> Checker:
    """The configured checker; raises ImproperlyConfigured naming every missing setting."""
    config = _config()
    if getattr(_local, "config", None) == config:
        return _local.checker
    checker = _build_checker()
    old = getattr(_local, "checker", None)
    if isinstance(old, AkismetChecker):
        old.client.close()
    _local.config, _local.checker = config, checker
    return checker


def _build_checker() -> Checker:
    if settings.SPAM_CHECKER == "embedded":
        return EmbeddedChecker()
    if settings.SPAM_CHECKER != "akismet":
        raise ImproperlyConfigured(
            f"SPAM_CHECKER is {settings.SPAM_CHECKER!r}; set akismet or embedded."
        )
    missing = [name for name in ("AKISMET_API_KEY", "AKISMET_API_URL", "SITE_URL")
               if not getattr(settings, name)]  # fmt: skip
    if missing:
        raise ImproperlyConfigured(
            f"SPAM_CHECKER=akismet needs {', '.join(missing)}; set them, or SPAM_CHECKER=embedded."
        )
    try:
        client = AkismetClient(
            api_key=settings.AKISMET_API_KEY,
            blog=settings.SITE_URL,
            api_url=settings.AKISMET_API_URL,
            is_test=settings.AKISMET_IS_TEST,
            blog_lang=settings.LANGUAGE_CODE.split("-")[0],
            connect_timeout=settings.AKISMET_CONNECT_TIMEOUT,
            read_timeout=settings.AKISMET_READ_TIMEOUT,
            retries=settings.AKISMET_RETRIES,
            backoff=settings.AKISMET_BACKOFF,
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"Spam check settings: {error}") from error
    identity = "\n".join([settings.AKISMET_API_KEY, client.api_url, client.blog])
    key_id = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return AkismetChecker(client=client, key_id=key_id)


def spam_check_reset() -> None:
    """Forget cached checkers, key verification and the model (tests; a changed configuration).

    The recorded service status is a database row (status.py): tests roll it back.
    """
    checker = getattr(_local, "checker", None)
    if isinstance(checker, AkismetChecker):
        checker.client.close()
    _local.__dict__.clear()
    forget_key_verification()
    spam_model_reset_cache()
