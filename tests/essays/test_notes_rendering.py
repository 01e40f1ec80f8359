"""Notes rendered at save: footnotes and sources in the database to stored HTML."""

import datetime
import re

import pytest

from essays.models import Essay, Footnote
from essays.rendering import render_essay_body, source_data
from essays.services import essay_render, source_update
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

NOTE_TEXT = re.compile(r'<span class="note-text">(.*?)</span>')
NOTE_NUMBER = re.compile(r'<span class="note-number">(.*?)</span>')
MARKER_NUMBER = re.compile(r'role="doc-noteref"[^>]*>(.*?)</a>')


def essay_with_notes(
    body, notes, *, note_style="arabic", citation_style="shortened", status=Essay.Status.PUBLISHED
):
    """An essay saved with `notes` ({label: Footnote fields}), rendered as the admin does."""
    essay = EssayFactory(
        body=body, note_style=note_style, citation_style=citation_style, status=status
    )
    for position, (label, fields) in enumerate(notes.items()):
        FootnoteFactory(essay=essay, label=label, position=position, **fields)
    essay.save()
    return essay


def test_notes_are_numbered_by_first_appearance_not_by_footnote_order():
    essay = essay_with_notes(
        "First claim.[^late] Second claim.[^early]",
        {"early": {"commentary": "Early."}, "late": {"commentary": "Late.", "source": None}},
    )
    assert MARKER_NUMBER.findall(essay.body_html) == ["1", "2"]
    assert NOTE_TEXT.findall(essay.notes_html)[0].startswith("Late.")
    assert essay.notes_html.index('id="note-late"') < essay.notes_html.index('id="note-early"')


def test_citing_a_label_again_reuses_its_number_and_links_back_to_both_places():
    source = SourceFactory()
    essay = essay_with_notes(
        "One.[^a] Two.[^b] One again.[^a]",
        {"a": {"source": source}, "b": {"source": None, "commentary": "An aside."}},
    )
    assert MARKER_NUMBER.findall(essay.body_html) == ["1", "2", "1"]
    assert NOTE_NUMBER.findall(essay.notes_html) == ["1", "2"]
    assert 'href="#ref-a-1"' in essay.notes_html and 'href="#ref-a-2"' in essay.notes_html


@pytest.mark.parametrize(
    ("style", "numbers"),
    [
        ("lower-roman", ["i", "ii", "iii", "iv"]),
        ("arabic", ["1", "2", "3", "4"]),
        ("symbols", ["*", "†", "‡", "§"]),
    ],
)
def test_each_numbering_style(style, numbers):
    essay = essay_with_notes(
        "A[^1] B[^2] C[^3] D[^4]",
        {str(n): {"source": None, "commentary": f"Note {n}."} for n in range(1, 5)},
        note_style=style,
    )
    assert MARKER_NUMBER.findall(essay.body_html) == numbers
    assert NOTE_NUMBER.findall(essay.notes_html) == numbers
    assert f"notes-list--{style}" in essay.notes_html


def test_ibid_on_a_saved_essay_and_where_it_must_not_appear():
    book = SourceFactory(
        kind="book", authors="Lena Marsh", title="Rivers of Contention", container="", url=""
    )
    news = SourceFactory(title="Dam Cuts Flow", container="Harbour Gazette")
    essay = essay_with_notes(
        "[^a] [^b] [^c] [^d] [^e] [^f]",
        {
            "a": {"source": book, "pinpoint": "45"},  # first note: never Ibid.
            "b": {"source": book, "pinpoint": "47"},  # same source, new page
            "c": {"source": book, "pinpoint": "47"},  # same source, same page
            "d": {"source": news},  # another source
            "e": {"source": book, "pinpoint": "50"},  # back to the book after another source
            "f": {"source": None, "commentary": "An aside."},
        },
        citation_style="ibid",
    )
    texts = NOTE_TEXT.findall(essay.notes_html)
    assert texts[0].startswith("Lena Marsh, <i>Rivers of Contention</i>")
    assert texts[1:3] == ["Ibid., 47.", "Ibid."]
    assert texts[3].startswith("Reuters, “Dam Cuts Flow,”")
    assert texts[4] == "Marsh, <i>Rivers of Contention</i>, 50."  # shortened after another
    assert texts[5] == "An aside."


def test_shortened_notes_on_a_saved_essay_and_switching_its_style():
    book = SourceFactory(
        kind="book", authors="Lena Marsh", title="Rivers of Contention: A Law", container=""
    )
    notes = {"a": {"source": book, "pinpoint": "45"}, "b": {"source": book, "pinpoint": "47-49"}}
    essay = essay_with_notes("[^a] [^b]", notes)
    assert NOTE_TEXT.findall(essay.notes_html)[1] == "Marsh, <i>Rivers of Contention</i>, 47–49."
    essay.citation_style = Essay.CitationStyle.IBID
    essay.save()
    assert NOTE_TEXT.findall(essay.notes_html)[1] == "Ibid., 47–49."


