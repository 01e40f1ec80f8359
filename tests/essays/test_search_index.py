"""The search index itself: hostile query text, FTS5 quoting, and that the index is used."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse

from essays.models import Essay
from essays.search import POSTGRES_CONFIG, fts5_match, plain_text, search_vector
from essays.selectors import essay_search
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
SQL_ISH = (DATA / "sql_ish.txt").read_text(encoding="utf-8").splitlines()
UNICODE_CASES = [
    case["value"] for case in json.loads((DATA / "unicode_edge_cases.json").read_text())
]
# FTS5's own syntax (https://sqlite.org/fts5.html#full_text_query_syntax) and websearch's.
FTS_SYNTAX = [
    '"', '""', '"""', "*", "**", "a*b", "^river", "river:", "title:river", "{title dek}: river",
    "NEAR(river flood, 2)", "river AND", "OR", "NOT river", "river + flood", "(river", "river)",
    "-river", "river -", "'river'", "river\\", ";", "--", "\x00", "\ue000river\ue001",
]  # fmt: skip
HOSTILE = SQL_ISH + UNICODE_CASES + FTS_SYNTAX + ["river " * 100, "x" * 5000]


@pytest.fixture
def river():
    return EssayFactory(title="The river", body="A river in flood, seen from the gauge.")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_text_is_searched_as_words_never_an_error(client, river, query):
    response = client.get(reverse("essays:search"), {"q": query})

    if "\x00" in query:  # refused before any view (config/middleware)
        assert response.status_code == HTTPStatus.BAD_REQUEST
    else:
        assert response.status_code == HTTPStatus.OK
        assert "<mark><" not in response.text


@pytest.mark.parametrize("query", HOSTILE)
def test_the_selector_accepts_any_query_text(river, query):
    list(essay_search(query=query.replace("\x00", "")))


def test_punctuation_around_words_still_finds_them(river):
    assert list(essay_search(query="(river) flood* 'gauge'")) == [river]
    assert list(essay_search(query="(river) zeppelin")) == []


def test_each_term_is_quoted_phrases_kept_and_a_final_star_is_a_prefix():
    match = fts5_match('gauge "rating curves" hydro* NEAR(a b) say"what', max_terms=8)

    assert match == '"gauge" "rating curves" "hydro"* "NEAR(a" "b)" "say""what"'


def test_a_query_keeps_the_configured_number_of_terms():
    assert fts5_match("a b c d e", max_terms=3) == '"a" "b" "c"'
    assert fts5_match('"" * ** \ue000', max_terms=3) == ""


def test_indexed_text_is_what_readers_read():
    body = "## Gauges\n\nSee [the survey](https://example.org) and *this*.[^note-1]\ue000"
    assert plain_text(body) == "Gauges See the survey and this ."


def test_the_words_are_looked_up_in_the_full_text_index(river):
    if connection.vendor == "postgresql":
        # The selector's own filter, alone and unordered: on a large table the planner takes
        # the index for it (scans of the whole table or another index off stand in for one).
        matching = Essay.objects.alias(document=search_vector()).filter(
            document=SearchQuery("river", search_type="websearch", config=POSTGRES_CONFIG)
        )
        plan = explain(
            matching.order_by().query.sql_with_params(),
            "SET LOCAL enable_seqscan = off",
            "SET LOCAL enable_indexscan = off",
        )
        assert "Bitmap Index Scan on essays_essay_search_gin" in plan, plan
    else:
        plan = explain(essay_search(query="river").query.sql_with_params())
        assert "VIRTUAL TABLE INDEX" in plan and "essays_essay_search" in plan, plan


def explain(sql_with_params, *settings: str) -> str:
    sql, params = sql_with_params
    prefix = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(setting)
        cursor.execute(f"{prefix} {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())
