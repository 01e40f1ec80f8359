"""CSL-JSON and BibTeX exports of sources, and the "Cite this essay" BibTeX entry."""

import datetime
import json
import re

import pytest

from essays.citations import SourceData, bibtex_escape, cite_essay_bibtex, to_bibtex, to_csl_json

# The type enum and item properties of the CSL-JSON schema, from
# https://github.com/citation-style-language/schema/blob/master/schemas/input/csl-data.json
CSL_TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
})  # fmt: skip
CSL_NAME_KEYS = frozenset({
    "family", "given", "dropping-particle", "non-dropping-particle", "suffix", "comma-suffix",
    "static-ordering", "literal", "parse-names",
})  # fmt: skip
CSL_DATE_KEYS = frozenset({"date-parts", "season", "circa", "literal", "raw", "edtf"})
CSL_USED_STRING_KEYS = frozenset({"title", "container-title", "publisher", "URL"})


def assert_valid_csl(items):
    """The checks csl-data.json makes on the fields this exporter writes."""
    assert isinstance(items, list)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for item in items:
        assert isinstance(item["id"], str | int)
        assert item["type"] in CSL_TYPES
        for key, value in item.items():
            if key in ("id", "type"):
                continue
            if key == "author":
                for name in value:
                    assert name and set(name) <= CSL_NAME_KEYS
                    assert "literal" in name or "family" in name
                    assert all(isinstance(part, str) and part for part in name.values())
            elif key in ("issued", "accessed"):
                assert set(value) <= CSL_DATE_KEYS
                parts = value["date-parts"]
                assert isinstance(parts, list) and 1 <= len(parts) <= 2
                for part in parts:
                    assert 1 <= len(part) <= 3 and all(type(n) is int for n in part)
            else:
                assert key in CSL_USED_STRING_KEYS, key
                assert isinstance(value, str)
    json.dumps(items)


def source(**fields):
    return SourceData(**{"kind": "news", "title": "A Title", **fields})


ALL_KINDS = [
    source(
        kind="news",
        authors=["Reuters"],
        title="Turkey Will 'Cleanse' Syria Border",
        container="Haaretz",
        date=datetime.date(2019, 10, 26),
        url="https://example.com/a",
        key="1",
    ),
    source(
        kind="report",
        authors=["Meran Basin Commission"],
        title="Flow Assessment",
        publisher="Meran Basin Commission",
        date=datetime.date(2022, 4, 1),
        date_precision="month",
        key="2",
    ),
    source(
        kind="book",
        authors=["Lena Marsh"],
        title="Rivers",
        publisher="Northgate",
        date=datetime.date(2011, 1, 1),
        date_precision="year",
        key="3",
    ),
    source(kind="journal", authors=["Tomas Ferreira", "Ayla Demir"], container="J. Water", key="4"),
    source(
        kind="web", title="Survey", url="https://example.net/s", accessed=datetime.date(2024, 3, 3)
    ),
    source(kind="interview", authors=["Ayla Demir"], title="On Rivers"),
    source(kind="other", title="Leaflet"),
]


def test_csl_json_covers_every_kind_with_valid_types():
    items = to_csl_json(ALL_KINDS)
    assert_valid_csl(items)
    assert [item["type"] for item in items] == [
        "article-newspaper", "report", "book", "article-journal", "webpage", "interview",
        "document",
    ]  # fmt: skip


def test_csl_json_ids_use_keys_and_stay_unique():
    items = to_csl_json([source(key="7"), source(key="7"), source(), source()])
    assert [item["id"] for item in items] == ["7", "7-2", "source-3", "source-4"]


def test_csl_json_names_people_and_organisations():
    item = to_csl_json([source(authors=["Reuters", "Lena Marsh", "Martin Luther King Jr."])])[0]
    assert item["author"] == [
        {"literal": "Reuters"},
        {"family": "Marsh", "given": "Lena"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
    ]


def test_csl_json_explicit_organisations_are_literal():
    name = "Médecins Sans Frontières"
    item = to_csl_json([source(authors=[name], organisations=frozenset({name}))])[0]
    assert item["author"] == [{"literal": name}]


@pytest.mark.parametrize(
    ("precision", "parts"), [("year", [2019]), ("month", [2019, 10]), ("day", [2019, 10, 26])]
)
def test_csl_json_dates_follow_their_precision(precision, parts):
    item = to_csl_json([source(date=datetime.date(2019, 10, 26), date_precision=precision)])[0]
    assert item["issued"] == {"date-parts": [parts]}


def test_csl_json_fields():
    item = to_csl_json(ALL_KINDS[:1])[0]
    assert item["title"] == "Turkey Will 'Cleanse' Syria Border"
    assert item["container-title"] == "Haaretz"
    assert item["URL"] == "https://example.com/a"
    web = to_csl_json(ALL_KINDS[4:5])[0]
    assert web["accessed"] == {"date-parts": [[2024, 3, 3]]}


def test_csl_json_book_chapter_and_archived_url():
    items = to_csl_json([
        source(kind="book", container="Collected Essays"),
        source(url="https://dead.example/", url_broken=True, archived_url="https://archive.example/"),
    ])  # fmt: skip
    assert_valid_csl(items)
    assert items[0]["type"] == "chapter"
    assert items[1]["URL"] == "https://archive.example/"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("50% & rising", r"50\% \& rising"),
        ("C# and $5", r"C\# and \$5"),
        ("snake_case", r"snake\_case"),
        ("x^2 ~ y", r"x\textasciicircum{}2 \textasciitilde{} y"),
        (r"a\b", r"a\textbackslash{}b"),
        ("{open", r"\textbraceleft{}open"),
        ("close}", r"close\textbraceright{}"),
        ("Ça coûte 5 €", "Ça coûte 5 €"),
    ],
)
def test_bibtex_escape(text, escaped):
    assert bibtex_escape(text) == escaped


