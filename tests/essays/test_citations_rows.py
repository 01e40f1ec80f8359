"""plan_rows: the footnote rows a body needs, without a database."""

from essays.citations.rows import Row, plan_rows


def test_each_new_marker_gets_a_row_once_in_order_of_first_appearance():
    plan = plan_rows(["b", "a", "b", "c"], [Row("a", True)])
    assert plan.create == ["b", "c"]
    assert plan.positions == {"b": 1, "a": 2, "c": 3}
    assert plan.changes_rows


def test_an_empty_row_whose_marker_is_gone_is_removed():
    plan = plan_rows(["a"], [Row("a", True), Row("gone", False)])
    assert plan.remove == ["gone"] and plan.orphaned == []
    assert plan.positions == {"a": 1}


def test_a_row_with_something_entered_is_kept_after_the_cited_ones():
    plan = plan_rows(["b"], [Row("kept", True), Row("b", False), Row("also", True)])
    assert plan.remove == [] and plan.orphaned == ["kept", "also"]
    assert plan.positions == {"b": 1, "kept": 2, "also": 3}


def test_reordering_the_body_only_renumbers():
    rows = [Row("first", True), Row("second", True)]
    plan = plan_rows(["second", "first"], rows)
    assert not plan.changes_rows
    assert plan.positions == {"second": 1, "first": 2}


def test_a_body_without_markers_and_no_rows_needs_nothing():
    plan = plan_rows([], [])
    assert (plan.create, plan.remove, plan.orphaned, plan.positions) == ([], [], [], {})
