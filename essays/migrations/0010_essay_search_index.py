"""The search index: an FTS5 table on SQLite, a GIN index on PostgreSQL (see essays/search.py)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from essays.search import SQLITE_CREATE, SQLITE_DROP, SQLITE_INSERT, index_row

GIN_NAME = "essays_essay_search_gin"


def _gin_index() -> GinIndex:
    # A frozen copy of essays.search.search_vector(): the planner uses the index only for
    # this exact expression (tests/essays/test_search_index.py checks the query plan).
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(vector, name=GIN_NAME)


def create_index(apps, schema_editor):
    Essay = apps.get_model("essays", "Essay")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(Essay, _gin_index())
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        for essay in Essay.objects.only("title", "dek", "body").iterator(200):
            schema_editor.execute(SQLITE_INSERT, index_row(essay))


def drop_index(apps, schema_editor):
    Essay = apps.get_model("essays", "Essay")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(Essay, _gin_index())
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("essays", "0009_revisions_and_corrections")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
