"""Paragraph ids: stable under edits elsewhere, distinct for repeats, safe for any text."""

import json
import re
from pathlib import Path

import pytest

from essays.citations import NoteData
from essays.paragraphs import PARAGRAPH_ID_RE, find_blocks, paragraphs, with_paragraph_ids
from essays.rendering import markdown_to_safe_html, render_essay_body

DATA = Path(__file__).resolve().parent.parent / "data"
ESSAY = """The first paragraph sets out the question.

A second paragraph cites a source.[^a]

> A quotation, in two paragraphs.
>
> The second of them.

- an item
- another item
    - a nested item

| a | b |
|---|---|
| 1 | 2 |

```
code stays unnumbered
```

The last paragraph ends it."""


def ids(body: str, **options) -> list[str]:
    return [p.id for p in paragraphs(render_essay_body(body, **options).body_html)]


def test_each_commentable_block_gets_one_id():
    html = render_essay_body(ESSAY).body_html
    found = paragraphs(html)
    assert [p.text for p in found] == [
        "The first paragraph sets out the question.",
        "A second paragraph cites a source.",
        "A quotation, in two paragraphs. The second of them.",
        "an item",
        "another item a nested item",
        "The last paragraph ends it.",
    ]
    assert all(PARAGRAPH_ID_RE.fullmatch(p.id) for p in found)
    assert len(set(re.findall(r'id="(p-[^"]+)"', html))) == 6  # nested blocks, tables, code: none


def test_editing_one_paragraph_leaves_the_others_ids():
    before = ids(ESSAY)
    after = ids(ESSAY.replace("sets out the question", "asks something else"))
    assert after[0] != before[0]
    assert after[1:] == before[1:]


def test_inserting_and_removing_paragraphs_moves_no_other_id():
    before = ids(ESSAY)
    inserted = ids(
        "A new opening paragraph.\n\n" + ESSAY.replace("The last paragraph ends it.", "")
    )
    assert inserted[1:] == before[:-1]


def test_notes_renumbered_or_reworded_leave_ids_alone():
    notes = [NoteData("a", None, "", "A note.")]
    plain = ids(ESSAY, notes=notes)
    with_earlier_note = ids(
        ESSAY.replace("the question.", "the question.[^b]"),
        notes=[NoteData("b", None, "", "Earlier."), NoteData("a", None, "", "Reworded note.")],
    )
    assert with_earlier_note == plain
    assert ids(ESSAY, notes=notes, note_style="arabic") == plain


def test_repeated_paragraphs_are_numbered_in_order():
    found = ids("Same words.\n\nOther words.\n\nSame words.\n\nSame words.")
    assert found[2] == found[0] + "-2" and found[3] == found[0] + "-3"
    assert len(set(found)) == 4


def test_ids_are_applied_again_without_change():
    html = render_essay_body(ESSAY).body_html
    assert with_paragraph_ids(html) == html


def test_an_old_id_on_a_block_is_replaced_not_doubled():
    html = with_paragraph_ids('<p id="p-00000000" class="x">Words.</p>')
    assert html.count("id=") == 1 and 'class="x"' in html and 'id="p-00000000"' not in html


def test_an_image_alone_gets_an_id_of_its_own():
    found = ids("![A](https://example.org/a.png)\n\n![B](https://example.org/b.png)")
    assert len(found) == 2 and found[0] != found[1]


def test_a_quoted_attribute_holding_angle_brackets_does_not_confuse_the_blocks():
    html = with_paragraph_ids('<p><abbr title="a>b <p> </p>">x</abbr> y</p><p>z</p>')
    assert [b.tag for b in find_blocks(html)] == ["p", "p"]
    assert [p.text for p in paragraphs(html)] == ["x y", "z"]


def hostile_texts():
    vectors = [entry["vector"] for entry in json.loads((DATA / "xss_core.json").read_text())]
    unicode = [
        entry["value"] for entry in json.loads((DATA / "unicode_edge_cases.json").read_text())
    ]
    return vectors[::7] + unicode[::5]


@pytest.mark.parametrize("text", hostile_texts())
def test_hostile_text_gets_a_plain_id_and_keeps_its_html(text):
    body = f"Before.\n\n{text}\n\nAfter."
    html = render_essay_body(body).body_html
    assert ids(body)[0] == ids("Before.")[0]
    assert all(PARAGRAPH_ID_RE.fullmatch(p.id) for p in paragraphs(html))
    # The ids are the only change to what the sanitiser returned.
    assert re.sub(r' id="p-[0-9a-f-]+"', "", html) == markdown_to_safe_html(body)
