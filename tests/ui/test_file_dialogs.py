"""Choosing files: the platform's dialogs, opening in Documents first, then where the user was
last for that purpose; exporting a visit's invites from the Visits page by keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import text

from fieldvisit.ui import file_dialogs
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.visits import VisitsPage
from fieldvisit.ui.widgets.notice import Notice


class DictStore:
    """A settings store held in memory (QSettings' value/setValue)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def value(self, key: str, defaultValue: Any = None) -> Any:  # noqa: N803
        return self.values.get(key, defaultValue)

    def setValue(self, key: str, value: Any) -> None:  # noqa: N802
        self.values[key] = value


class Asked:
    """Stands in for the platform's dialogs: records where each opened, answers `answer`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: Path) -> None:
        self.answer = answer
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

        def record(name: str, result: Any) -> Any:
            def fake(*args: Any, **kwargs: Any) -> Any:
                self.calls.append((name, args, kwargs))
                return result(self.answer)

            return staticmethod(fake)

        pair = lambda p: (str(p), "")  # noqa: E731
        monkeypatch.setattr(QFileDialog, "getOpenFileName", record("open", pair))
        monkeypatch.setattr(
            QFileDialog, "getOpenFileNames", record("opens", lambda p: ([str(p)], ""))
        )
        monkeypatch.setattr(QFileDialog, "getSaveFileName", record("save", pair))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", record("folder", str))

    def started_in(self, n: int = -1) -> str:
        _name, args, _kwargs = self.calls[n]
        return str(args[2])  # parent, title, directory, …


DOCUMENTS = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def test_a_dialog_opens_in_documents_then_where_that_purpose_was_last_used(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = DictStore()
    exports = tmp_path / "exports"
    exports.mkdir()
    asked = Asked(monkeypatch, exports / "deals.csv")
    assert file_dialogs.open_file(None, "import", "Choose", "CSV (*.csv)", store=store) == (
        exports / "deals.csv"
    )
    assert asked.started_in() == (DOCUMENTS or str(Path.home()))
    file_dialogs.open_file(None, "import", "Choose", "CSV (*.csv)", store=store)
    assert asked.started_in() == str(exports)
    # Another purpose keeps its own folder: the briefing still starts in Documents.
    asked.answer = tmp_path / "briefing.pdf"
    file_dialogs.save_file(None, "briefing", "Save", "Briefing.pdf", "PDF (*.pdf)", store=store)
    assert asked.started_in() == str(Path(DOCUMENTS or Path.home()) / "Briefing.pdf")
    assert store.values == {
        "import/last_folder": str(exports),
        "file_dialogs/briefing": str(tmp_path),
    }
    # A remembered folder that is gone falls back to Documents; a cancel remembers nothing.
    exports.rmdir()
    asked.answer = Path("")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    assert file_dialogs.start_folder("import", store) == (DOCUMENTS or str(Path.home()))
    assert file_dialogs.open_file(None, "import", "Choose", "CSV (*.csv)", store=store) is None
    assert store.values["import/last_folder"] == str(exports)


def test_the_dialogs_are_the_platforms_own(qapp, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = DictStore()
    asked = Asked(monkeypatch, tmp_path)
    file_dialogs.existing_folder(None, "invites", "Export to", store=store)
    file_dialogs.open_files(None, "import", "Choose", "All (*)", store=store)
    for _name, args, kwargs in asked.calls:
        options = kwargs.get("options", args[4] if len(args) > 4 else None)
        assert options is None or not (options & QFileDialog.Option.DontUseNativeDialog)


def test_a_backup_is_looked_for_in_the_backup_folder_first(qapp, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = DictStore()
    asked = Asked(monkeypatch, tmp_path / "old.fieldvisit")
    file_dialogs.open_file(None, "backup", "Restore", "*", store=store, fallback=tmp_path)
    assert asked.started_in() == str(tmp_path)


@pytest.fixture
def visits(qtbot, app_ctx: AppContext, settle) -> VisitsPage:  # type: ignore[no-untyped-def]
    page = VisitsPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    settle(app_ctx, page)
    return page


def test_export_invites_by_keyboard_remembers_the_folder_and_needs_no_invite_settings(
    qtbot, visits: VisitsPage, monkeypatch, tmp_path: Path, settle
) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, title, *_a, **_k: told.append(title))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, words, *_a, **_k: told.append(words))
    )
    with visits.ctx.workspace.begin() as conn:  # no invite settings at all
        conn.execute(text("DELETE FROM setting WHERE key LIKE 'organizer%'"))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    asked = Asked(monkeypatch, first)
    button = visits.detail.buttons["export"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    settle(visits.ctx)
    assert told == [], "success is said in place, not in a message box"
    notices = [n for n in visits.findChildren(Notice) if n.isVisible()]
    assert notices and notices[0].words.startswith("Saved ")
    assert asked.started_in() == (DOCUMENTS or str(Path.home()))
    team = next(first.glob("*-team.ics")).read_bytes()
    organizer = icalendar.Calendar.from_ical(team).events[0]["ORGANIZER"]
    executive = vobject.readOne(team.decode()).vevent.organizer
    assert str(organizer) == executive.value and "SENT-BY" not in organizer.params
    assert "SENT-BY" not in executive.params
    # The next export opens where the last one went.
    asked.answer = second
    button = visits.detail.buttons["export"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    settle(visits.ctx)
    assert asked.started_in() == str(first)
    assert len(list(second.glob("*.ics"))) == 2
