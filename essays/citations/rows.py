"""Which footnote rows an essay body needs: one per marker, in the order of first appearance."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    """A stored footnote as the plan sees it: its label, and whether anything was entered."""

    label: str
    has_content: bool


@dataclass
class RowPlan:
    create: list[str] = field(default_factory=list)  # cited, with no row yet
    remove: list[str] = field(default_factory=list)  # empty, and no longer cited
    orphaned: list[str] = field(default_factory=list)  # not cited, but kept: something entered
    positions: dict[str, int] = field(default_factory=dict)  # label -> position, from 1

    @property
    def changes_rows(self) -> bool:
        return bool(self.create or self.remove)


def plan_rows(cited: list[str], rows: list[Row]) -> RowPlan:
    """The rows to create and remove so that each label in `cited` has one, and their order.

    Cited labels come first, by first appearance; rows kept without a marker follow in their
    present order. A row with a source or commentary is never planned for removal.
    """
    order = list(dict.fromkeys(cited))
    existing = {row.label for row in rows}
    plan = RowPlan(create=[label for label in order if label not in existing])
    for row in rows:
        if row.label in order:
            continue
        if row.has_content:
            plan.orphaned.append(row.label)
        else:
            plan.remove.append(row.label)
    plan.positions = {label: n for n, label in enumerate(order + plan.orphaned, start=1)}
    return plan
