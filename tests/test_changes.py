"""What an action changed, as a value: merging, and which pages it touches."""

from __future__ import annotations

from fieldvisit.changes import ANOTHER_WORKSPACE, IMPORTED, NOTHING, SNOOZED, Changes, Kind


def test_changes_merge_into_one_set_of_kinds() -> None:
    merged = Changes.of(Kind.VISITS) | SNOOZED | Changes.of(Kind.VISITS)
    assert merged == Changes.of(Kind.VISITS, Kind.SNOOZES)
    assert str(merged) == "snoozes, visits"
    assert not NOTHING and str(NOTHING) == "nothing"


def test_a_page_is_touched_by_what_it_shows_and_by_another_workspace() -> None:
    deals_page = {Kind.DEALS, Kind.SNOOZES, Kind.VISITS, Kind.RULES}
    assert SNOOZED.touches(deals_page)
    assert not Changes.of(Kind.DEBRIEFS).touches(deals_page)
    assert ANOTHER_WORKSPACE.touches(deals_page)  # every kind changes with the file
    assert IMPORTED.touches({Kind.DEALS}) and Kind.WORKSPACE not in IMPORTED
