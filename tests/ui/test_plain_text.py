"""HTML in imported names is shown as the characters it is, never rendered.

A CRM export can carry anything in a name; an account named
`<h1 style="color:red">PAYMENT DETAILS CHANGED</h1>` must read exactly so, not as a red headline.
Markup is planted in account, contact, deal, executive, rep and trip names and in debrief
summaries of a copy of the small demo; every page and the dialogs a user reaches from them are
opened, and every piece of text Qt may show (label, tooltip, button, list item, message box,
text browser) is checked generically: wherever a marker is displayed, its markup is displayed as
well. New labels are caught without this test naming them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTextEdit,
    QToolTip,
    QTreeWidgetItemIterator,
    QWidget,
)
from sqlalchemy import text

from fieldvisit.store import open_workspace
from fieldvisit.ui.context import AppContext
from tests.ui.demo_files import AS_OF, small_demo_copy

MARK = "PAYMENT DETAILS CHANGED"
TAG = "<h1"  # what a person sees when the markup is shown as characters
SENTINEL = "no tooltip yet"


def planted(kind: str) -> str:
    return f'<h1 style="color:red">{kind} {MARK}</h1> '


PLANTS = {
    "account": "name",
    "contact": "name",
    "deal": "name",
    "executive": "name",
    "rep": "name",
    "trip": "name",
    "debrief": "summary",
}


def plant_markup(path: Path) -> None:
    """Put markup in front of every name and debrief summary of the workspace at `path`."""
    ws = open_workspace(path)
    try:
        with ws.begin() as conn:
            for table, column in PLANTS.items():
                conn.execute(
                    text(f"UPDATE {table} SET {column} = :p || {column}"),
                    {"p": planted(table.upper())},
                )
    finally:
        ws.close()


def displayed(words: str, fmt: Qt.TextFormat) -> str:
    """Return what Qt shows for `words` in a widget using text format `fmt`."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(words)
    )
    if not rich:
        return words
    doc = QTextDocument()
    doc.setHtml(words)
    return doc.toPlainText()


@dataclass
class Findings:
    """Texts that showed a marker (`seen`) and those that rendered its markup (`rendered`)."""

    seen: set[str] = field(default_factory=set)
    rendered: list[str] = field(default_factory=list)
    _reported: set[object] = field(default_factory=set)

    def check(self, words: object, fmt: Qt.TextFormat, where: str, owner: object = None) -> None:
        if not isinstance(words, str) or MARK not in words:
            return
        shown = displayed(words, fmt)
        if MARK not in shown:
            return  # the marker is not displayed at all (e.g. an attribute), nothing to see
        self.seen.add(where.split(" ")[0])
        # Each widget (seen from several pages, with many items) is reported once.
        seen_as = (
            (where.split(" ")[0], words) if owner is None else (where.split(" ")[0], id(owner))
        )
        if TAG not in shown and seen_as not in self._reported:
            self._reported.add(seen_as)
            self.rendered.append(f"{where}: {words[:160]!r}")


def _model_texts(
    model: QAbstractItemModel, parent: QModelIndex, depth: int = 0
) -> Iterator[tuple[object, object]]:
    rows = min(model.rowCount(parent), 60)
    # A list model hides columnCount from Python; it has one column.
    cols = 1 if isinstance(model, QAbstractListModel) else min(model.columnCount(parent), 12)
    for r in range(rows):
        for c in range(cols):
            index = model.index(r, c, parent)
            yield (
                model.data(index, Qt.ItemDataRole.DisplayRole),
                model.data(index, Qt.ItemDataRole.ToolTipRole),
            )
        if depth < 3:
            yield from _model_texts(model, model.index(r, 0, parent), depth + 1)


def walk(root: QWidget, findings: Findings, where: str) -> None:
    """Check every text under `root` that Qt may display."""
    for w in [root, *root.findChildren(QWidget)]:
        if w.objectName() == "qtooltip_label":
            continue  # the tooltip itself, shown by _hover
        name = f"{where}/{type(w).__name__}({w.objectName() or w.accessibleName()})"
        findings.check(w.toolTip(), Qt.TextFormat.AutoText, f"tooltip {name}", w)
        findings.check(w.windowTitle(), Qt.TextFormat.PlainText, f"title {name}", w)
        if isinstance(w, QLabel):
            findings.check(w.text(), w.textFormat(), f"label {name}", w)
        elif isinstance(w, QAbstractButton):
            findings.check(w.text(), Qt.TextFormat.PlainText, f"button {name}", w)
        elif isinstance(w, QTextEdit):
            findings.check(w.toHtml(), Qt.TextFormat.RichText, f"text {name}", w)
        # A header shows its view's model, which the view itself is checked for.
        model = (
            w.model()
            if isinstance(w, QAbstractItemView | QComboBox) and not isinstance(w, QHeaderView)
            else None
        )
        if model is not None:
            for shown, tip in _model_texts(model, QModelIndex()):
                # Items are drawn as plain text; their tooltips go through rich-text detection.
                findings.check(shown, Qt.TextFormat.PlainText, f"item {name}", w)
                findings.check(tip, Qt.TextFormat.AutoText, f"tooltip {name} item", w)
        if w.isVisible() and not isinstance(w, QAbstractItemView):
            _hover(w, findings, name)


