"""What an import did (or, in a dry run, would do), as one report for the command and the admin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)  # (kind, status) -> number
    created: Counter = field(default_factory=Counter)  # kind -> number created (not updated)
    notes_converted: int = 0  # notes that became footnotes citing a source
    notes_commentary: int = 0  # notes kept as commentary: no source could be read
    sources_created: int = 0
    sources_reused: int = 0
    images_missing: list[tuple[str, str]] = field(default_factory=list)  # (post id, address)
    images_copied: int = 0
    rethreaded: list[tuple[str, str]] = field(default_factory=list)  # (comment id, why)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (WordPress id, message)
    error: str = ""  # what stopped the import, naming the item

    def count(self, kind: str, status: str) -> None:
        self.counts[kind, status] += 1

    def warn(self, wordpress_id: str, message: str) -> None:
        self.warnings.append((wordpress_id, message))

    @property
    def ok(self) -> bool:
        return not self.error

    def lines(self) -> list[str]:
        heading = "Dry run: nothing was written." if self.dry_run else "Import finished."
        lines = [heading if self.ok else "Import stopped: " + self.error, ""]
        for kind in sorted({kind for kind, _ in self.counts}):
            parts = [f"{n} {status}" for (k, status), n in sorted(self.counts.items()) if k == kind]
            total = sum(n for (k, _), n in self.counts.items() if k == kind)
            lines.append(f"{kind}: {total} ({', '.join(parts)}); {self.created[kind]} new")
        lines += [
            f"notes converted to citations: {self.notes_converted}",
            f"notes kept as commentary: {self.notes_commentary}",
            f"sources: {self.sources_created} new, {self.sources_reused} reused",
            f"images copied: {self.images_copied}, missing: {len(self.images_missing)}",
            f"threads re-parented: {len(self.rethreaded)}",
            f"warnings: {len(self.warnings)}",
        ]
        lines += [f"  image missing (post {post}): {url}" for post, url in self.images_missing]
        lines += [f"  re-parented (comment {key}): {why}" for key, why in self.rethreaded]
        lines += [f"  warning ({key}): {message}" for key, message in self.warnings]
        return lines
