"""Full-text search of essays, on SQLite (FTS5) and on PostgreSQL, behind one selector.

SQLite keeps each essay's words in an FTS5 table (migration 0010_essay_search_index) that
the essay services refresh (essays/services/search.py); PostgreSQL searches the essay table
itself through a GIN index on search_vector(). Both index every essay, drafts too: the
selector joins to `published()`, so publishing or scheduling needs no index change and a
draft never shows.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchVector

SQLITE_TABLE = "essays_essay_search"
# Porter stemming over Unicode words ("gauging" finds "gauge"); accents fold ("café" = "cafe").
SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
    "title, dek, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
POSTGRES_CONFIG = "english"


def searches_own_table(connection) -> bool:
    """Whether `connection`'s database searches the FTS5 table the services keep (SQLite);
    otherwise (PostgreSQL) it searches the essay table itself and keeps no table."""
    return connection.vendor == "sqlite"


# Snippets mark matched words with two private-use characters, never found in indexed text
# (plain_text removes them), which the template turns into <mark> after escaping the rest.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 24

# The statements on the FTS5 table: its name is a constant, every value a parameter.
_T = SQLITE_TABLE
SQLITE_INSERT = f"INSERT INTO {_T} (rowid, title, dek, body) VALUES (%s, %s, %s, %s)"  # noqa: S608
SQLITE_DELETE = f"DELETE FROM {_T} WHERE rowid = %s"  # noqa: S608
SQLITE_EMPTY = f"DELETE FROM {_T}"  # noqa: S608
SQLITE_DROP = f"DROP TABLE IF EXISTS {_T}"
SQLITE_MATCHING = f"SELECT rowid FROM {_T} WHERE {_T} MATCH %s"  # noqa: S608
# Per essay of the outer query. bm25 weights per column: title most, then the standfirst.
_OF_ESSAY = f"FROM {_T} WHERE {_T} MATCH %s AND {_T}.rowid = essays_essay.id"
SQLITE_RANK = f"SELECT bm25({_T}, 10.0, 4.0, 1.0) {_OF_ESSAY}"
_SNIPPET = f"snippet({_T}, 2, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})"
SQLITE_SNIPPET = f"SELECT {_SNIPPET} {_OF_ESSAY}"

_QUERY_TERM = re.compile(r'"([^"]*)"|(\S+)')
_FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]*\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#~]+|[\x00-\x08\x0b-\x1f\x7f]")
_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")
_SPACES = re.compile(r"\s+")


def search_vector() -> SearchVector:
    """The weighted document PostgreSQL searches; migration 0010's GIN index is on the same."""
    return (
        SearchVector("title", weight="A", config=POSTGRES_CONFIG)
        + SearchVector("dek", weight="B", config=POSTGRES_CONFIG)
        + SearchVector("body", weight="C", config=POSTGRES_CONFIG)
    )


def plain_text(markdown: str) -> str:
    """The words of a Markdown body as readers read them (what the SQLite index stores)."""
    return snippet_text(_MARKS.sub("", markdown))


def index_row(essay) -> list:
    """The values SQLITE_INSERT stores for `essay` (an Essay, or a migration's copy of one)."""
    return [essay.pk, plain_text(essay.title), plain_text(essay.dek), plain_text(essay.body)]


def snippet_text(markdown: str) -> str:
    """Markdown without note markers, link targets or emphasis marks, whitespace folded;
    the snippet marks stay."""
    text = _FOOTNOTE_MARKER.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    return _SPACES.sub(" ", _MARKUP.sub(" ", text)).strip()


def fts5_match(query: str, *, max_terms: int) -> str:
    """`query` as an FTS5 expression that can only mean "all these words": each word or
    "quoted phrase" is quoted (so AND, NEAR, column: and brackets are just words), and a word
    ending in * stays a prefix search. Empty when nothing is left to search for."""
    terms = []
    for match in _QUERY_TERM.finditer(query):
        phrase, word = match.groups()
        text = phrase if phrase is not None else word
        prefix = word is not None and len(word) > 1 and word.endswith("*")
        text = _MARKUP.sub(" ", _MARKS.sub("", text.rstrip("*") if prefix else text)).strip()
        if text:
            terms.append('"' + text.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms[:max_terms])
