"""The app's main flows, driven from the launched main window on the demo with the keyboard only:
plan from a suggestion through to invites out (at most three actions), write a debrief with every
field including a next step, open an account (and a person) from search, print a briefing pack
from the Visit menu. Windows that run their own event loop (the folder and save dialogs, search,
message boxes) are answered by a Robot that presses keys in them."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QWidget
from sqlalchemy import text

from fieldvisit.debriefs.records import load_debrief
from fieldvisit.planning.briefing_facts import week_visit_pks
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.pages.account import AccountPage
from fieldvisit.ui.search import SearchDialog
from fieldvisit.ui.widgets.notice import Notice
from tests.ui.test_briefing_pack import Robot, Step, name_box, save_as

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


class Keyboard:
    """Presses keys where the focus is, counting the actions (Enter, Space, a shortcut)."""

    def __init__(self, qtbot, window: QWidget):  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.window = window
        self.actions = 0

    def target(self) -> QWidget:
        return (
            QApplication.activePopupWidget()  # an open menu takes the keys
            or QApplication.focusWidget()
            or QApplication.activeModalWidget()
            or self.window
        )

    def act(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
        """Press a key that does something (one action)."""
        self.actions += 1
        QTest.keyClick(self.target(), key, modifier)

    def type(self, words: str) -> None:
        """Type into the focused field (typing is not an action)."""
        QTest.keyClicks(self.target(), words)

    def move(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
        """Move the focus or the current item (Tab, arrows): not an action."""
        QTest.keyClick(self.target(), key, modifier)


@pytest.fixture
def keyboard(qtbot, window: MainWindow, app_ctx: AppContext) -> Keyboard:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.navigation.pages.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.navigation.pages)
    return Keyboard(qtbot, window)


def settle(qtbot, window: MainWindow, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = window.current_page()
    qtbot.waitUntil(
        lambda: not ctx.tasks.active() and (page is None or not page.busy), timeout=20_000
    )


def visible(kind: type) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        for found in [widget, *widget.findChildren(kind)]:
            if isinstance(found, kind) and found.isVisible():
                return found
    return None


def choose_folder(folder: Path, keyboard: Keyboard) -> Step:
    """The folder dialog: give the folder's path and press Enter (one action)."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        box = name_box(dialog)
        box.setText(str(folder))  # typed keys would open the completer's list
        keyboard.actions += 1
        QTest.keyClick(box, Qt.Key.Key_Return)

    return (lambda w: isinstance(w, QFileDialog), act)


def acknowledge(words: str) -> Step:
    """A message box saying `words`: Enter closes it (after the work is done: not counted)."""

    def matches(w: QWidget) -> bool:
        return isinstance(w, QMessageBox) and words in w.text()

    return (matches, lambda w: QTest.keyClick(w, Qt.Key.Key_Return))


