"""What a travel copy does not push is not changed in it: settings, snoozes and dismissals are
refused offline with one line saying where to make them, so the next pull never drops a change
silently (sync carries visits, debriefs and next steps). Against the real PostgreSQL team."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.store.opening import open_workspace
from fieldvisit.ui.context import AppContext
from tests.planning.builders import AS_OF
from tests.travel.team_rows import Team, copy_of, sync, team_rows, write_debrief

UNTIL = (AS_OF + timedelta(days=20)).isoformat()


def _refused(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    capsys.readouterr()
    assert main(args) != 0
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1, said
    return said


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with open_workspace(path) as ws, ws.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_snoozes_and_dismissals_are_refused_in_a_copy_and_nothing_is_kept_to_be_lost(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    db = ["--db", str(out)]
    said = _refused(
        capsys, [*db, "snooze", "--deal", "D-Acme", "--until", UNTIL, "--reason", "Budget"]
    )
    assert "Snoozes are set and ended in the team workspace, not in a travel copy" in said
    said = _refused(capsys, [*db, "dismiss", "--deal", "D-Acme", "--reason", "Not now"])
    assert "Suggestions are dismissed and brought back in the team workspace" in said
    assert _rows(out, "SELECT id FROM snooze") == []
    assert _rows(out, "SELECT id FROM suggestion_outcome WHERE outcome = 'dismissed'") == []
    # A snooze set in the team meanwhile is not ended from the copy either.
    assert main(["--db", team.url, "snooze", "--deal", "D-Acme", "--until", UNTIL,
                 "--reason", "Team waits"]) == 0  # fmt: skip
    assert sync(out) == 0
    assert [r[0] for r in _rows(out, "SELECT reason FROM snooze")] == ["Team waits"]
    said = _refused(capsys, [*db, "unsnooze", "--deal", "D-Acme"])
    assert "nothing was saved" in said
    assert team_rows(team, "SELECT reason FROM snooze") == [("Team waits",)]


def test_setting_commands_refuse_in_a_copy_and_sync_still_pushes_debriefs(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    db = ["--db", str(out)]
    before = _rows(out, "SELECT key, value FROM setting WHERE key NOT LIKE 'travel.%' ORDER BY 1")
    capsys.readouterr()
    assert main([*db, "pipeline", "--json"]) == 0  # reading them is fine
    stages = json.loads(capsys.readouterr().out)
    for args in (
        ["currency", "--set", "EUR"],
        ["pipeline", "--set", ";".join(["Pilot", *stages])],
        ["target", "--exec", team.ana, "3"],
    ):
        said = _refused(capsys, [*db, *args])
        assert said == (
            "fieldvisit: Settings are changed in the team workspace, not in a travel copy; "
            "nothing was saved (the team's settings arrive here with the next sync)."
        )
    after = _rows(out, "SELECT key, value FROM setting WHERE key NOT LIKE 'travel.%' ORDER BY 1")
    assert after == before
    write_debrief(out, "V-Acme-1", "Pilot in July")  # what a copy is for still works
    assert sync(out) == 0
    assert "Pushed 1 change" in capsys.readouterr().out


@pytest.fixture
def copy_ctx(qapp: QApplication, team: Team, tmp_path: Path) -> Iterator[AppContext]:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    ctx = AppContext(open_workspace(out), AS_OF)
    yield ctx
    ctx.tasks.shutdown()
    ctx.workspace.close()


def test_the_settings_page_of_a_copy_says_they_are_changed_in_the_team_workspace(
    qtbot, copy_ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.settings import load_rules
    from fieldvisit.ui.pages.settings import SettingsPage

    page = SettingsPage(copy_ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: not page.stale)
    assert page.status.text().startswith("Settings are changed in the team workspace")
    assert not page.save_button.isEnabled()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.controls["idle_days"].setValue(35)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.status.text().startswith("Not saved. Settings are changed in the team workspace")
    with copy_ctx.workspace.connect() as conn:
        assert load_rules(conn).idle_days != 35
