"""convert_notes: a pasted essay's notes list into Footnotes and Sources, through the command."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from essays.models import Essay, Footnote, Source
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"


def convert(slug, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("convert_notes", slug, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def pasted():
    text = (DATA / "pasted_essay.txt").read_text(encoding="utf-8")
    return EssayFactory(slug="ledger", body=text, status=Essay.Status.DRAFT, note_style="symbols")


def snapshot(essay):
    essay.refresh_from_db()
    footnotes = list(essay.footnotes.values_list("label", "source_id", "pinpoint", "commentary"))
    sources = list(Source.objects.values_list("pk", "title", "updated_at"))
    return essay.body, essay.notes_html, essay.updated_at, footnotes, sources


def test_conversion_creates_sources_and_footnotes_and_resolves_ibid(pasted):
    out, _ = convert("ledger")
    pasted.refresh_from_db()

    assert "14 footnotes created, 8 new sources, 0 existing sources reused, 3 Ibid. resolved" in out
    assert "[1]" not in pasted.body and "[^1]" in pasted.body
    assert "Notes" not in pasted.body.splitlines()
    assert pasted.note_style == "arabic"  # as pasted
    notes = {f.label: f for f in pasted.footnotes.select_related("source")}
    assert list(notes) == [str(n) for n in range(1, 15)]
    assert Source.objects.count() == 8

    marsh = notes["2"].source
    assert (marsh.kind, marsh.authors, marsh.publisher) == (
        "book",
        "Lena Marsh",
        "Northgate University Press",
    )
    assert (marsh.published_on.year, marsh.date_precision) == (2011, "year")
    assert notes["3"].source == notes["4"].source == notes["10"].source == marsh  # Ibid., short
    assert (notes["3"].pinpoint, notes["4"].pinpoint) == ("47", "47")
    assert notes["6"].source == notes["5"].source
    reuters = notes["1"].source
    assert (reuters.authors, reuters.container, reuters.url) == ("Reuters", "Harbour Gazette", "")
    assert reuters.published_on == datetime.date(2019, 10, 26)
    assert notes["13"].source.authors.splitlines() == [
        "Jonas Weber",
        "Lena Marsh",
        "Tomas Ferreira",
    ]
    assert notes["14"].source.accessed_on == datetime.date(2024, 3, 3)
    assert notes["8"].source is None and notes["8"].commentary.startswith("The commission's")
    assert notes["9"].commentary == "The headline figure was corrected two days later."

    texts = pasted.notes_html
    assert "Ibid." not in texts  # resolved to its source, then set out as a shortened note
    assert texts.count("Marsh, <i>Rivers of Contention</i>, ") == 3
    assert 'id="note-7"' in texts and pasted.body_html.count('href="#note-7"') == 2


def test_what_could_not_be_parsed_is_kept_as_commentary_and_reported(pasted):
    _, err = convert("ledger")
    note = Footnote.objects.get(essay=pasted, label="11")
    assert note.source is None
    assert note.commentary == "Harbour Gazette 26/10/2019 p4 (wire copy, reprinted without byline)"
    assert "note [11] could not be read and was kept as commentary" in err
    assert "Harbour Gazette 26/10/2019 p4" in err


def test_running_the_conversion_twice_changes_nothing_the_second_time(pasted):
    convert("ledger")
    before = snapshot(pasted)
    out, err = convert("ledger")
    assert "nothing changed" in out and err == ""
    assert snapshot(pasted) == before


def test_existing_sources_are_reused_by_url_or_by_title_and_publication(pasted):
    by_url = SourceFactory(
        title="A different title", url="https://example.com/ledger/pricing-the-last-drop"
    )
    by_title = SourceFactory(
        title="UPSTREAM DAM CUTS MERAN FLOW BY A THIRD, FARMERS SAY",
        container="harbour gazette",
        url="",
    )
    out, _ = convert("ledger")
    assert "6 new sources, 2 existing sources reused" in out
    assert Footnote.objects.get(essay=pasted, label="12").source == by_url
    assert Footnote.objects.get(essay=pasted, label="1").source == by_title
    by_title.refresh_from_db()
    assert by_title.title.isupper()  # reused as it was, not overwritten


def test_the_same_page_under_another_spelling_of_its_url_is_reused(pasted):
    """One rule for "the same work" (Source.objects.matching): www., tracking and a
    trailing slash do not make a second source."""
    stored = SourceFactory(
        title="A different title",
        url="https://www.example.com/ledger/pricing-the-last-drop/?utm_source=newsletter",
    )
    out, _ = convert("ledger")
    assert "7 new sources, 1 existing sources reused" in out
    assert Footnote.objects.get(essay=pasted, label="12").source == stored


def test_a_second_essay_citing_the_same_works_reuses_their_sources(pasted):
    convert("ledger")
    text = (DATA / "pasted_essay.txt").read_text(encoding="utf-8")
    EssayFactory(slug="again", body=text, status=Essay.Status.DRAFT)
    out, _ = convert("again")
    assert "0 new sources, 8 existing sources reused" in out
    assert Source.objects.count() == 8


def test_roman_numerals_and_a_marker_without_a_note(db):
    text = (DATA / "pasted_essay_roman.txt").read_text(encoding="utf-8")
    essay = EssayFactory(slug="breakwater", body=text, status=Essay.Status.DRAFT)
    _, err = convert("breakwater")
    essay.refresh_from_db()
    assert essay.note_style == "lower-roman"
    assert "the body cites [^7] but no pasted note has that number" in err
    assert "no marker in the body uses [^6]" in err
    assert 'id="note-5"' in essay.notes_html and "[^7]" in essay.body_html


def test_a_published_essay_is_not_left_citing_missing_notes(db):
    text = (DATA / "pasted_essay_roman.txt").read_text(encoding="utf-8")
    essay = EssayFactory(slug="breakwater", body=text)
    with pytest.raises(CommandError, match=r"cites \[7\].*published"):
        convert("breakwater")
    essay.refresh_from_db()
    assert essay.body == text and not essay.footnotes.exists() and not Source.objects.exists()


def test_existing_footnotes_with_the_same_labels_are_not_overwritten(pasted):
    FootnoteFactory(essay=pasted, label="3", source=None, commentary="Mine.")
    with pytest.raises(CommandError, match="already has footnotes labelled 3"):
        convert("ledger")
    assert pasted.footnotes.get().commentary == "Mine."


def test_dry_run_reports_and_changes_nothing(pasted):
    before = snapshot(pasted)
    out, _ = convert("ledger", "--dry-run")
    assert out.startswith("Dry run, nothing saved. ledger: 14 footnotes created")
    assert snapshot(pasted) == before
    assert not Source.objects.exists()


def test_an_unknown_slug_is_an_error():
    with pytest.raises(CommandError, match="No essay has the slug 'nope'"):
        convert("nope")
