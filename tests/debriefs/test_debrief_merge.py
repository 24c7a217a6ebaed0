"""Merging two people's versions of one debrief: what merges by itself, what they must pick."""

from __future__ import annotations

from fieldvisit.debriefs.data import DebriefData, NextStepItem
from fieldvisit.debriefs.debrief_changes import changed_fields, merge_debriefs


def _d(**values: object) -> DebriefData:
    return DebriefData(visit_id=1, **values)  # type: ignore[arg-type]


def test_a_field_only_one_changed_takes_that_side_and_both_changed_is_disputed() -> None:
    base = _d(summary="Good", learned="Budget tight", challenges="")
    theirs = _d(summary="Good", learned="Budget moved to Q3", challenges="Three quotes")
    mine = _d(summary="Great", learned="Legal blocks", challenges="")
    merge = merge_debriefs(base, theirs, mine)
    assert merge.disputed == ("learned",)
    assert merge.taken == ("challenges",)
    assert merge.merged.summary == "Great"  # only mine changed it
    assert merge.merged.challenges == "Three quotes"  # only theirs changed it
    assert merge.merged.learned == "Legal blocks"  # disputed: mine until the user picks


def test_next_steps_and_friction_from_both_are_kept_once() -> None:
    theirs = _d(
        next_steps=[NextStepItem("Send pricing"), NextStepItem("Call CFO")],
        friction_categories=["Legal"],
    )
    mine = _d(
        next_steps=[NextStepItem("Call CFO"), NextStepItem("Book demo")],
        friction_categories=["Pricing", "Legal"],
    )
    merged = merge_debriefs(None, theirs, mine).merged
    assert [s.text for s in merged.next_steps] == ["Send pricing", "Call CFO", "Book demo"]
    assert merged.friction_categories == ["Legal", "Pricing"]


def test_the_trail_names_the_parts_a_save_changes() -> None:
    before = _d(learned="a", next_steps=[NextStepItem("x")], sentiment="same")
    after = _d(learned="a", next_steps=[NextStepItem("y")], sentiment="better", budget="1M")
    assert changed_fields(before, after) == ["budget", "sentiment", "next_steps"]
    assert changed_fields(None, _d(summary="s")) == ["summary"]
