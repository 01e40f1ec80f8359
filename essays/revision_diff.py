"""What changed between two revisions of an essay: pure functions over their stored snapshots.

A snapshot is the JSON essays.services.revisions.essay_snapshot builds: the body, the notes
(label, source, pinpoint, commentary), the metadata and the corrections. The body is compared
word by word with difflib; notes, metadata and corrections field by field.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

# Spaces are tokens of their own, so the text joins back exactly as it was written.
_TOKEN = re.compile(r"\S+|\s+")
# Paragraphs end after a blank line; split there, each keeps its own line breaks.
_PARAGRAPH_END = re.compile(r"(?<=\n\n)")
# Word pairs difflib may weigh within one changed stretch (its time grows with their product).
_WORD_DIFF_LIMIT = 4_000_000
# An unchanged stretch longer than this is shortened to its ends, with the count between.
_CONTEXT_WORDS = 40

METADATA_LABELS = {
    "title": "Title",
    "slug": "Address (slug)",
    "dek": "Standfirst",
    "status": "Status",
    "publish_at": "Publish at",
    "authors": "Authors",
    "topics": "Topics",
    "hero_media": "Hero image from the library",
    "hero_image": "Hero image (uploaded)",
    "hero_alt": "Hero alt text",
    "hero_caption": "Hero caption",
    "hero_credit": "Hero credit",
    "note_style": "Footnote numbering",
    "citation_style": "Repeated citations",
    "comments_mode": "Comments",
    "comments_close_after_days": "Close comments after (days)",
}
NOTE_LABELS = {"source": "Source", "pinpoint": "Page or section", "commentary": "Comment"}
CORRECTION_LABELS = {"date": "Date", "text": "Text"}


@dataclass(frozen=True)
class Segment:
    kind: str  # "equal", "insert", "delete", or "skipped" (unchanged words left out)
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    """A note (by label) or a correction (by date) that was added, removed or changed."""

    key: str
    kind: str  # "added", "removed", "changed"
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class RevisionDiff:
    body: list[Segment]
    words_added: int
    words_removed: int
    metadata: list[FieldChange]
    notes: list[ItemChange]
    corrections: list[ItemChange]

    @property
    def changed(self) -> bool:
        return bool(self.words_added or self.words_removed or self.metadata or self.notes) or bool(
            self.corrections
        )


def compare(old: dict, new: dict) -> RevisionDiff:
    """Everything that differs from snapshot `old` to snapshot `new`."""
    segments = body_diff(old.get("body", ""), new.get("body", ""))
    return RevisionDiff(
        body=shorten_unchanged(segments),
        words_added=_count_words(segments, "insert"),
        words_removed=_count_words(segments, "delete"),
        metadata=metadata_changes(old.get("metadata", {}), new.get("metadata", {})),
        notes=item_changes(
            old.get("notes", []), new.get("notes", []), key="label", labels=NOTE_LABELS
        ),
        corrections=item_changes(
            old.get("corrections", []), new.get("corrections", []), key="id",
            labels=CORRECTION_LABELS, name="date",
        ),
    )  # fmt: skip


def body_diff(old: str, new: str) -> list[Segment]:
    """The body word by word: equal runs, and what was deleted and inserted between them.

    Paragraphs are matched first and only those that changed are compared word by word, so
    the cost follows the size of the change rather than of the essay.
    """
    old_blocks, new_blocks = _PARAGRAPH_END.split(old), _PARAGRAPH_END.split(new)
    matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_blocks[i1:i2]), "".join(new_blocks[j1:j2])
        if op == "equal":
            segments.append(Segment("equal", before))
        elif op == "replace":
            segments += _word_diff(before, after)
        else:
            segments.append(Segment("delete" if before else "insert", before or after))
    return _merged(segments)


def _word_diff(old: str, new: str) -> list[Segment]:
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(old_tokens) * len(new_tokens) > _WORD_DIFF_LIMIT:
        # A rewrite this large reads best as what was there and what is there now.
        return [Segment("delete", old), Segment("insert", new)]
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(new_tokens[j1:j2])))
    return segments


def _merged(segments: list[Segment]) -> list[Segment]:
    """Neighbours of one kind as one segment (paragraphs compared apart end side by side)."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def shorten_unchanged(segments: list[Segment], context: int = _CONTEXT_WORDS) -> list[Segment]:
    """Long unchanged stretches cut to the words beside a change, so the changes stand out."""
    shortened = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        tokens = _TOKEN.findall(segment.text)
        words = sum(1 for token in tokens if not token.isspace())
        if segment.kind != "equal" or words <= 2 * context:
            shortened.append(segment)
            continue
        head = _first_words(tokens, context) if index > 0 else []
        tail = _first_words(tokens[::-1], context)[::-1] if index < last else []
        skipped = words - _words_in(head) - _words_in(tail)
        if head:
            shortened.append(Segment("equal", "".join(head)))
        shortened.append(Segment("skipped", f"{skipped:,} unchanged words"))
        if tail:
            shortened.append(Segment("equal", "".join(tail)))
    return shortened


