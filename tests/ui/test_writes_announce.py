"""Each write tells the pages what it changed, once, and a write that fails tells them nothing.

Every write goes through `fieldvisit/ui/operations.py` (tests/rules/test_one_way_to_write.py);
these tests follow writes made from the app to the `changed` signal the pages reload on.
"""

from __future__ import annotations

import pytest

from fieldvisit.changes import DEBRIEF_SAVED, RULES_SAVED, Changes
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.operations import write_now


def _heard(app_ctx: AppContext) -> list[Changes]:
    heard: list[Changes] = []
    app_ctx.changed.connect(heard.append)
    return heard


def test_writes_in_one_pass_reach_the_pages_as_one_change_and_a_failed_one_as_none(
    qtbot, app_ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    heard = _heard(app_ctx)

    def refused() -> None:
        raise FieldVisitError("Settings not saved: the workspace refused it")

    with pytest.raises(FieldVisitError):
        write_now(app_ctx, refused, changes=RULES_SAVED)
    assert write_now(app_ctx, lambda: 7, changes=DEBRIEF_SAVED) == 7
    write_now(app_ctx, lambda: [], changes=lambda left: RULES_SAVED if left else Changes())
    qtbot.waitUntil(lambda: not app_ctx.announcing, timeout=5_000)
    assert heard == [DEBRIEF_SAVED]