def braces_balanced(text):
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_entries_for_every_kind():
    bib = to_bibtex(ALL_KINDS)
    assert braces_balanced(bib)
    types = re.findall(r"^@(\w+)\{", bib, re.M)
    assert types == ["article", "techreport", "book", "article", "online", "misc", "misc"]
    assert "@article{reuters2019turkey,\n  author = {{Reuters}},\n" in bib
    assert "  title = {{Turkey Will 'Cleanse' Syria Border}},\n  journal = {Haaretz},\n" in bib
    assert "  month = oct,\n" in bib
    assert "  date = {2019-10-26},\n" in bib
    assert "  institution = {Meran Basin Commission},\n" in bib
    assert "  author = {Ferreira, Tomas and Demir, Ayla},\n" in bib
    assert "  urldate = {2024-03-03},\n" in bib


def test_bibtex_hostile_text_keeps_braces_balanced():
    hostile = source(
        authors=["Ann {Lee", "Bo } Park"],
        title="}{ 100% _fake_ #1 \\end{document} {{",
        container="$ & ~ ^",
        url="https://example.com/{x}\\y",
    )
    bib = to_bibtex([hostile])
    assert braces_balanced(bib)
    assert "\\end{document}" not in bib
    assert "url = {https://example.com/%7Bx%7D%5Cy}" in bib
    for line in bib.splitlines()[1:-1]:
        assert braces_balanced(line), line


def test_bibtex_organisation_authors_are_wrapped_in_braces():
    bib = to_bibtex([source(authors=["Food and Agriculture Organization", "Lena Marsh"])])
    assert "author = {{Food and Agriculture Organization} and Marsh, Lena}" in bib


def test_bibtex_keys_are_unique_ascii_and_readable():
    sources = [
        source(authors=["Reuters"], title="Turkey Will Act", date=datetime.date(2019, 1, 1)),
        source(authors=["Reuters"], title="Turkey Again", date=datetime.date(2019, 5, 1)),
        source(authors=["Reuters"], title="The Turkey Story", date=datetime.date(2019, 6, 1)),
        source(authors=["Łukasz Żółć"], title="Ćwiczenia"),
        source(authors=[], title="On the Beach"),
    ]
    keys = re.findall(r"^@\w+\{([^,]+),", to_bibtex(sources), re.M)
    assert keys == [
        "reuters2019turkey", "reuters2019turkeyb", "reuters2019turkeyc", "zolcndcwiczenia",
        "anonndbeach",
    ]  # fmt: skip
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys)


def test_bibtex_keeps_non_ascii_as_utf8():
    bib = to_bibtex([source(authors=["Gabriel García Márquez"], title="Cien años")])
    assert "Márquez, Gabriel García" in bib
    assert "{{Cien años}}" in bib


def test_bibtex_leaves_out_non_http_urls():
    assert "url" not in to_bibtex([source(url="javascript:alert(1)")])


def test_cite_essay_bibtex():
    bib = cite_essay_bibtex(
        "The River & the Ledger",
        ["Jane Q. Doe"],
        "Marginalia",
        datetime.date(2024, 3, 3),
        "https://marginalia.example/essays/river/",
        accessed=datetime.date(2024, 4, 1),
    )
    assert bib == (
        "@online{doe2024river,\n"
        "  author = {Doe, Jane Q.},\n"
        "  title = {{The River \\& the Ledger}},\n"
        "  organization = {Marginalia},\n"
        "  year = {2024},\n"
        "  month = mar,\n"
        "  date = {2024-03-03},\n"
        "  url = {https://marginalia.example/essays/river/},\n"
        "  urldate = {2024-04-01},\n"
        "}\n"
    )


def test_cite_essay_bibtex_accepts_a_key():
    bib = cite_essay_bibtex("T", [], "Marginalia", None, "https://m.example/", key="marginalia42")
    assert bib.startswith("@online{marginalia42,\n")
    assert braces_balanced(bib)
