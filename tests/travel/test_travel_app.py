"""The travel copy in the app: File › Take offline… on a team workspace, and on the copy the
status bar's "1 change not pushed · Sync now", File › Pending changes… with a conflict's two
versions, settled with Keep mine — all by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldvisit.debriefs.data import DebriefData
from fieldvisit.debriefs.records import save_debrief
from fieldvisit.errors import Cancelled
from fieldvisit.store.opening import open_workspace
from fieldvisit.store.workspace import Workspace
from fieldvisit.travel.copy import take_travel_copy
from fieldvisit.travel.scope import Scope
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.pending_changes import PendingChangesDialog
from fieldvisit.ui.dialogs.take_offline import TakeOfflineDialog
from fieldvisit.ui.dialogs.travel_status import TravelStatus
from fieldvisit.ui.main_window import MainWindow
from tests.planning.builders import AS_OF
from tests.travel.team_rows import Team, copy_of, team_rows, visit_pk, write_debrief


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box the app would show, recorded (with its answer: Yes/OK)."""
    shown: list[str] = []

    def record(_parent: QWidget | None, title: str, text: str, *_a: object, **_k: object) -> int:
        shown.append(f"{title}: {text}")
        return int(QMessageBox.StandardButton.Yes)

    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, record)
    return shown


def context(made: list[AppContext], ws: Workspace) -> AppContext:
    ctx = AppContext(ws, AS_OF)
    made.append(ctx)
    return ctx


def test_take_offline_writes_one_executives_copy_from_the_keyboard(
    qtbot, team: Team, tmp_path: Path, contexts: list[AppContext]
) -> None:  # type: ignore[no-untyped-def]
    ctx = context(contexts, team.open())
    dialog = TakeOfflineDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.executive.count() == 2)
    out = tmp_path / "road.fieldvisit"
    dialog.file.setFocus()
    dialog.file.selectAll()
    qtbot.keyClicks(dialog.file, str(out))
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # One executive's…
    qtbot.waitUntil(lambda: dialog.one.isChecked())  # a mnemonic clicks after a short flash
    assert dialog.executive.isEnabled()
    dialog.executive.setFocus()
    qtbot.keyClick(dialog.executive, Qt.Key.Key_Home)
    assert dialog.chosen_executive() == team.ana  # most senior first, then by name
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Take offline
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    assert dialog.report is not None and dialog.report.path == out
    with open_workspace(out) as ws, ws.connect() as conn:
        from sqlalchemy import text

        assert [r[0] for r in conn.execute(text("SELECT name FROM account"))] == ["Acme"]


def test_a_cancelled_travel_copy_leaves_no_file(team: Team, tmp_path: Path) -> None:
    out = tmp_path / "road.fieldvisit"
    with team.open() as ws, pytest.raises(Cancelled):
        take_travel_copy(ws, out, Scope(), cancelled=lambda: True)
    assert [p.name for p in tmp_path.iterdir() if p.name != "fieldvisit-home"] == []


def test_the_menu_offers_take_offline_on_a_team_workspace_and_sync_on_a_copy(
    qtbot, team: Team, tmp_path: Path, contexts: list[AppContext], boxes: list[str]
) -> None:  # type: ignore[no-untyped-def]
    on_team = MainWindow(context(contexts, team.open()), None, remember_geometry=False)
    qtbot.addWidget(on_team)
    on_team.menu_bar.refresh()
    assert on_team.menu_bar.action_for("take_offline").isEnabled()
    assert not on_team.menu_bar.action_for("sync_now").isEnabled()
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    on_copy = MainWindow(context(contexts, open_workspace(out)), None, remember_geometry=False)
    qtbot.addWidget(on_copy)
    on_copy.menu_bar.refresh()
    assert not on_copy.menu_bar.action_for("take_offline").isEnabled()
    assert on_copy.menu_bar.action_for("sync_now").isEnabled()
    assert on_copy.menu_bar.action_for("pending_changes").isEnabled()


