"""File › Your name…: the name every change is recorded with, kept on this computer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldvisit.planning.actions import update_visit
from fieldvisit.store.identity import saved_person
from fieldvisit.ui.dialogs.your_name import YourNameDialog


def test_the_file_menu_sets_the_name_changes_are_recorded_with(
    qtbot, window, app_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    monkeypatch.delenv("FIELDVISIT_USER", raising=False)
    window.menu_bar.action_for("your_name").trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(YourNameDialog)))
    [dialog] = [d for d in window.findChildren(YourNameDialog) if d.isVisible()]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.name
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # empty: refused, in words
    assert dialog.isVisible() and "empty" in dialog.problem.text()
    qtbot.keyClicks(dialog.name, "Dana Whitfield")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert saved_person() == "Dana Whitfield"
    with app_ctx.workspace.begin() as conn:
        visit = conn.execute(
            text("SELECT id FROM visit WHERE status = 'planned' ORDER BY id LIMIT 1")
        ).scalar_one()
        update_visit(conn, visit, agenda="Pricing")
        person = conn.execute(text("SELECT person FROM change_log ORDER BY id DESC")).scalar()
    assert person == "Dana Whitfield"


def test_a_team_workspace_asks_who_saves_once_and_a_file_does_not(
    qtbot, team_workspace, app_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.dialogs.your_name import ask_before_first_team_save
    from tests.ui.demo_files import AS_OF

    monkeypatch.delenv("FIELDVISIT_USER", raising=False)
    host = QWidget()
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    ask_before_first_team_save(app_ctx)  # a workspace file: nobody else to tell apart
    assert not host.findChildren(YourNameDialog)
    team = AppContext(team_workspace, AS_OF)
    try:
        ask_before_first_team_save(team)
        [dialog] = host.findChildren(YourNameDialog)
        assert "team workspace" in dialog.findChildren(type(dialog.problem))[0].text()
        dialog.close()
        ask_before_first_team_save(team)  # once a session: File › Your name… is there later
        assert len([d for d in host.findChildren(YourNameDialog) if d.isVisible()]) == 0
    finally:
        team.tasks.shutdown()


def test_unsaved_notes_follow_a_new_name(
    qtbot, window, app_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit import debriefs
    from fieldvisit.debriefs import DebriefData
    from fieldvisit.store.identity import default_person

    monkeypatch.delenv("FIELDVISIT_USER", raising=False)
    with app_ctx.workspace.connect() as conn:
        visit = debriefs.debriefs_due(conn, app_ctx.as_of, limit=1)[0].visit_id
    login = default_person()
    debriefs.save_draft(app_ctx.workspace, DebriefData(visit_id=visit, learned="Typed as login"))
    window.menu_bar.action_for("your_name").trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(YourNameDialog)))
    [dialog] = [d for d in window.findChildren(YourNameDialog) if d.isVisible()]
    dialog.name.setText("")
    qtbot.keyClicks(dialog.name, "Dana Whitfield")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert default_person() == "Dana Whitfield" != login
    with app_ctx.workspace.connect() as conn:
        kept = debriefs.load_draft(conn, visit)
        [due] = [d for d in debriefs.debriefs_due(conn, app_ctx.as_of) if d.visit_id == visit]
    assert kept is not None and kept.learned == "Typed as login"
    assert due.has_draft
