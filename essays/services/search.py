"""Keeping SQLite's search table in step with the essays (PostgreSQL needs nothing: its GIN
index is on the essay table itself).

Called explicitly wherever an essay's title, standfirst or body is written or an essay is
deleted; publishing needs no call, since the search joins to published() when it reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from essays.models import Essay
from essays.search import (
    SQLITE_DELETE,
    SQLITE_EMPTY,
    SQLITE_INSERT,
    index_row,
    searches_own_table,
)


def essay_search_index(*, essay: Essay) -> None:
    """Store `essay`'s current words in the search table (replacing what was there)."""
    if not searches_own_table(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_DELETE, [essay.pk])
        cursor.execute(SQLITE_INSERT, index_row(essay))


def essays_search_unindex(*, essay_ids: Iterable[int]) -> None:
    """Remove deleted essays from the search table."""
    if not searches_own_table(connection) or not (ids := list(essay_ids)):
        return
    with connection.cursor() as cursor:
        cursor.executemany(SQLITE_DELETE, [[pk] for pk in ids])


@transaction.atomic
def search_index_rebuild() -> int:
    """Empty the search table and index every essay again; the number indexed."""
    if not searches_own_table(connection):
        return Essay.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_EMPTY)
    count = 0
    for essay in Essay.objects.only("title", "dek", "body").order_by("pk").iterator(200):
        essay_search_index(essay=essay)
        count += 1
    return count