def test_pending_changes_show_a_conflicts_two_versions_and_keep_mine_sends_it(
    qtbot, team: Team, tmp_path: Path, contexts: list[AppContext], boxes: list[str]
) -> None:  # type: ignore[no-untyped-def]
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", "Mine: the pilot in July")
    with team.open() as ws:
        save_debrief(
            ws, DebriefData(visit_id=visit_pk(ws, "V-Acme-1"), summary="Theirs: no budget")
        )
    ctx = context(contexts, open_workspace(out))
    status = TravelStatus(ctx, sync_on_open=False)
    qtbot.addWidget(status)
    qtbot.waitUntil(
        lambda: status.isVisibleTo(status.parentWidget() or status) or not status.isHidden()
    )
    assert status.text() == "1 change not pushed · Sync now"

    dialog = PendingChangesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.overview is not None)
    assert dialog.list.item(0).text() == "New debrief: Acme, 12 Jun (visit V-Acme-1)"
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Sync now
    qtbot.waitUntil(lambda: "Conflict" in dialog.status.text(), timeout=20_000)
    qtbot.waitUntil(lambda: dialog.list.item(0).text().startswith("Conflict — "))
    view = dialog.conflict.table
    rows = {
        view.item(r, 0).text(): (view.item(r, 1).text(), view.item(r, 2).text())
        for r in range(view.rowCount())
    }
    assert rows["Summary"] == ("Mine: the pilot in July", "Theirs: no budget")
    summary = (
        "SELECT d.summary FROM debrief d JOIN visit v ON v.id = d.visit_id "
        "WHERE v.external_id = 'V-Acme-1'"
    )
    assert team_rows(team, summary) == [("Theirs: no budget",)]  # never overwritten silently
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Keep mine
    qtbot.waitUntil(
        lambda: team_rows(team, summary) == [("Mine: the pilot in July",)], timeout=20_000
    )
    qtbot.waitUntil(lambda: dialog.overview is not None and not dialog.overview.pending)
    assert dialog.head.text() == "Everything is pushed"
    qtbot.waitUntil(lambda: status.isHidden())
    assert boxes == []


def test_opening_a_copy_with_changes_syncs_them_when_the_team_is_reachable(
    qtbot, team: Team, tmp_path: Path, contexts: list[AppContext], boxes: list[str]
) -> None:  # type: ignore[no-untyped-def]
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", "Landed: the pilot is on")
    status = TravelStatus(context(contexts, open_workspace(out)))
    qtbot.addWidget(status)
    summary = (
        "SELECT d.summary FROM debrief d JOIN visit v ON v.id = d.visit_id "
        "WHERE v.external_id = 'V-Acme-1'"
    )
    qtbot.waitUntil(
        lambda: team_rows(team, summary) == [("Landed: the pilot is on",)], timeout=20_000
    )
    qtbot.waitUntil(lambda: status.isHidden() and "Pushed 1 change" in status.toolTip())
    assert boxes == []


def test_opening_a_copy_on_the_plane_keeps_the_line_and_says_why_in_its_tooltip(
    qtbot, team: Team, tmp_path: Path, contexts: list[AppContext], boxes: list[str]
) -> None:  # type: ignore[no-untyped-def]
    import json

    from sqlalchemy import text

    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", "Written at 11,000 m")
    with open_workspace(out) as ws, ws.begin() as conn:
        conn.execute(
            text("UPDATE setting SET value = :v WHERE key = 'travel.source'"),
            {"v": json.dumps("postgresql://fv_app@no-such-host.invalid:5432/fieldvisit")},
        )
    status = TravelStatus(context(contexts, open_workspace(out)))
    qtbot.addWidget(status)
    qtbot.waitUntil(lambda: status.toolTip().startswith("Not synced:"), timeout=20_000)
    qtbot.waitUntil(lambda: status.text() == "1 change not pushed · Sync now")
    assert not status.isHidden() and boxes == []
