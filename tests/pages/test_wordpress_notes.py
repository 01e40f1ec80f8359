"""Every note syntax of a WordPress post becomes structured citations, with Ibid. resolved and
sources shared across the whole import."""

from pathlib import Path

import pytest

from essays.imports import wordpress_to_markdown
from essays.models import Essay, Source
from pages.wordpress import ImportOptions, import_wordpress

DATA = Path(__file__).resolve().parent.parent / "data" / "wordpress"


@pytest.fixture
def report(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return import_wordpress(DATA / "export.xml", options=ImportOptions(uploads=DATA / "uploads"))


def notes(slug: str) -> list[tuple[str, str, str, str]]:
    essay = Essay.objects.get(slug=slug)
    return [
        (note.label, note.source.title if note.source else "", note.pinpoint, note.commentary)
        for note in essay.footnotes.select_related("source").order_by("position")
    ]


def test_pasted_bracketed_notes_become_footnotes_with_ibid_resolved(report):
    assert notes("rivers-of-contention") == [
        ("1", "Rivers of Contention", "45", ""),
        ("2", "Nile Dam Talks Stall", "", ""),
        ("3", "Nile Dam Talks Stall", "52", ""),
        ("4", "", "", "The delegates never published minutes; this is from two interviews."),
    ]
    body = Essay.objects.get(slug="rivers-of-contention").body
    assert "century[^1]." in body and "Notes" not in body


def test_core_footnotes_from_post_meta_become_footnotes(report):
    assert notes("cities-that-drink-their-rain") == [
        ("1", "The Sponge City", "12", ""),
        ("2", "", "", "Some districts reported figures nobody could check."),
    ]
    essay = Essay.objects.get(slug="cities-that-drink-their-rain")
    assert "rain[^1], and **most** districts did[^2]." in essay.body
    assert 'href="#note-1"' in essay.body_html


def test_sup_links_to_an_ordered_list_become_footnotes(report):
    assert notes("aquifer-ledger") == [
        ("1", "Rivers of Contention", "88", ""),
        ("2", "Rivers of Contention", "90", ""),
    ]
    assert "↩" not in Essay.objects.get(slug="aquifer-ledger").body


def test_plugin_syntaxes_become_footnotes(report):
    assert notes("small-dams") == [
        ("1", "Nile Dam Talks Stall", "", ""),
        ("2", "", "", "A remark the author added later, citing no one."),
    ]


def test_a_source_cited_in_several_posts_is_stored_once(report):
    assert Source.objects.filter(title="Rivers of Contention").count() == 1
    assert Source.objects.get(title="Nile Dam Talks Stall").footnotes.count() == 3
    assert (report.sources_created, report.sources_reused) == (3, 2)


def test_efn_and_double_parentheses_in_one_paragraph_keep_their_order():
    markup = wordpress_to_markdown("<p>A((first)) b[efn_note]second[/efn_note] c((third)).</p>")
    assert markup.body == "A[1] b[2] c[3].\n\nNotes\n\n[1] first\n\n[2] second\n\n[3] third\n"


def test_a_sup_without_a_note_stays_superscript():
    assert wordpress_to_markdown("<p>E = mc<sup>2</sup></p>").body == "E = mc<sup>2</sup>\n"


def test_unreadable_core_footnote_meta_leaves_the_markers_alone():
    html = '<p>Text<sup data-fn="x" class="fn"><a href="#x">1</a></sup></p>'
    markup = wordpress_to_markdown(html, footnotes_meta="{not json")
    assert markup.structured_notes == 0


def test_scripts_and_frames_are_removed_and_named():
    html = "<p>Before</p><script>alert(1)</script><iframe src='https://x.test'></iframe>"
    markup = wordpress_to_markdown(html)
    assert "alert" not in markup.body and "iframe" not in markup.body
    assert sorted(markup.removed) == ["iframe", "script"]


def test_kept_html_is_sanitised():
    cell = '<td colspan="2" onclick="steal()"><a href="javascript:x">a</a></td>'
    html = f"<table><tr>{cell}</tr></table>"
    body = wordpress_to_markdown(html).body
    assert 'colspan="2"' in body
    assert "onclick" not in body and "javascript" not in body


def test_classic_posts_without_paragraph_tags_keep_their_paragraphs():
    markup = wordpress_to_markdown("First paragraph.\n\nSecond, with a\nline break.")
    assert markup.body.startswith("First paragraph.\n\nSecond, with a")


def test_captions_become_figures_and_unknown_shortcodes_are_named():
    html = '[caption id="a"]<img src="/a.png" alt="A"> A river[/caption]\n\n[gallery ids="1,2"]'
    markup = wordpress_to_markdown(html)
    assert "<figcaption>A river</figcaption>" in markup.body
    assert markup.shortcodes == ["gallery"]
