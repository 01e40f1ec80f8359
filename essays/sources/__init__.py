"""Sources without typing: a DOI, an ISBN or a URL looked up, and reference files read.

identifiers: what was pasted; crossref, openlibrary, pages, files: reading answers and files
(pure); lookup: fetching through essays.outbound; matching: when two records are one work.
services (Django) makes Sources; importing previews and imports a file. This package imports
no Django models itself, so essays.models can use matching.
"""

from essays.sources.errors import (
    LookupFailed,
    NotFound,
    NotRecognised,
    Refused,
    ServiceUnavailable,
    Unreadable,
)
from essays.sources.identifiers import Identifier, normalise_doi, normalise_isbn, recognise
from essays.sources.lookup import LookupConfig, lookup
from essays.sources.records import FoundSource

__all__ = [
    "FoundSource",
    "Identifier",
    "LookupConfig",
    "LookupFailed",
    "NotFound",
    "NotRecognised",
    "Refused",
    "ServiceUnavailable",
    "Unreadable",
    "lookup",
    "normalise_doi",
    "normalise_isbn",
    "recognise",
]
