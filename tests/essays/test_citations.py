"""The citations package: its data classes and the helpers they share. No database."""

import datetime
from pathlib import Path

import pytest

import essays.citations as citations
from essays.citations import NoteData, SourceData, same_source
from essays.citations.sources import is_organisation, split_name


def test_package_exports_the_public_api():
    for name in citations.__all__:
        assert hasattr(citations, name), name


def test_package_imports_nothing_from_django():
    package = Path(citations.__file__).parent
    for module in package.glob("*.py"):
        assert "django" not in module.read_text(), module.name


def test_source_rejects_an_unknown_kind_and_says_which_are_allowed():
    with pytest.raises(ValueError, match="news, report, book"):
        SourceData(kind="podcast")


def test_source_rejects_an_unknown_date_precision():
    with pytest.raises(ValueError, match="year, month, day"):
        SourceData(kind="news", date=datetime.date(2020, 1, 1), date_precision="week")


@pytest.mark.parametrize("label", ["1", "reuters-haaretz", "a_b", "x.y", "ch:3", "a" * 40])
def test_note_accepts_labels_of_the_marker_grammar(label):
    assert NoteData(label).label == label


@pytest.mark.parametrize("label", ["", "bad label", "a" * 41, "<b>", "ü"])
def test_note_rejects_labels_no_marker_could_cite(label):
    with pytest.raises(ValueError, match="not valid"):
        NoteData(label)


def test_same_source_compares_keys_and_falls_back_to_equality():
    a = SourceData(kind="news", title="A", key="1")
    assert same_source(a, SourceData(kind="book", title="Other", key="1"))
    assert not same_source(a, SourceData(kind="news", title="A", key="2"))
    assert same_source(SourceData(title="A"), SourceData(title="A"))
    assert not same_source(SourceData(title="A"), SourceData(title="B"))
    assert not same_source(a, None)
    assert not same_source(None, None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Reuters", True),
        ("Meran Basin Commission", True),
        ("Food and Agriculture Organization", True),
        ("BBC News", True),
        ("Lena Marsh", False),
        ("Ludwig van Beethoven", False),
        ("Marsh, Lena", False),
    ],
)
def test_is_organisation_guesses_from_the_name(name, expected):
    assert is_organisation(name) is expected


def test_source_organisations_override_the_guess():
    source = SourceData(authors=["Médecins Sans Frontières"])
    assert not source.is_organisation("Médecins Sans Frontières")
    flagged = SourceData(
        authors=["Médecins Sans Frontières"], organisations=frozenset({"Médecins Sans Frontières"})
    )
    assert flagged.is_organisation("Médecins Sans Frontières")


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Lena Marsh", ("Lena", "Marsh", "")),
        ("Jane Q. Doe", ("Jane Q.", "Doe", "")),
        ("Ludwig van Beethoven", ("Ludwig", "van Beethoven", "")),
        ("Martin Luther King Jr.", ("Martin Luther", "King", "Jr.")),
        ("Martin Luther King, Jr.", ("Martin Luther", "King", "Jr.")),
        ("García Márquez, Gabriel", ("Gabriel", "García Márquez", "")),
        ("Plato", ("", "Plato", "")),
    ],
)
def test_split_name_finds_given_family_and_suffix(name, parts):
    assert split_name(name) == parts