def as_utc(value: str | datetime) -> datetime:
    """A stored time (UTC, maybe ISO text) as an aware datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ----- plan from a suggestion, invites out -------------------------------------------------------


def test_a_first_suggestion_becomes_a_visit_with_invites_out_in_three_actions(
    qtbot, window: MainWindow, app_ctx: AppContext, keyboard: Keyboard, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.begin() as conn:  # no invite settings yet: no sender, no organizer
        conn.execute(text("DELETE FROM setting WHERE key LIKE 'organizer%'"))
    assert not app_ctx.rules().organizer_email
    week = window.current_page()
    settle(qtbot, window, app_ctx)
    first = week.cards[0].suggestion  # type: ignore[union-attr]
    folder = tmp_path / "invites"
    folder.mkdir()
    robot = Robot([choose_folder(folder, keyboard)])

    keyboard.act(Qt.Key.Key_N, CTRL)  # 1: plan the top suggestion
    qtbot.waitUntil(lambda: visible(PlanVisitDialog) is not None)
    dialog = visible(PlanVisitDialog)
    assert isinstance(dialog, PlanVisitDialog)
    assert dialog.deal_pk == first.deal.deal_pk
    qtbot.waitUntil(dialog.isActiveWindow)
    keyboard.act(Qt.Key.Key_I, ALT)  # 2: Plan and export invites…
    qtbot.waitUntil(lambda: robot.done, timeout=20_000)  # 3: Enter in the folder dialog
    robot.stop()
    # Said in place on the page (no message box to close).
    qtbot.waitUntil(
        lambda: any(
            n.isVisible() and n.words.startswith("Saved") for n in week.findChildren(Notice)
        ),
        timeout=20_000,
    )
    assert keyboard.actions <= 3, f"{keyboard.actions} actions from a suggestion to invites out"

    with app_ctx.workspace.connect() as conn:
        visit_pk, start = conn.execute(
            text(
                "SELECT id, start FROM visit WHERE deal_id = :d AND status = 'planned' "
                "ORDER BY id DESC LIMIT 1"
            ),
            {"d": first.deal.deal_pk},
        ).one()
        exec_email = conn.execute(
            text(
                "SELECT e.email FROM visit_executive ve JOIN executive e ON e.id = "
                "ve.executive_id WHERE ve.visit_id = :v"
            ),
            {"v": visit_pk},
        ).scalar_one()
    files = sorted(folder.glob("*.ics"))
    assert [f.name.rsplit("-", 1)[1] for f in files] == ["customer.ics", "team.ics"]
    for path in files:  # read back with a second parser
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        (event,) = calendar.walk("VEVENT")
        assert str(event["ORGANIZER"]).lower() == f"mailto:{exec_email}".lower()
        assert event.decoded("DTSTART").timestamp() == pytest.approx(as_utc(start).timestamp())
        attendees = event.get("ATTENDEE")
        assert attendees, f"{path.name} invites no one"


def test_plain_plan_visit_exports_nothing(
    qtbot, window: MainWindow, app_ctx: AppContext, keyboard: Keyboard
) -> None:  # type: ignore[no-untyped-def]
    settle(qtbot, window, app_ctx)
    keyboard.act(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: visible(PlanVisitDialog) is not None)
    dialog = visible(PlanVisitDialog)
    assert isinstance(dialog, PlanVisitDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    keyboard.act(Qt.Key.Key_Return)  # Plan visit, the default button
    qtbot.waitUntil(lambda: visible(PlanVisitDialog) is None, timeout=20_000)
    settle(qtbot, window, app_ctx)
    assert visible(QFileDialog) is None, "Plan visit alone asks for no folder"


# ----- a debrief with every field ----------------------------------------------------------------


def test_a_debrief_written_by_keyboard_keeps_every_field_and_the_next_step(
    qtbot, window: MainWindow, app_ctx: AppContext, keyboard: Keyboard
) -> None:  # type: ignore[no-untyped-def]
    settle(qtbot, window, app_ctx)
    visit_pk = window.current_page().debrief_target()  # type: ignore[union-attr]
    keyboard.act(Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: visible(DebriefEditor) is not None)
    editor = visible(DebriefEditor)
    assert isinstance(editor, DebriefEditor) and editor.form.header.visit_id == visit_pk
    qtbot.waitUntil(editor.isActiveWindow)
    form = editor.form

    keyboard.move(Qt.Key.Key_M, ALT)  # Who was met
    assert QApplication.focusWidget() is form.contacts
    if not form.contacts.checked_values():
        keyboard.move(Qt.Key.Key_Down)
        keyboard.act(Qt.Key.Key_Space)
    keyboard.move(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.others
    keyboard.type("Their CFO, Ana Ruiz")
    keyboard.move(Qt.Key.Key_L, ALT)
    keyboard.type("Good meeting, pilot agreed")
    keyboard.move(Qt.Key.Key_E, ALT)
    keyboard.type("They want a pilot in Q3")
    keyboard.move(Qt.Key.Key_H, ALT)
    keyboard.type("Two plants on old software")
    keyboard.move(Qt.Key.Key_F, ALT)
    assert QApplication.focusWidget() is form.friction
    keyboard.move(Qt.Key.Key_Down)
    keyboard.act(Qt.Key.Key_Space)
    keyboard.move(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.friction_text
    keyboard.type("Quotes take two weeks")
    keyboard.move(Qt.Key.Key_P, ALT)
    keyboard.type("Initech")
    keyboard.move(Qt.Key.Key_V, ALT)
    keyboard.type("Umbrella")
    keyboard.move(Qt.Key.Key_B, ALT)
    keyboard.type("400k in Q3, the CFO signs")
    keyboard.act(Qt.Key.Key_R, ALT)  # Better than before (an animated click)
    qtbot.waitUntil(lambda: form.data().sentiment == "better")
    keyboard.move(Qt.Key.Key_T, ALT)  # Next steps: the first step's text
    step, owner, due, _done = form.next_steps.row_widgets(0)
    assert QApplication.focusWidget() is step, "Alt+T reaches the next step"
    keyboard.type("Send the pilot plan")
    keyboard.move(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is owner
    keyboard.type("Dana")
    keyboard.move(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is due
    keyboard.move(Qt.Key.Key_Up)  # from "no date" to the first sensible day
    typed = form.data()
    assert typed.contact_ids and typed.friction_categories and typed.next_steps[0].due_on
    keyboard.act(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: visible(DebriefEditor) is None, timeout=20_000)

    with app_ctx.workspace.connect() as conn:
        stored = load_debrief(conn, visit_pk)
    assert stored is not None
    assert sorted(stored.contact_ids) == sorted(typed.contact_ids)
    assert stored.people_met == "Their CFO, Ana Ruiz"
    assert stored.summary == "Good meeting, pilot agreed"
    assert stored.learned == "They want a pilot in Q3"
    assert stored.challenges == "Two plants on old software"
    assert stored.friction_categories == typed.friction_categories
    assert stored.field_friction == "Quotes take two weeks"
    assert stored.competitors == "Initech"
    assert stored.current_vendor == "Umbrella"
    assert stored.budget == "400k in Q3, the CFO signs"
    assert stored.sentiment == "better"
    ((saved_step),) = stored.next_steps
    assert (saved_step.text, saved_step.owner) == ("Send the pilot plan", "Dana")
    assert saved_step.due_on == typed.next_steps[0].due_on


# ----- search ------------------------------------------------------------------------------------


def search_for(words: str, kind: str) -> Step:
    """The search dialog: type `words`, arrow down to the first hit of `kind`, press Enter."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, SearchDialog)
        QTest.keyClicks(dialog.box, words)
        dialog.run_search()  # what the typing timer does after 150 ms
        for _ in range(dialog.results.count()):
            hit = dialog.results.currentItem().data(Qt.ItemDataRole.UserRole + 1)
            if hit.kind == kind:
                break
            QTest.keyClick(dialog.box, Qt.Key.Key_Down)
        QTest.keyClick(dialog.box, Qt.Key.Key_Return)

    return (lambda w: isinstance(w, SearchDialog), act)


