"""The index page's comment counts at scale: answered from an index, in the page's query."""

import pytest
from django.db import connection
from django.urls import reverse

from comments.models import Comment
from comments.selectors import with_public_comment_counts
from essays.models import Essay
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db


def test_the_count_per_essay_is_read_from_the_covering_index():
    EssayFactory()
    queryset = with_public_comment_counts(Essay.objects.published())
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(row[-1] for row in cursor.fetchall())
            assert "COVERING INDEX comments_comment_public_count" in plan, plan
        else:  # PostgreSQL picks by statistics; the index must hold what the count reads
            columns = connection.introspection.get_constraints(cursor, "comments_comment")
            index = columns["comments_comment_public_count"]["columns"]
            assert index == ["essay_id", "status", "under_hidden_parent"]


def test_the_index_page_counts_only_public_comments(client):
    essay = EssayFactory()
    statuses = [Comment.Status.APPROVED] * 3 + [Comment.Status.PENDING, Comment.Status.SPAM]
    for n, status in enumerate(statuses):
        Comment.objects.create(
            essay=essay, author_name="R", author_email=f"r{n}@example.net",
            body="Text", body_hash=f"h{n}", status=status,
        )  # fmt: skip
    Comment.objects.create(
        essay=essay, author_name="R", author_email="hidden@example.net", body="Text",
        body_hash="hidden", status=Comment.Status.APPROVED, under_hidden_parent=True,
    )  # fmt: skip

    response = client.get(reverse("essays:index"))

    assert response.context["essay_list"][0].comment_count == 3
