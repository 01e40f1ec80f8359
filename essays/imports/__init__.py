"""Bringing essays across from another publication (WordPress): markup to Markdown, notes to
footnotes, and the service that stores an imported essay. Knows nothing of comments or of the
export format; pages.wordpress reads the file and calls these."""

from essays.imports.markup import Markup, sanitise, wordpress_to_markdown
from essays.imports.services import (
    AuthorData,
    EssayImportData,
    EssayImportResult,
    HeroImage,
    author_for_import,
    essay_import,
    topic_for_import,
)

__all__ = [
    "AuthorData",
    "EssayImportData",
    "EssayImportResult",
    "HeroImage",
    "Markup",
    "author_for_import",
    "essay_import",
    "sanitise",
    "topic_for_import",
    "wordpress_to_markdown",
]