def metadata_changes(old: dict, new: dict) -> list[FieldChange]:
    old, new = _dated(old), _dated(new)
    return _fields(old, new, METADATA_LABELS)


def _dated(metadata: dict) -> dict:
    """`metadata` with publish_at (stored in ISO 8601, UTC) as an editor reads a time."""
    if not metadata.get("publish_at"):
        return metadata
    when = datetime.datetime.fromisoformat(metadata["publish_at"]).astimezone(datetime.UTC)
    return metadata | {"publish_at": f"{when:%Y-%m-%d %H:%M} UTC"}


def item_changes(
    old: list[dict], new: list[dict], *, key: str, labels: dict[str, str], name: str = ""
) -> list[ItemChange]:
    """Items matched on `key`, in the new order then the removed ones; shown by `name`."""
    before = {item[key]: item for item in old}
    after = {item[key]: item for item in new}
    changes = []
    for item_key, item in after.items():
        shown = str(item[name or key])
        if item_key not in before:
            changes.append(ItemChange(shown, "added", _fields({}, item, labels)))
        elif fields := _fields(before[item_key], item, labels):
            changes.append(ItemChange(shown, "changed", fields))
    for item_key, item in before.items():
        if item_key not in after:
            changes.append(ItemChange(str(item[name or key]), "removed", _fields(item, {}, labels)))
    return changes


def summarise(old: dict | None, new: dict) -> str:
    """A line for the history list: what this revision changed from the one before."""
    if old is None:
        return "First revision."
    diff = compare(old, new)
    said = []
    if diff.words_added or diff.words_removed:
        said.append(f"body +{diff.words_added} −{diff.words_removed} words")
    if diff.notes:
        said.append(f"notes {', '.join(f'[^{c.key}] {c.kind}' for c in diff.notes)}")
    if diff.metadata:
        said.append(", ".join(change.name.lower() for change in diff.metadata))
    if diff.corrections:
        said.append(f"corrections {', '.join(c.kind for c in diff.corrections)}")
    text = "; ".join(said)
    return _fit(f"{text[:1].upper()}{text[1:]}." if said else "No change in the text.")


def _fields(old: dict, new: dict, labels: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(label, _readable(old.get(name)), _readable(new.get(name)))
        for name, label in labels.items()
        if _readable(old.get(name)) != _readable(new.get(name))
    ]


def _readable(value) -> str:
    """A stored value as an editor reads it: lists of named things by their names."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(item["name"] if isinstance(item, dict) else str(item) for item in value)
    return str(value)


def _count_words(segments: list[Segment], kind: str) -> int:
    return sum(len(segment.text.split()) for segment in segments if segment.kind == kind)


def _first_words(tokens: list[str], count: int) -> list[str]:
    taken, words = [], 0
    for token in tokens:
        if not token.isspace():
            if words == count:
                break
            words += 1
        taken.append(token)
    return taken


def _words_in(tokens: list[str]) -> int:
    return sum(1 for token in tokens if not token.isspace())


def _fit(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
