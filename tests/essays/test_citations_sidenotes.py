"""Sidenotes: each marker is followed by its note, hidden until CSS shows it in the margin."""

import datetime
import re

from essays.citations import NoteData, SourceData, render_notes, without_sidenotes

SOURCE = SourceData(
    kind="web",
    authors=["Basin Portal"],
    title="Flow Data",
    date=datetime.date(2020, 1, 1),
    url="https://example.org/flow",
    key="flow",
)


def test_every_marker_is_followed_by_its_numbered_note_including_a_repeat():
    notes = [NoteData("a", SOURCE, "4"), NoteData("b", commentary="An aside.")]
    result = render_notes("<p>One[^a] two[^b] three[^a].</p>", notes, style="lower-roman")
    body = result.body_html
    assert body.count('class="sidenote"') == 3
    first, second, third = re.findall(
        r'</sup><span class="sidenote" hidden aria-hidden="true">'
        r'<span class="sidenote__number">(\w+)</span> (.*?)</span>[ .]',
        body,
    )
    assert first == third  # the note cited twice is beside both markers, with its number
    assert first[0] == "i" and first[1].startswith("Basin Portal, “Flow Data,”")
    assert second == ("ii", "An aside.")


def test_sidenote_text_matches_the_list_and_its_links_stay_out_of_the_tab_order():
    result = render_notes("<p>x[^a]</p>", [NoteData("a", SOURCE)], style="arabic")
    listed = re.search(r'<span class="note-text">(.*?)</span>', result.notes_html).group(1)
    sidenote = re.search(r'sidenote__number">1</span> (.*)</span></p>', result.body_html).group(1)
    assert sidenote == listed.replace("<a href=", '<a tabindex="-1" href=')
    assert '<a tabindex="-1" href="https://example.org/flow">' in sidenote


def test_a_body_holding_every_private_use_character_still_renders_without_sidenotes():
    body = "<p>" + "".join(map(chr, range(0xE000, 0xF900))) + "[^a]</p>"
    result = render_notes(body, [NoteData("a", SOURCE)], style="arabic")
    assert 'role="doc-noteref"' in result.body_html
    assert "sidenote" not in result.body_html
    assert 'class="note-text"' in result.notes_html


def test_without_sidenotes_leaves_the_body_as_it_was_before_them():
    notes = [NoteData("a", SOURCE, "4"), NoteData("b", commentary="An <i>aside</i>.")]
    body = "<p>One[^a] <em>two</em>[^b] three[^a].</p>"
    plain = render_notes(body, notes, style="arabic").body_html
    stripped = without_sidenotes(plain)
    assert "sidenote" not in stripped
    assert re.sub(r"<sup.*?</sup>", "", stripped) == "<p>One <em>two</em> three.</p>"
