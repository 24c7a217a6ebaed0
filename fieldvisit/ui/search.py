"""Ctrl+K: one box to find accounts, deals, people and debriefs, and jump to them.

Where each kind of hit goes: an account to its page; a contact to their account's page, picked out
in its People tab; a deal to the Deals page with the deal selected; an executive to Coverage with
their row of the weekly visits picked out and their figures said; a rep to Deals with the owner
filter set to them (visible, cleared with "All owners"); a debrief opens in the debrief editor (on
the Debriefs page). The rep and executive landings are in `search_routes`."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from sqlalchemy.engine import Connection

from fieldvisit.reads import search
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.resources import icon

PER_KIND = search.PER_KIND
DELAY_MS = 150
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class SearchHit:
    """Something found: what it is, its row key, its name, and the page that shows it."""

    kind: str  # account, deal, executive, rep, contact, debrief
    pk: int
    label: str
    detail: str
    page: str
    account_pk: int | None = None  # a contact's account (its page shows them among its people)


# Which page shows each kind of hit.
HIT_PAGES = {
    "account": "account",
    "deal": "deals",
    "executive": "coverage",
    "rep": "deals",
    "contact": "account",
    "debrief": "debriefs",
}


def find(conn: Connection, typed: str, limit: int = PER_KIND) -> list[SearchHit]:
    """Return what matches `typed` (`reads.search`), each with the page that shows it."""
    found = search.find(conn, typed, limit, money=style.money, day=style.short_day)
    return [
        SearchHit(m.kind, m.pk, m.label, m.detail, HIT_PAGES[m.kind], m.account_pk) for m in found
    ]


KIND_ICONS = {
    "account": "account",
    "deal": "deals",
    "executive": "person",
    "rep": "person",
    "contact": "people",
    "debrief": "debriefs",
}


class SearchDialog(QDialog):
    """A search box with results as you type; Enter opens the chosen one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.hit: SearchHit | None = None
        self.setWindowTitle("Search")
        self.setAccessibleName("Search accounts, deals, people and debriefs")
        self.resize(640, 460)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_L, style.SPACE_L, style.SPACE_L, style.SPACE_L)
        self.box = QLineEdit(self)
        self.box.setPlaceholderText("Search accounts, deals, people and debriefs")
        self.box.setAccessibleName("Search")
        self.box.setFont(style.font(style.BODY_PT + 2))
        self.box.setClearButtonEnabled(True)
        col.addWidget(self.box)
        self.results = QListWidget(self)
        self.results.setAccessibleName("Results")
        self.results.setAlternatingRowColors(False)
        self.results.setWordWrap(True)
        col.addWidget(self.results, 1)
        self.note = style.label("Type two letters or more.", role="muted")
        col.addWidget(self.note)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._open_current)
        self.results.itemActivated.connect(self._open)
        self.box.installEventFilter(self)

    def run_search(self) -> None:
        """Search now for what is typed and list the hits."""
        with self.ctx.workspace.connect() as conn:
            hits = find(conn, self.box.text())
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(
                icon(KIND_ICONS.get(hit.kind, "search"), on_highlight=True),
                f"{hit.label}\n{hit.detail}",
            )
            item.setData(HIT_ROLE, hit)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
            self.note.setText("Enter opens the highlighted result; arrows move.")
        elif len(self.box.text().strip()) >= 2:
            self.note.setText(f"Nothing matches “{self.box.text().strip()}”.")
        else:
            self.note.setText("Type two letters or more.")

    def eventFilter(self, obj: object, event: object) -> bool:  # noqa: N802 - Qt's name
        # Up and down in the box move through the results, so the hands stay on the keys.
        if (
            obj is self.box
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
            self.results.setCurrentRow(row)
            return True
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    def _open_current(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.hit = hit
            self.accept()
