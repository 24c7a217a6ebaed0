"""Ctrl+K: one box to find accounts, deals, people and debriefs, and jump to them.

Where each kind of hit goes: an account to its page; a contact to their account's page, picked out
in its People tab; a deal to the Deals page with the deal selected; an executive to Coverage
(visits against their target); a rep to Deals filtered by their name; a debrief opens in the
debrief editor (on the Debriefs page)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit import debriefs
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.resources import icon

PER_KIND = 6
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


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find(conn: Connection, typed: str, limit: int = PER_KIND) -> list[SearchHit]:
    """Return what matches `typed`: accounts, deals, people, then debriefs (full text)."""
    typed = typed.strip()
    if len(typed) < 2:
        return []
    q = {"q": _like(typed), "n": limit}
    esc = " ESCAPE '\\'"
    hits: list[SearchHit] = []
    for pk, name, city, tier in conn.execute(
        text(
            f"SELECT id, name, city, tier FROM account WHERE name LIKE :q{esc} ORDER BY name LIMIT :n"
        ),
        q,
    ):
        where = f"{city} · " if city else ""
        hits.append(SearchHit("account", pk, name, f"Account · {where}{tier}", "account"))
    for pk, name, account, stage, amount, currency in conn.execute(
        text(
            "SELECT d.id, d.name, a.name, d.stage, d.amount, d.currency FROM deal d "
            f"JOIN account a ON a.id = d.account_id WHERE d.status = 'open' AND "
            f"(d.name LIKE :q{esc} OR d.external_id = :exact) ORDER BY d.amount DESC LIMIT :n"
        ),
        {**q, "exact": typed},
    ):
        detail = f"Deal · {account} · {stage} · {style.money(amount, currency)}"
        hits.append(SearchHit("deal", pk, name, detail, "deals"))
    for kind, sql, page in (
        (
            "executive",
            "SELECT id, name, coalesce(title, 'Executive') FROM executive "
            f"WHERE name LIKE :q{esc} OR email LIKE :q{esc} ORDER BY name LIMIT :n",
            "coverage",
        ),
        (
            "rep",
            "SELECT id, name, 'Rep' || coalesce(' · ' || region, '') FROM rep "
            f"WHERE name LIKE :q{esc} OR email LIKE :q{esc} ORDER BY name LIMIT :n",
            "deals",
        ),
    ):
        for pk, name, detail in conn.execute(text(sql), q):
            hits.append(SearchHit(kind, pk, name, detail, page))
    for pk, name, detail, account_pk in conn.execute(
        text(
            "SELECT c.id, c.name, coalesce(c.title || ' · ', '') || a.name, a.id FROM contact c "
            f"JOIN account a ON a.id = c.account_id WHERE c.name LIKE :q{esc} ORDER BY c.name "
            "LIMIT :n"
        ),
        q,
    ):
        hits.append(SearchHit("contact", pk, name, detail, "account", account_pk))
    if debriefs.fts_query(typed):
        for row in debriefs.list_debriefs(conn, typed, limit=limit):
            snippet = re.sub(r"<[^>]+>", "", unescape(row.snippet_html))
            label = f"Debrief: {row.account_name}, {style.short_day(row.visit_start.date())}"
            hits.append(SearchHit("debrief", row.visit_id, label, snippet[:120], "debriefs"))
    return hits


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
                icon(KIND_ICONS.get(hit.kind, "search")), f"{hit.label}\n{hit.detail}"
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