def _hover(w: QWidget, findings: Findings, name: str) -> None:
    # Widgets that make up their tooltips on the fly (a heat map's cells) show them only on a
    # help event: ask for one at the middle of the widget and read what the tooltip shows. A
    # sentinel tells a new tooltip from one still fading out.
    QToolTip.showText(w.mapToGlobal(QPoint(0, 0)), SENTINEL, w)
    centre = w.rect().center()
    QApplication.sendEvent(w, QHelpEvent(QHelpEvent.Type.ToolTip, centre, w.mapToGlobal(centre)))
    if QToolTip.isVisible() and QToolTip.text() != SENTINEL:
        findings.check(QToolTip.text(), Qt.TextFormat.AutoText, f"tooltip {name} (hover)", w)
    QToolTip.hideText()


class MessageBoxes:
    """Records every message box instead of showing it (static helpers and `exec`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, findings: Findings) -> None:
        self.findings = findings
        self.count = 0

        def static(_parent, title, words, *args, **kwargs):  # type: ignore[no-untyped-def]
            # The static helpers always use Qt.AutoText.
            self.count += 1
            findings.check(words, Qt.TextFormat.AutoText, f"messagebox {title}")
            return QMessageBox.StandardButton.No

        def run(box: QMessageBox) -> int:
            self.count += 1
            findings.check(box.text(), box.textFormat(), f"messagebox {box.windowTitle()}")
            findings.check(box.informativeText(), box.textFormat(), "messagebox informative")
            return int(QMessageBox.StandardButton.No)

        for name in ("information", "warning", "critical", "question"):
            monkeypatch.setattr(QMessageBox, name, staticmethod(static))
        monkeypatch.setattr(QMessageBox, "exec", run)


@pytest.fixture
def planted_ctx(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "planted.fieldvisit")
    plant_markup(path)
    ws = open_workspace(path)
    ctx = AppContext(ws, AS_OF)
    try:
        yield ctx
    finally:
        ctx.tasks.shutdown()
        ws.close()


def test_markup_in_names_is_shown_as_text_on_every_page_and_dialog(
    qtbot, planted_ctx: AppContext, settle, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.main_window import MainWindow
    from fieldvisit.ui.search import SearchDialog

    ctx = planted_ctx
    findings = Findings()
    boxes = MessageBoxes(monkeypatch, findings)
    win = MainWindow(ctx, None, remember_geometry=False)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()

    def settled(page: QWidget | None = None) -> None:
        settle(ctx, page)
        QApplication.processEvents()

    for key in win.page_keys():
        page = win.show_page(key)
        assert page is not None
        settled(page)
        prepare = getattr(page, "prepare_screenshot", None)
        if callable(prepare):
            prepare()
            settled(page)
        walk(win, findings, key)

    # Visits: a trip, then the first visit and its cancel question (answered No).
    visits = win.show_page("visits")
    settled(visits)
    tree = visits.tree  # type: ignore[union-attr]
    rows = QTreeWidgetItemIterator(tree)
    trip = None
    while rows.value() is not None and trip is None:
        trip = rows.value() if rows.value().text(0).startswith("Trip: ") else None
        rows += 1
    assert trip is not None, "the small demo plans trips"
    tree.setCurrentItem(trip)
    walk(visits, findings, "visits-trip")
    planned = [v for v in visits.visit_rows() if v.status == "planned"]  # type: ignore[union-attr]
    visits.select_visit(planned[0].pk)  # type: ignore[union-attr]
    walk(visits, findings, "visits-visit")
    visits.detail.buttons["cancel"].click()  # type: ignore[union-attr]

    # Debriefs: the first debrief in the reading pane.
    debriefs = win.show_page("debriefs")
    settled(debriefs)
    if debriefs.list_view.model().rowCount() > 0:  # type: ignore[union-attr]
        debriefs.list_view.setCurrentIndex(debriefs.list_view.model().index(0, 0))  # type: ignore[union-attr]
        settled(debriefs)
    walk(debriefs, findings, "debriefs-chosen")

    # This week: plan, snooze and why on the first suggestion.
    week = win.show_page("week")
    settled(week)
    cards = list(week.cards)  # type: ignore[union-attr]
    assert cards, "the small demo suggests visits"
    suggestion = cards[0].suggestion
    for name, opener in (
        ("plan", lambda: week.plan(suggestion)),  # type: ignore[union-attr]
        ("snooze", lambda: week.snooze(suggestion)),  # type: ignore[union-attr]
        ("why", lambda: week.why(suggestion)),  # type: ignore[union-attr]
    ):
        dialog = opener()
        settled()
        walk(dialog, findings, name)
        dialog.close()
        settled()

    # Search results for the planted words.
    search = SearchDialog(ctx, win)
    qtbot.addWidget(search)
    search.show()
    search.box.setText("PAYMENT")
    search.run_search()
    assert search.results.count() > 0
    walk(search, findings, "search")
    search.close()

    assert boxes.count >= 1, "the cancel question was asked"
    # The walk must have met the markers, or it proves nothing.
    for kind in ("label", "tooltip", "item", "messagebox", "text", "title"):
        assert kind in findings.seen, f"no {kind} showed a planted name: {sorted(findings.seen)}"
    assert not findings.rendered, "markup rendered instead of shown:\n" + "\n".join(
        findings.rendered
    )