def test_ctrl_k_type_enter_opens_the_account_page(
    qtbot, window: MainWindow, app_ctx: AppContext, keyboard: Keyboard
) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.connect() as conn:
        account_pk, name = conn.execute(
            text("SELECT id, name FROM account ORDER BY name LIMIT 1")
        ).one()
    robot = Robot([search_for(name, "account")])
    keyboard.act(Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: robot.done)
    robot.stop()
    page = window.current_page()
    assert isinstance(page, AccountPage)
    qtbot.waitUntil(lambda: page.view is not None and page.view.account_pk == account_pk)
    assert page.title_label.text() == name
    assert page.content.isVisible()


def test_a_person_found_with_search_is_picked_out_on_their_accounts_page(
    qtbot, window: MainWindow, app_ctx: AppContext, keyboard: Keyboard
) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.connect() as conn:
        contact_pk, name, account_pk = conn.execute(
            text("SELECT id, name, account_id FROM contact ORDER BY id DESC LIMIT 1")
        ).one()
    robot = Robot([search_for(name, "contact")])
    keyboard.act(Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: robot.done)
    robot.stop()
    page = window.current_page()
    assert isinstance(page, AccountPage), "a contact opens their account, not the Deals table"
    qtbot.waitUntil(lambda: page.view is not None and page.view.account_pk == account_pk)
    assert page.tabs.currentWidget() is page.people
    rows = page.people.selectionModel().selectedRows()
    assert [page.people_model.people[r.row()].contact_pk for r in rows] == [contact_pk]
    assert window.focusWidget() is page.people


# ----- a briefing pack ---------------------------------------------------------------------------


def test_the_visit_menu_prints_a_briefing_pack_by_keyboard(
    qtbot,
    window: MainWindow,
    app_ctx: AppContext,
    keyboard: Keyboard,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    settle(qtbot, window, app_ctx)
    with app_ctx.workspace.connect() as conn:
        pks = week_visit_pks(conn, app_ctx.as_of)
        names = {
            n
            for (n,) in conn.execute(
                text(
                    "SELECT a.name FROM visit v JOIN account a ON a.id = v.account_id "
                    f"WHERE v.id IN ({','.join(str(int(p)) for p in pks)})"
                )
            )
        }
    assert names
    target = tmp_path / "pack.pdf"
    robot = Robot([save_as(target), acknowledge("Saved")])
    window.menuBar().show()
    keyboard.act(Qt.Key.Key_I, ALT)  # the Visit menu
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    keyboard.act(Qt.Key.Key_B)  # Briefing pack…
    qtbot.waitUntil(lambda: robot.done, timeout=30_000)
    robot.stop()
    assert target.exists()
    printed = " ".join(page.extract_text() for page in PdfReader(target).pages)
    words = " ".join(unicodedata.normalize("NFKC", printed).split())  # pypdf spaces with tabs
    for name in names:
        assert name in words, f"{name} is not in the pack"