def test_a_broken_link_is_replaced_by_its_archived_copy_in_the_note():
    source = SourceFactory(
        url="https://dead.example/story", archived_url="https://archive.example/story"
    )
    source.link_broken = True
    source.save()
    essay = essay_with_notes("Claim.[^1]", {"1": {"source": source}})
    assert 'archived at <a href="https://archive.example/story">' in essay.notes_html
    assert "dead.example" not in essay.notes_html


def test_editing_a_source_re_renders_every_essay_citing_it_without_touching_updated_at():
    source = SourceFactory(title="Old title")
    citing = [essay_with_notes("Claim.[^1]", {"1": {"source": source}}) for _ in range(2)]
    other = essay_with_notes("Claim.[^1]", {"1": {"source": SourceFactory()}})
    before = {essay.pk: essay.updated_at for essay in citing}

    source.title = "New title"
    assert source_update(source=source) == 2

    for essay in citing:
        essay.refresh_from_db()
        assert "New title" in essay.notes_html
        assert essay.updated_at == before[essay.pk]
    other.refresh_from_db()
    assert "Old title" not in other.notes_html


def test_essay_render_stores_the_rendering_and_reports_what_did_not_match():
    essay = essay_with_notes("A[^a] B[^missing]", {"a": {}, "spare": {}})
    Essay.objects.filter(pk=essay.pk).update(notes_html="")
    rendered = essay_render(essay=essay)
    assert rendered.missing_labels == ("missing",)
    assert rendered.unused_labels == ("spare",)
    assert Essay.objects.get(pk=essay.pk).notes_html == essay.notes_html != ""


def test_has_sources_counts_only_notes_readers_see():
    commentary_only = essay_with_notes("A[^a]", {"a": {"source": None, "commentary": "Aside."}})
    unused_source = essay_with_notes("No markers.", {"a": {}})
    cited = essay_with_notes("A[^a]", {"a": {}})
    assert (commentary_only.has_sources, unused_source.has_sources) == (False, False)
    assert cited.has_sources is True


def test_a_malformed_marker_is_left_visible_and_reported():
    rendered = render_essay_body("A claim.[^ bad label] Another.[^ok]", notes=[])
    assert "[^ bad label]" in rendered.body_html
    assert "[^ok]" in rendered.body_html  # no note: shown as typed, and reported missing
    assert rendered.malformed_markers == ("[^ bad label]",)
    assert rendered.missing_labels == ("ok",)


def test_note_markup_is_added_after_sanitising_and_commentary_is_escaped():
    essay = essay_with_notes(
        "<script>alert(1)</script>Claim.[^1]",
        {"1": {"source": None, "commentary": "<img src=x onerror=alert(1)>"}},
    )
    page = essay.body_html + essay.notes_html
    assert "<script" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in essay.notes_html


def test_word_count_ignores_note_numbers():
    essay = essay_with_notes("Three small words.[^1]", {"1": {}})
    assert essay.word_count == 3


def test_source_data_splits_authors_and_recognises_organisations():
    source = SourceFactory.build(
        pk=7,
        authors="Jane Doe\n\n  {Médecins Sans Frontières}\nMeran Basin Office\nHarbour Gazette",
        container="Harbour Gazette",
        published_on=datetime.date(2019, 10, 1),
        date_precision="month",
        accessed_on=datetime.date(2024, 3, 3),
    )
    data = source_data(source)
    assert data.authors == [
        "Jane Doe",
        "Médecins Sans Frontières",
        "Meran Basin Office",
        "Harbour Gazette",
    ]
    assert data.is_organisation("Médecins Sans Frontières")  # braces
    assert data.is_organisation("Harbour Gazette")  # the publication itself
    assert data.is_organisation("Meran Basin Office")  # the name heuristic
    assert not data.is_organisation("Jane Doe")
    assert (data.key, data.date_precision, data.accessed) == ("7", "month", source.accessed_on)


def test_a_footnote_with_an_unusable_label_is_skipped_not_fatal():
    essay = EssayFactory(body="A[^ok]")
    FootnoteFactory(essay=essay, label="ok")
    Footnote.objects.create(essay=essay, label="not ok", commentary="Imported badly.")
    essay.save()
    assert 'id="note-ok"' in essay.notes_html
    assert "Imported badly" not in essay.notes_html


def test_new_essays_take_their_numbering_style_from_settings(settings):
    assert Essay().note_style == "lower-roman"
    settings.ESSAYS_DEFAULT_NOTE_STYLE = "symbols"
    assert Essay().note_style == "symbols"


def test_new_essays_take_their_citation_style_from_settings(settings):
    assert Essay().citation_style == "shortened"
    settings.ESSAYS_DEFAULT_CITATION_STYLE = "ibid"
    assert Essay().citation_style == "ibid"
