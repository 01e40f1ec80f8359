"""Sources made from a lookup: configured from settings, offered when a match exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from essays.models import Source
from essays.sources.identifiers import recognise
from essays.sources.lookup import LookupConfig, lookup
from essays.sources.records import FoundSource


def lookup_config() -> LookupConfig:
    return LookupConfig(
        crossref_url=settings.CROSSREF_API_URL,
        openlibrary_url=settings.OPENLIBRARY_URL,
        deadline=settings.SOURCE_LOOKUP_DEADLINE,
        # Crossref asks clients to name themselves and a way to reach them ("polite" use).
        user_agent=f"Marginalia/1.0 (+{settings.SITE_URL})",
        # Non-public networks reachable all the same: none in production, 127.0.0.1 in tests.
        allowed_networks=settings.OUTBOUND_ALLOWED_NETWORKS,
    )


def source_lookup(*, text: str) -> FoundSource:
    """What a DOI, ISBN or URL says about its work; a LookupFailed with the reason if nothing."""
    found = lookup(text, config=lookup_config())
    if recognise(text).kind == "url":
        found.accessed_on = timezone.localdate()  # a web page: "accessed" is part of its citation
    return found


@transaction.atomic
def source_create(*, found: FoundSource, check_constraints: bool = True) -> Source:
    """A new Source from what was found; ValidationError if it clashes or lacks a title.

    `check_constraints=False` leaves the unique checks to the database (an IntegrityError):
    an import that has sorted out duplicates already saves a dozen queries per source."""
    source = Source(**found.model_fields())
    source.full_clean(validate_constraints=check_constraints)
    source.save()
    return source


@dataclass(frozen=True)
class Chosen:
    source: Source
    created: bool


def source_find_or_create(*, text: str) -> Chosen:
    """The existing source the text names, or a new one made from its lookup."""
    found = source_lookup(text=text)
    if matches := Source.objects.matching(found):
        return Chosen(matches[0], created=False)
    return Chosen(source_create(found=found), created=True)
