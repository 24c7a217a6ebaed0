"""The briefing pack in the app: a printable PDF, one page per visit, body text at a reading size,
saved from a visit on the Visits page (by keyboard), from This week's Upcoming and from the Visit
menu, through the save dialog (last folder remembered, replacing a file asked first)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlalchemy import text

from fieldvisit.planning.briefing_facts import briefing_for, week_visit_pks
from fieldvisit.ui import file_dialogs
from fieldvisit.ui.briefing import BriefingNotSaved, pack_title, write_briefing_pdf
from fieldvisit.ui.briefing_page import briefing_html
from fieldvisit.ui.briefing_save import SAVED_BOX
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.pages.visits import VisitsPage
from fieldvisit.ui.pages.week import WeekPage
from tests.pdf_facts import pdf_facts

Step = tuple[Callable[[QWidget], bool], Callable[[QWidget], None]]


class Robot:
    """Answers the modal windows that open, in order, by keyboard: each step waits until the
    active modal window matches, then acts on it."""

    def __init__(self, steps: list[Step]):
        self.steps = list(steps)
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        modal = QApplication.activeModalWidget()
        if not self.steps or modal is None or not modal.isVisible():
            return
        matches, act = self.steps[0]
        if matches(modal):
            self.steps.pop(0)
            # Acted on after this tick: a window the action opens runs its own event loop, in
            # which this timer must tick again.
            QTimer.singleShot(0, lambda: act(modal))

    @property
    def done(self) -> bool:
        return not self.steps

    def stop(self) -> None:
        self.timer.stop()


def save_as(path: Path, seen: list[tuple[str, str]] | None = None) -> Step:
    """The save dialog: note the folder and name it offers, give the file's path, press Enter."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        box = name_box(dialog)
        if seen is not None:
            seen.append((dialog.directory().absolutePath(), box.text()))
        box.setText(str(path))  # typed keys would open the completer's list, which takes Enter
        QTest.keyClick(box, Qt.Key.Key_Return)

    return (lambda w: isinstance(w, QFileDialog), act)


def name_box(dialog: QFileDialog) -> QLineEdit:
    found = dialog.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(found, QLineEdit)
    return found


def press(key: Qt.Key, kind: type = QMessageBox, words: str = "") -> Step:
    def matches(w: QWidget) -> bool:
        return isinstance(w, kind) and (not words or words in getattr(w, "text", lambda: "")())

    return (matches, lambda w: QTest.keyClick(w, key))


def saved_box(parent: QWidget) -> QMessageBox | None:
    for box in parent.window().findChildren(QMessageBox, SAVED_BOX):
        if box.isVisible():
            return box
    return None


def planned_visit(ctx: AppContext) -> tuple[int, str]:
    """Return the first planned visit on an account with earlier debriefs, and the account."""
    with ctx.workspace.connect() as conn:
        return conn.execute(  # type: ignore[return-value]
            text(
                "SELECT v.id, a.name FROM visit v JOIN account a ON a.id = v.account_id "
                "WHERE v.status = 'planned' AND v.deal_id IS NOT NULL AND v.start >= :d "
                "AND EXISTS (SELECT 1 FROM visit p JOIN debrief d ON d.visit_id = p.id "
                "WHERE p.account_id = v.account_id) ORDER BY v.start LIMIT 1"
            ),
            {"d": ctx.as_of.isoformat()},
        ).one()


# ----- the page itself ------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_pack_prints_body_text_at_reading_size_one_page_per_visit(
    app_ctx: AppContext, tmp_path: Path, paper: str
) -> None:
    with app_ctx.workspace.connect() as conn:
        pks = week_visit_pks(conn, app_ctx.as_of)
        briefs = [briefing_for(conn, pk, app_ctx.as_of, app_ctx.rules()) for pk in pks]
    assert len(briefs) >= 2, "the small demo plans visits in its first week"
    out = tmp_path / "pack.pdf"
    pages = write_briefing_pdf(briefs, app_ctx.as_of, out, paper, pack_title(briefs))  # type: ignore[arg-type]
    facts = pdf_facts(out)
    assert pages == facts.pages == len(briefs)
    assert facts.paper() == paper
    assert 10 <= facts.body_pt <= 11, facts.sizes
    assert max(facts.sizes) >= 16, "the account's name is the largest thing on the page"
    for page, brief in zip(facts.page_texts, briefs, strict=True):
        assert brief.header.account_name in page


