"""Claiming due rows of a durable queue, shared by the spam-check queue and the outbox."""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from comments.services.screening import lease_token


def claim_due(queryset, *, time_field: str, limit: int, until: datetime.datetime):
    """Take up to `limit` rows due by `until`; returns their pks and the lease token.

    The token (a time a lease ahead) replaces the row's due time: the row is ours until
    then, and is due again if its worker dies.
    """
    token = lease_token(timezone.now())
    with transaction.atomic():
        due = queryset.filter(**{f"{time_field}__lte": until}).order_by(time_field, "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        pks = list(due.values_list("pk", flat=True)[:limit])
        if not pks:
            return [], token
        # Conditional, so that even without row locks a row changed meanwhile is not taken.
        queryset.filter(pk__in=pks, **{f"{time_field}__lte": until}).update(**{time_field: token})
        pks = list(queryset.filter(pk__in=pks, **{time_field: token}).values_list("pk", flat=True))
    return pks, token
