"""Importing a Zotero export: BibTeX (with a broken entry) and CSL-JSON read, each entry sorted
as new, already stored, repeated or unreadable; the import_sources command."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from essays.models import Source
from essays.sources import FoundSource, Unreadable
from essays.sources.files import dump_entries, load_entries, read_sources_file
from essays.sources.importing import (
    EXISTS,
    NEW,
    REPEATED,
    UNREADABLE,
    import_preview,
    sources_import,
)
from essays.sources.records import given_first
from essays.sources.services import source_create
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"
BIB = DATA / "zotero.bib"
CSL = DATA / "zotero.json"


def entries_of(path: Path):
    return read_sources_file(path.name, path.read_bytes())


def test_bibtex_entries_are_read_with_latex_and_organisations_kept_whole():
    entries = {entry.label: entry for entry in entries_of(BIB)}
    article = entries["haddad2019"].record
    assert article.title == "Sharing a River in Drought: Allocation Rules on the Meran Basin"
    assert article.short_title == "Sharing a River"
    assert article.authors == ["Amal Haddad", "Pieter van der Berg", "{Meran Basin Commission}"]
    assert (article.kind, article.container) == ("journal", "Water Resources Management")
    assert (article.published_on, article.date_precision) == (datetime.date(2019, 4, 1), "month")
    assert article.doi == "10.1007/s11269-019-02251-7"
    assert entries["dostoyevsky2003"].record.isbn == "9780140449136"
    web = entries["aziz2023"].record
    assert (web.kind, web.container, web.published_on) == ("web", "Harbour Gazette",
                                                          datetime.date(2023, 9, 4))  # fmt: skip
    assert entries[r"caf\'e2021"].record.title == "Café Owners and the River"


def test_a_broken_bibtex_entry_is_named_with_the_reason_and_the_others_survive():
    entries = entries_of(BIB)
    broken = next(entry for entry in entries if entry.label == "broken2020")
    assert broken.record is None
    assert "closing" in broken.problem
    assert sum(entry.record is not None for entry in entries) >= 4


def test_csl_json_items_are_read_and_odd_items_named():
    entries = entries_of(CSL)
    article, report, untitled, junk = entries
    assert article.record.doi == "10.1007/s11269-019-02251-7"
    assert article.record.published_on == datetime.date(2019, 4, 20)
    assert report.record.authors == ["{Meran Basin Commission}"]
    assert (report.record.kind, report.record.published_on) == ("report", datetime.date(2020, 6, 1))
    assert (untitled.label, untitled.problem) == ("no-title", "no title")
    assert (junk.label, junk.problem) == ("item 4", "not an item (expected an object)")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("refs.json", b'{"items": 3', "is not valid JSON"),
        ("refs.bib", b"Just some notes, no entries.", "holds no BibTeX entries"),
        ("refs.bib", "@book{a, title={Ä}}".encode("latin-1"), "is not UTF-8"),
        ("refs.json", b'"a string"', "expected a list of items"),
    ],
)
def test_a_file_in_neither_format_is_refused_whole(name, data, message):
    with pytest.raises(Unreadable, match=message):
        read_sources_file(name, data)


def test_the_preview_sorts_entries_as_new_stored_repeated_or_unreadable():
    stored = SourceFactory(doi="10.1007/s11269-019-02251-7")
    rows = {row.entry.label: row for row in import_preview(entries_of(BIB))}

    assert (rows["haddad2019"].status, rows["haddad2019"].existing) == (EXISTS, stored)
    assert rows["dostoyevsky2003"].status == NEW
    assert rows["aziz2023"].status == NEW
    assert rows["broken2020"].status == UNREADABLE
    assert (rows["dostoyevsky-again"].status, rows["dostoyevsky-again"].repeats) == (
        REPEATED,
        "dostoyevsky2003",
    )


def test_the_preview_reads_the_stored_sources_in_one_query(django_assert_num_queries):
    SourceFactory.create_batch(5)
    entries = entries_of(BIB)
    with django_assert_num_queries(1):
        import_preview(entries)


def test_importing_creates_the_new_entries_only_and_says_why_for_the_rest():
    SourceFactory(url="https://gazette.example/2023/dam-flow")
    report = sources_import(entries=entries_of(BIB))

    assert sorted(source.title for source in report.created) == [
        "Café Owners and the River",
        "Crime and Punishment",
        "Sharing a River in Drought: Allocation Rules on the Meran Basin",
    ]
    skipped = dict(report.skipped)
    assert skipped["aziz2023"].startswith("already stored as")
    assert skipped["dostoyevsky-again"] == "repeats dostoyevsky2003 in the same file"
    assert skipped["broken2020"].startswith("unreadable:")
    book = Source.objects.get(isbn="9780140449136")
    assert (book.kind, book.authors, book.publisher) == (
        "book",
        "Fyodor Dostoyevsky",
        "Penguin Books",
    )


def test_importing_only_the_chosen_entries():
    entries = entries_of(CSL)
    report = sources_import(entries=entries, chosen={1})
    assert [source.title for source in report.created] == ["Basin Water Audit 2020"]
    assert Source.objects.count() == 1


def test_importing_again_creates_nothing():
    sources_import(entries=entries_of(CSL))
    again = sources_import(entries=entries_of(CSL))
    assert again.created == []
    assert Source.objects.count() == 2


def test_an_entry_that_fails_validation_is_skipped_and_the_rest_imported():
    bib = b"@misc{bad, title={Bad link}, url={notaurl}}\n@misc{good, title={Good}, year=2001}"
    report = sources_import(entries=read_sources_file("x.bib", bib))
    assert [source.title for source in report.created] == ["Good"]
    assert report.skipped[0][0] == "bad"
    assert "valid URL" in report.skipped[0][1]


def test_entries_survive_the_round_trip_through_the_preview_payload():
    entries = entries_of(BIB)
    assert load_entries(dump_entries(entries)) == entries


def test_import_sources_command_imports_and_reports(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_sources", str(BIB), stdout=out, stderr=err)
    assert "4 of 6 entries imported." in out.getvalue()
    assert "broken2020: unreadable:" in err.getvalue()
    assert Source.objects.count() == 4


def test_import_sources_dry_run_changes_nothing():
    out, err = io.StringIO(), io.StringIO()
    call_command("import_sources", str(CSL), "--dry-run", stdout=out, stderr=err)
    assert "2 of 4 entries would be imported (dry run)." in out.getvalue()
    assert "no-title: unreadable: no title" in err.getvalue()
    assert Source.objects.count() == 0


def test_import_sources_fails_on_an_unreadable_file(tmp_path):
    path = tmp_path / "notes.bib"
    path.write_text("No entries here.")
    with pytest.raises(CommandError, match="holds no BibTeX entries"):
        call_command("import_sources", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_sources", str(tmp_path / "missing.bib"), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("Okafor, Chidi", "Chidi Okafor"),
        ("van der Berg, Pieter", "Pieter van der Berg"),
        ("Martin Luther King, Jr.", "Martin Luther King, Jr."),
        ("Reuters", "Reuters"),
    ],
)
def test_names_written_family_first_are_stored_given_name_first(name, stored):
    assert given_first(name) == stored


def test_without_its_checks_a_clashing_source_is_refused_by_the_table_itself():
    SourceFactory(doi="10.5555/x.1")
    with pytest.raises(IntegrityError):
        source_create(found=FoundSource(title="Other", doi="10.5555/x.1"), check_constraints=False)
    with pytest.raises(ValidationError, match="A source with this DOI is stored already"):
        source_create(found=FoundSource(title="Other", doi="10.5555/x.1"))
