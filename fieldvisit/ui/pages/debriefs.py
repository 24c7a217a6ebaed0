"""Debriefs: what did we learn? Search, the list, the reading pane, what is owed, and friction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldvisit import debriefs, planning
from fieldvisit.changes import Kind
from fieldvisit.debriefs import DebriefRow, DueVisit
from fieldvisit.planning import FrictionTheme
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.debrief_text import debrief_html
from fieldvisit.ui.dialogs.launch import open_debrief_editor
from fieldvisit.ui.keep_place import hold_scroll
from fieldvisit.ui.models.debriefs import PAGE_SIZE, DebriefDelegate, DebriefListModel
from fieldvisit.ui.pages.base import Page, button, empty_state
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.resources import icon as load_icon
from fieldvisit.ui.widgets.friction import FrictionPanel
from fieldvisit.ui.widgets.section_card import card

SEARCH_DELAY_MS = 250
FRICTION_DAYS = 180
DUE_SHOWN = 5


@dataclass(frozen=True)
class _Loaded:
    query: str
    rows: list[DebriefRow]
    total: int
    due: list[DueVisit] | None = None
    due_count: int = 0
    themes: list[FrictionTheme] | None = None


SIDE_MIN_PX = 280


class DebriefsPage(Page):
    key = "debriefs"
    title = "Debriefs"
    icon = "debriefs"
    question = "What did we learn?"
    shows = frozenset({Kind.DEBRIEFS, Kind.VISITS, Kind.RULES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._selected_visit: int | None = None
        self.model = DebriefListModel(ctx.workspace, self)

        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        self.body.addLayout(row, 1)
        row.addLayout(self._build_list_column(), 3)
        row.addWidget(self._build_reading_pane(), 4)
        row.addWidget(self._build_side_column(), 3)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(lambda: self._load(full=False))
        self.search_box.textChanged.connect(lambda _t: self.search_timer.start())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search_box.setFocus)

    # ----- building ------------------------------------------------------------------------

    def _build_list_column(self) -> QVBoxLayout:
        col = QVBoxLayout()
        col.setSpacing(style.SPACE_M)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search debriefs: words, people, competitors…")
        self.search_box.setAccessibleName("Search debriefs")
        self.search_box.setClearButtonEnabled(True)
        col.addWidget(self.search_box)
        self.count_label = style.label("", role="muted", wrap=True)  # never sets the width
        self.count_label.setAccessibleName("Number of debriefs found")
        col.addWidget(self.count_label)
        self.list_view = QListView(self)
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(DebriefDelegate(self.list_view))
        self.list_view.setAccessibleName("Debriefs")
        self.list_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setStyleSheet(
            "QListView { border: 1px solid palette(mid); border-radius: 6px;"
            " background: palette(base); }"
            "QListView::item:selected { background: palette(midlight); color: palette(text); }"
        )
        self.list_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list_view.activated.connect(lambda _i: self.edit_selected())
        col.addWidget(self.list_view, 1)
        self.list_empty = empty_state(
            "No debriefs yet.",
            detail="After a visit, write a debrief in a minute: what you learned, who you met, "
            "what blocks the team. It shows up here and in search.",
            icon_name="debriefs",
            parent=self,
        )
        self.list_empty.hide()
        col.addWidget(self.list_empty)
        return col

    def _build_reading_pane(self) -> QWidget:
        frame, col = card(self, "")
        frame.property("heading").hide()
        actions = QHBoxLayout()
        self.reading_title = style.label("", wrap=True)
        self.reading_title.setFont(style.card_title_font())
        actions.addWidget(self.reading_title, 1)
        self.edit_button = button("Edit debrief", frame, "write")
        self.edit_button.clicked.connect(self.edit_selected)
        self.edit_button.setEnabled(False)
        actions.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(actions)
        self.reader = QTextBrowser(frame)
        self.reader.setAccessibleName("The selected debrief")
        self.reader.setOpenLinks(False)
        self.reader.setFrameShape(QFrame.Shape.NoFrame)
        self.reader.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reader.document().setDocumentMargin(0)
        # The scroll bar shows its track here: a handle alone, over a long debrief, read as a
        # scroll bar that stopped half-way down the text.
        self.reader.setStyleSheet(
            "QTextBrowser { border: none; background: transparent; }"
            "QScrollBar:vertical { background: palette(midlight); border-radius: 4px; }"
        )
        muted = style.muted_colour().name()
        self.reader.document().setDefaultStyleSheet(
            f".muted {{ color: {muted}; }} h3 {{ font-size: {style.BODY_PT + 1}pt;"
            f" margin-top: 14px; margin-bottom: 4px; }} th {{ color: {muted}; }}"
        )
        col.addWidget(self.reader, 1)
        self._show_nothing_selected()
        return frame

    def _build_side_column(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget(scroll)
        col = QVBoxLayout(holder)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_L)
        due_card, self.due_layout = card(holder, "Debriefs due")
        self.due_heading = due_card.property("heading")
        self.due_rows = QVBoxLayout()
        self.due_rows.setSpacing(style.SPACE_M)
        self.due_layout.addLayout(self.due_rows)
        col.addWidget(due_card)
        friction_card, friction_layout = card(holder, "What blocks our field team")
        friction_layout.addWidget(
            style.label(
                f"Named in debriefs over the last {style.plural(FRICTION_DAYS, 'day')}",
                role="muted",
                wrap=True,
            )
        )
        self.friction = FrictionPanel(friction_card, max_themes=6, max_quotes=1)
        friction_layout.addWidget(self.friction)
        col.addWidget(friction_card)
        col.addStretch(1)
        scroll.setWidget(holder)
        # Wide enough for a due visit's Write button beside its name at 1024 px (it was cut off).
        scroll.setMinimumWidth(SIDE_MIN_PX)
        return scroll

    # ----- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        self._load(full=True)

    def workspace_opened(self) -> None:
        self.model.workspace = self.ctx.workspace

    def _load(self, *, full: bool) -> None:
        query = self.search_box.text()
        ws, as_of = self.ctx.workspace, self.ctx.as_of
        rules = self.ctx.rules() if full else None

        def work(_progress: Any, _cancelled: Any) -> _Loaded:
            with ws.connect() as conn:
                rows = debriefs.list_debriefs(conn, query, limit=PAGE_SIZE)
                total = debriefs.count_debriefs(conn, query)
                if not full:
                    return _Loaded(query, rows, total)
                due = debriefs.debriefs_due(conn, as_of, limit=DUE_SHOWN)
                due_count = debriefs.count_debriefs_due(conn, as_of)
                themes = planning.friction_themes(conn, as_of, rules, days=FRICTION_DAYS)
                return _Loaded(query, rows, total, due, due_count, themes)

        self.set_busy(True)
        self.ctx.tasks.run(
            work,
            title="Loading debriefs",
            on_done=self._loaded,
            on_error=self._failed,
            cancellable=False,
            key=self.task_key(),  # an older search finishing after a newer one is dropped
        )

    def _loaded(self, loaded: _Loaded) -> None:
        keep, same, fetched = self._selected_visit, self.model.query == loaded.query, 0
        if same:  # the same list, changed: keep its place (and as many rows as were shown)
            hold_scroll(self.list_view.verticalScrollBar())
            fetched = self.model.rowCount()
        self.model.show_page(loaded.query, loaded.rows, loaded.total)
        while self.model.rowCount() < fetched and self.model.canFetchMore():
            self.model.fetchMore()
        self._show_count(loaded)
        if loaded.due is not None:
            self._show_due(loaded.due, loaded.due_count)
        if loaded.themes is not None:
            self.friction.show_themes(loaded.themes, self.ctx.as_of, FRICTION_DAYS)
        row = self.model.row_of_visit(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount() and not loaded.query:
            row = 0
        if row >= 0:
            self.list_view.setAutoScroll(not same)  # the same row again: the list stays put
            self.list_view.setCurrentIndex(self.model.index(row))
            self.list_view.setAutoScroll(True)
        else:
            self._show_nothing_selected()
        self.set_busy(False)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText(f"Debriefs could not be loaded: {exc}")
        self.set_busy(False)

    def _show_count(self, loaded: _Loaded) -> None:
        nothing_at_all = loaded.total == 0 and not loaded.query.strip()
        self.list_view.setVisible(not nothing_at_all)
        self.list_empty.setVisible(nothing_at_all)
        if loaded.query.strip():
            if loaded.total:
                text = f"{style.plural(loaded.total, 'debrief')} mention “{loaded.query.strip()}”"
            else:
                text = f"No debrief mentions “{loaded.query.strip()}”. Try fewer or other words."
        else:
            text = style.plural(loaded.total, "debrief") + ", newest visit first"
        self.count_label.setText(text)

    def _show_due(self, due: list[DueVisit], count: int) -> None:
        while self.due_rows.count():
            item = self.due_rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
            elif item.layout() is not None:
                _clear(item.layout())
        self.due_heading.setText(
            f"Debriefs due ({style.number(count)})" if count else "Debriefs due"
        )
        if not due:
            self.due_rows.addWidget(
                style.label(
                    "Nothing owed: every visit that happened has its debrief.",
                    role="muted",
                    wrap=True,
                )
            )
            return
        for visit in due:
            line = QHBoxLayout()
            words = QVBoxLayout()
            words.setSpacing(0)
            words.addWidget(style.label(visit.account_name, bold=True, wrap=True))
            meta = style.day(visit.visit_start.date())
            if visit.executives:
                meta += f" · {visit.executives}"
            words.addWidget(style.label(meta, role="muted", wrap=True))
            line.addLayout(words, 1)
            label = "Finish" if visit.has_draft else "Write"
            action = QPushButton(label, self)
            action.setIcon(load_icon("write"))
            words = "Finish the draft debrief" if visit.has_draft else "Write the debrief"
            action.setAccessibleName(f"{words} for {visit.account_name}")
            action.setToolTip(as_text(f"{words} for {visit.account_name}"))
            action.clicked.connect(lambda _c=False, v=visit.visit_id: self.open_editor(v))
            line.addWidget(action, 0, Qt.AlignmentFlag.AlignVCenter)
            self.due_rows.addLayout(line)
        if count > len(due):
            self.due_rows.addWidget(
                style.label(
                    f"and {style.plural(count - len(due), 'more visit')} owed", role="muted"
                )
            )

    # ----- reading and editing --------------------------------------------------------------

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.list_view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            self._show_nothing_selected()
            return
        self.show_debrief(row.visit_id)

    def show_debrief(self, visit_pk: int) -> None:
        """Show one visit's debrief in the reading pane."""
        with self.ctx.workspace.connect() as conn:
            header = debriefs.visit_header(conn, visit_pk)
            data = debriefs.load_debrief(conn, visit_pk)
        self._selected_visit = visit_pk
        if data is None:
            self._show_nothing_selected()
            return
        self.reading_title.setText(header.account_name)
        self.reader.setHtml(debrief_html(header, data, self.ctx.as_of, title=False))
        self.edit_button.setEnabled(True)

    def _show_nothing_selected(self) -> None:
        self.reading_title.setText("")
        muted = style.muted_colour().name()
        self.reader.setHtml(
            f"<p style='color:{muted}'>Pick a debrief on the left to read it here. "
            "Search finds words anywhere in a debrief: what was learned, who was met, "
            "competitors, budget.</p>"
        )
        self.edit_button.setEnabled(False)

    def edit_selected(self) -> None:
        """Open the editor on the debrief being read."""
        if self._selected_visit is not None:
            self.open_editor(self._selected_visit)

    def open_editor(self, visit_pk: int) -> None:
        """Open the debrief editor for a visit."""
        editor = open_debrief_editor(self.ctx, visit_pk, self.window())
        editor.debrief_saved.connect(lambda v: setattr(self, "_selected_visit", v))


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())