def test_a_page_says_who_attends_the_deal_the_history_and_the_objective(
    app_ctx: AppContext,
) -> None:
    visit, account = planned_visit(app_ctx)
    with app_ctx.workspace.begin() as conn:
        conn.execute(
            text("UPDATE visit SET objective = :o, agenda = :a WHERE id = :v"),
            {"o": "Get the <b>renewal</b> signed", "a": "Roadmap review", "v": visit},
        )
    with app_ctx.workspace.connect() as conn:
        brief = briefing_for(conn, visit, app_ctx.as_of, app_ctx.rules())
    html = briefing_html(brief, app_ctx.as_of)
    assert brief.header.account_name == account
    assert brief.ours and brief.ours[0].role, "our executive with a title"
    assert "Get the &lt;b&gt;renewal&lt;/b&gt; signed" in html, "typed text is escaped"
    assert "Roadmap review" in html
    assert brief.deal is not None and brief.deal.stage in html and brief.deal.deal_name in html
    for signal in brief.deal.signals:
        assert signal.detail in html
    assert brief.previous and brief.previous[0].header.start < brief.header.start
    for heading in ("Who attends", "Objective and agenda", "The deal", "Last visits"):
        assert f">{heading}<" in html
    assert "Open next steps" in html


def test_a_visit_with_a_long_history_still_fits_one_page(
    app_ctx: AppContext, tmp_path: Path
) -> None:
    visit, _account = planned_visit(app_ctx)
    long_words = " ".join(["The customer explained their procurement process at length."] * 40)
    with app_ctx.workspace.begin() as conn:
        conn.execute(
            text(
                "UPDATE debrief SET summary = :s, learned = :s WHERE visit_id IN "
                "(SELECT id FROM visit WHERE account_id = (SELECT account_id FROM visit "
                "WHERE id = :v))"
            ),
            {"s": long_words, "v": visit},
        )
    with app_ctx.workspace.connect() as conn:
        brief = briefing_for(conn, visit, app_ctx.as_of, app_ctx.rules())
    out = tmp_path / "long.pdf"
    assert write_briefing_pdf([brief], app_ctx.as_of, out, "a4", "t") == 1
    assert pdf_facts(out).pages == 1


def test_a_failed_save_leaves_the_old_file_alone_and_says_where(
    app_ctx: AppContext, tmp_path: Path
) -> None:
    visit, _account = planned_visit(app_ctx)
    with app_ctx.workspace.connect() as conn:
        brief = briefing_for(conn, visit, app_ctx.as_of, app_ctx.rules())
    target = tmp_path / "briefing.pdf"
    target.write_bytes(b"%PDF-1.4 the old one")
    missing = tmp_path / "missing-folder" / "briefing.pdf"
    with pytest.raises(BriefingNotSaved, match="missing-folder.*cannot be written"):
        write_briefing_pdf([brief], app_ctx.as_of, missing, "a4", "t")
    assert target.read_bytes() == b"%PDF-1.4 the old one"
    assert not missing.parent.exists()


# ----- reaching it ----------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """The files the app asked the desktop to open (recorded, not opened)."""
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(urls.append))
    return urls


