"""The embedded checker's model: kept in the one SpamModelState row, taught by moderators."""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction

from comments.compiled import CompiledQuery, compile_query
from comments.models import Comment, SpamModelState
from comments.spam.bayes import NaiveBayesModel, comment_tokens

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cached: dict[str, object] = {"stamp": None, "model": None}


class Lesson(NamedTuple):
    """One moderator decision: learn `tokens` as spam or not, forgetting the opposite first."""

    tokens: list[str]
    is_spam: bool
    forget_opposite: bool = False


def tokens_for(comment: Comment) -> list[str]:
    return comment_tokens(
        comment.body, author=comment.author_name, email=comment.author_email, url=comment.author_url
    )


def _model_from(state: dict) -> NaiveBayesModel:
    if not state:
        return NaiveBayesModel()
    try:
        return NaiveBayesModel.from_dict(state)
    except ValueError as error:
        # A broken model must not stop comments being checked: start again from nothing.
        logger.error("Ignoring the stored spam model: %s", error)
        return NaiveBayesModel()


def spam_model() -> NaiveBayesModel:
    """The current model, read again only when some process has saved a newer one."""
    row = next(iter(_latest_stamp(connection.vendor).rows()), None)
    if row is None:
        return NaiveBayesModel()
    with _lock:
        if _cached["stamp"] == row:
            return _cached["model"]
    state = SpamModelState.objects.values_list("state", flat=True).get(pk=row[0])
    model = _model_from(state)
    with _lock:
        _cached.update(stamp=row, model=model)
    return model


@functools.cache
def _latest_stamp(vendor: str) -> CompiledQuery:
    """The model row's id and time of saving, as the database gives them: compiled once, as
    every screening asks (issue #17)."""
    stamps = SpamModelState.objects.order_by("pk").values_list("pk", "updated_at")[:1]
    return compile_query(stamps)


@transaction.atomic
def spam_model_learn(*, lessons: Iterable[Lesson]) -> NaiveBayesModel:
    """Apply moderators' decisions to the stored model, under a row lock so none is lost."""
    row = SpamModelState.objects.select_for_update().order_by("pk").first()
    if row is None:
        row, _ = SpamModelState.objects.select_for_update().get_or_create(pk=1)
    model = _model_from(row.state)
    for lesson in lessons:
        if lesson.forget_opposite:
            # After a reset of the model there is nothing to forget.
            with contextlib.suppress(ValueError):
                model.untrain(lesson.tokens, is_spam=not lesson.is_spam)
        model.train(lesson.tokens, is_spam=lesson.is_spam)
    row.state = model.to_dict()
    row.save()
    return model


@transaction.atomic
def spam_model_forget(*, lessons: Iterable[Lesson]) -> None:
    """Untrain what `lessons` taught the stored model (personal-data erasure)."""
    row = SpamModelState.objects.select_for_update().order_by("pk").first()
    if row is None:
        return
    model = _model_from(row.state)
    for lesson in lessons:
        with contextlib.suppress(ValueError):  # the model was reset since: nothing to forget
            model.untrain(lesson.tokens, is_spam=lesson.is_spam)
    row.state = model.to_dict()
    row.save()


def spam_model_reset_cache() -> None:
    with _lock:
        _cached.update(stamp=None, model=None)
