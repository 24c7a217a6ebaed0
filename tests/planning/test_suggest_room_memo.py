"""The window search remembers its answers: the suggestions are the same as searching afresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fieldvisit.planning import suggest_visits
from fieldvisit.planning.people import Executive, Site
from fieldvisit.planning.window import Options, WindowPlanner
from fieldvisit.settings import load_rules
from fieldvisit.store import open_workspace
from tests.ui.demo_files import AS_OF as DEMO_AS_OF
from tests.ui.demo_files import small_demo_copy


def _board(path: Path) -> list[tuple[object, ...]]:
    ws = open_workspace(path, migrate=False)
    try:
        with ws.connect() as conn:
            found = suggest_visits(conn, DEMO_AS_OF, load_rules(conn))
    finally:
        ws.close()
    return [
        (
            s.deal.deal_pk,
            s.executive,
            s.alternatives,
            s.window_start,
            s.window_end,
            s.window_reason,
        )
        for s in found
    ]


def test_remembered_room_gives_the_same_suggestions_as_a_fresh_search(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "small.fieldvisit")
    remembered = _board(demo)
    searches: list[int] = []

    def afresh(
        self: WindowPlanner, e: Executive, site: Site, until: date, since: date = date.min
    ) -> Options:
        searches.append(e.pk)
        return self._options(e, site, until, since)

    monkeypatch.setattr(WindowPlanner, "options", afresh)
    fresh = _board(demo)
    assert len(remembered) > 20
    assert searches  # the fresh run did search every time
    assert any("full" in row[5] or "target" in row[5] for row in fresh)  # some best are full
    assert remembered == fresh