def _focus_by_tab(qtbot, start: QWidget, target: Callable[[], QWidget], limit: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Tab from `start` until the button `target()` names has the focus (the pane may have been
    drawn again meanwhile: the button is looked up afresh at each step)."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    for _ in range(limit):
        if target().hasFocus():
            return
        QTest.keyClick(QApplication.focusWidget() or start, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the button")


def test_from_a_visit_by_keyboard_save_reopen_in_the_last_folder_and_open_it(
    qtbot, window: MainWindow, app_ctx: AppContext, tmp_path: Path, opened: list[QUrl]
) -> None:  # type: ignore[no-untyped-def]
    visit_pk, account = planned_visit(app_ctx)
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, VisitsPage)
    qtbot.waitUntil(lambda: not page.busy and not app_ctx.tasks.active(), timeout=20_000)
    page.tree.setFocus()
    for _ in range(200):  # arrow down the list to the visit
        chosen = page.selected_visit()
        if chosen is not None and chosen.pk == visit_pk:
            break
        QTest.keyClick(page.tree, Qt.Key.Key_Down)
    assert page.selected_visit() is not None and page.selected_visit().pk == visit_pk
    qtbot.waitUntil(lambda: not page.busy and not app_ctx.tasks.active(), timeout=20_000)
    button = page.detail.buttons["briefing"]
    assert isinstance(button, QPushButton) and button.text() == "Briefing pack…"
    _focus_by_tab(qtbot, page.tree, lambda: page.detail.buttons["briefing"])
    button = page.detail.buttons["briefing"]

    folder = tmp_path / "packs"
    folder.mkdir()
    target = folder / "globex.pdf"
    offered: list[tuple[str, str]] = []
    robot = Robot([save_as(target, offered)])
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert account in offered[0][1], "the suggested name holds the account"
    qtbot.waitUntil(lambda: saved_box(window) is not None, timeout=20_000)
    box = saved_box(window)
    assert box is not None and "globex.pdf" in box.text() and "1 page" in box.text()
    facts = pdf_facts(target)
    assert facts.pages == 1 and 10 <= facts.body_pt <= 11 and account in facts.page_texts[0]
    QTest.keyClick(box, Qt.Key.Key_Return)  # Open, the default
    assert opened == [QUrl.fromLocalFile(str(target))]
    robot.stop()

    # Again: the dialog opens in the folder used last, and asks before replacing the file.
    before = target.read_bytes()
    robot = Robot(
        [
            save_as(target, offered),
            press(Qt.Key.Key_Escape, QMessageBox, "already exists"),  # No, keep it
            press(Qt.Key.Key_Escape, QFileDialog),  # then cancel
        ]
    )
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: robot.done)
    robot.stop()
    assert offered[1][0] == str(folder), "the dialog opens in the folder used last"
    assert file_dialogs.start_folder("briefing") == str(folder)
    qtbot.waitUntil(lambda: not app_ctx.tasks.active())
    assert target.read_bytes() == before, "the file was not replaced"
    assert saved_box(window) is None


def test_from_this_weeks_upcoming_one_page_per_visit_of_the_week(
    qtbot, app_ctx: AppContext, settle, tmp_path: Path, opened: list[QUrl]
) -> None:  # type: ignore[no-untyped-def]
    page = WeekPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    settle(app_ctx, page)
    buttons = [b for b in page.findChildren(QPushButton) if b.text().startswith("Briefing pack")]
    assert [b.text() for b in buttons] == ["Briefing pack for the week…"]
    with app_ctx.workspace.connect() as conn:
        visits = len(week_visit_pks(conn, app_ctx.as_of))
    target = tmp_path / "week.pdf"
    robot = Robot([save_as(target)])
    buttons[0].setFocus()
    QTest.keyClick(buttons[0], Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: saved_box(page) is not None, timeout=20_000)
    robot.stop()
    box = saved_box(page)
    assert box is not None and f"{visits} pages" in box.text()
    QTest.keyClick(box, Qt.Key.Key_Escape)  # Close: nothing opened
    assert opened == []
    assert pdf_facts(target).pages == visits


def test_a_week_without_visits_says_so_and_offers_no_button(
    qtbot, app_ctx: AppContext, settle, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app_ctx.set_as_of(date(2031, 1, 6))
    page = WeekPage(app_ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    settle(app_ctx, page)
    assert not [b for b in page.findChildren(QPushButton) if b.text().startswith("Briefing")]
    robot = Robot([press(Qt.Key.Key_Return, QMessageBox, "nothing to brief")])
    page.briefing_pack()
    assert robot.done
    robot.stop()


def test_the_visit_menu_saves_the_weeks_pack(
    qtbot, window: MainWindow, app_ctx: AppContext, tmp_path: Path, opened: list[QUrl]
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "menu.pdf"
    robot = Robot([save_as(target)])
    window.menu_bar.action_for("briefing_pack").trigger()  # This week has no selected visit
    qtbot.waitUntil(lambda: saved_box(window) is not None, timeout=20_000)
    robot.stop()
    with app_ctx.workspace.connect() as conn:
        assert pdf_facts(target).pages == len(week_visit_pks(conn, app_ctx.as_of))
    assert window.menu_bar.action_for("briefing_pack_week").isEnabled()
