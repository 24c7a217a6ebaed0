"""Settings › Visit targets: a target typed into the table is stored through the core's check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from fieldvisit.changes import Kind
from fieldvisit.cli import main
from fieldvisit.planning import visit_targets
from fieldvisit.planning.visit_targets import VisitTargetError
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.settings import SettingsPage
from tests.ui.demo_files import app_context, small_demo_copy


@pytest.fixture
def demo_path(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")


@pytest.fixture
def ctx(qapp: QApplication, demo_path: Path) -> Iterator[AppContext]:
    with app_context(demo_path) as context:
        yield context  # type: ignore[misc]


def open_targets(qtbot, ctx: AppContext) -> SettingsPage:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: not page.stale)
    page.show_section("Visit targets")
    view = page.targets_view
    view.setFocus()
    view.setCurrentIndex(page.targets.index(0, 1))
    qtbot.waitUntil(view.hasFocus)
    return page


def test_a_target_typed_in_settings_is_saved_and_the_command_line_reads_it(
    qtbot, ctx: AppContext, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = open_targets(qtbot, ctx)
    name = page.targets.rows[0].name
    qtbot.keyClick(page.targets_view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QSpinBox))
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "13")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits the edit on its next pass
    qtbot.waitUntil(lambda: bool(page.targets.changes))
    with qtbot.waitSignal(ctx.changed, check_params_cb=lambda c: Kind.RULES in c):
        qtbot.keyClick(page.targets_view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.status.text().startswith("Saved")

    assert main(["--db", str(demo_path), "target", "--json"]) == 0
    stored = {row["name"]: row["target"] for row in json.loads(capsys.readouterr().out)}
    assert stored[name] == 13


def test_the_settings_save_goes_through_the_core_check(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_targets(qtbot, ctx)
    refused: list[object] = []

    def refuse(value: object, who: str = "") -> int | None:
        refused.append(value)
        raise VisitTargetError(f"The visit target for {who} is refused.")

    monkeypatch.setattr(visit_targets, "check_target", refuse)
    page.targets.setData(page.targets.index(0, 1), 9, Qt.ItemDataRole.EditRole)
    qtbot.keyClick(page.targets_view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert refused == [9]
    assert page.status.text().startswith("Not saved. The visit target for")
    with ctx.workspace.connect() as conn:
        assert visit_targets.visit_targets(conn)[0].target != 9
