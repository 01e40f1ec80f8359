"""A small publication with every feed, and the admin form data of a new essay."""

from django.urls import reverse

from comments.models import Comment
from essays.models import Essay
from tests.comments.factories import CommentFactory
from tests.factories import AuthorFactory, EssayFactory, FootnoteFactory, TopicFactory


def publication_essay() -> Essay:
    """One published essay with a topic, an author, a cited source and an approved comment."""
    essay = EssayFactory(
        body="A claim.[^a]",
        topics=[TopicFactory(slug="water")],
        authors=[AuthorFactory(slug="ada")],
    )
    FootnoteFactory(essay=essay, label="a")
    CommentFactory(essay=essay, status=Comment.Status.APPROVED)
    return essay


def feed_urls(essay: Essay) -> list[str]:
    """Every feed that lists `essay` (made by publication_essay) or its comment."""
    return [
        reverse("essays:rss"),
        reverse("essays:atom"),
        reverse("essays:topic-rss", kwargs={"slug": "water"}),
        reverse("essays:topic-atom", kwargs={"slug": "water"}),
        reverse("essays:author-rss", kwargs={"slug": "ada"}),
        reverse("essays:author-atom", kwargs={"slug": "ada"}),
        reverse("comments:feed"),
        reverse("comments:essay-feed", kwargs={"slug": essay.slug}),
    ]


def essay_admin_form(**fields) -> dict:
    """What the admin's "Add essay" page posts for a draft, with `fields` changed."""
    return {
        "title": "Fresh essay",
        "slug": "fresh-essay",
        "dek": "",
        "authors": [AuthorFactory().pk],
        "body": "Body text.",
        "status": "draft",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "10:00:00",
        "note_style": "arabic",
        "citation_style": "shortened",
        "comments_mode": "open",
        "footnotes-TOTAL_FORMS": "0",
        "footnotes-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    } | fields
