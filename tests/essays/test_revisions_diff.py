"""What changed between two snapshots: pure functions, tested without a database."""

from essays.revision_diff import (
    Segment,
    body_diff,
    compare,
    item_changes,
    metadata_changes,
    shorten_unchanged,
    summarise,
)


def snapshot(body="", notes=(), **metadata):
    return {"body": body, "notes": list(notes), "metadata": metadata, "corrections": []}


def test_the_body_is_compared_word_by_word_and_joins_back_exactly():
    old, new = "One two  three.\n\nFour five.", "One 2  three.\n\nFour five six."

    segments = body_diff(old, new)

    assert [s for s in segments if s.kind != "equal"] == [
        Segment("delete", "two"), Segment("insert", "2"),
        Segment("delete", "five."), Segment("insert", "five six."),
    ]  # fmt: skip
    assert "".join(s.text for s in segments if s.kind != "delete") == new
    assert "".join(s.text for s in segments if s.kind != "insert") == old


def test_long_unchanged_stretches_keep_only_the_words_beside_a_change():
    words = " ".join(f"w{n}" for n in range(500))

    shortened = shorten_unchanged(body_diff(f"{words} old end", f"{words} new end"), context=5)

    assert shortened[0] == Segment("skipped", "495 unchanged words")
    assert shortened[1].text.split() == ["w495", "w496", "w497", "w498", "w499"]
    assert Segment("insert", "new") in shortened


def test_notes_are_compared_by_label_field_by_field():
    old = [{"label": "a", "source": "Gauge", "pinpoint": "4", "commentary": ""},
           {"label": "b", "source": "", "pinpoint": "", "commentary": "Gone."}]  # fmt: skip
    new = [{"label": "a", "source": "Gauge", "pinpoint": "5", "commentary": ""},
           {"label": "c", "source": "Treaty", "pinpoint": "", "commentary": ""}]  # fmt: skip

    changes = item_changes(old, new, key="label", labels={"source": "Source", "pinpoint": "Page"})

    assert [(c.key, c.kind) for c in changes] == [
        ("a", "changed"),
        ("c", "added"),
        ("b", "removed"),
    ]
    assert [(f.name, f.old, f.new) for f in changes[0].fields] == [("Page", "4", "5")]


def test_metadata_lists_are_compared_by_their_names_and_dates_readably():
    old = {"authors": [{"id": 1, "name": "Ana"}], "publish_at": "2026-01-02T08:00:00+00:00"}
    new = {"authors": [{"id": 1, "name": "Ana"}, {"id": 2, "name": "Ben"}],
           "publish_at": "2026-01-02T09:30:00+00:00"}  # fmt: skip

    changes = {c.name: (c.old, c.new) for c in metadata_changes(old, new)}

    assert changes["Authors"] == ("Ana", "Ana, Ben")
    assert changes["Publish at"] == ("2026-01-02 08:00 UTC", "2026-01-02 09:30 UTC")


def test_the_summary_says_what_changed_in_a_line():
    old = snapshot("A claim.", title="Rivers", status="draft")
    new = snapshot("A bigger claim.[^a]", [{"label": "a", "source": "Gauge"}], title="Dams",
                   status="draft")  # fmt: skip

    assert summarise(None, new) == "First revision."
    assert summarise(old, new) == "Body +2 −1 words; notes [^a] added; title."
    assert summarise(new, new) == "No change in the text."
    assert not compare(new, new).changed


def test_only_changed_paragraphs_are_compared_word_by_word_and_a_rewrite_is_shown_whole():
    unchanged = "\n\n".join(f"Paragraph {n} stays as it was." for n in range(200))
    rewrite_old = " ".join(f"old{n}" for n in range(3000))
    rewrite_new = " ".join(f"new{n}" for n in range(3000))

    small = body_diff(f"{unchanged}\n\nA wide river.", f"{unchanged}\n\nA narrow river.")
    large = body_diff(f"{unchanged}\n\n{rewrite_old}", f"{unchanged}\n\n{rewrite_new}")

    assert [s for s in small if s.kind != "equal"] == [
        Segment("delete", "wide"), Segment("insert", "narrow")
    ]  # fmt: skip
    assert large[1:] == [Segment("delete", rewrite_old), Segment("insert", rewrite_new)]
