"""The debrief list: a lazy list model over SQL pages, and a delegate that draws each debrief.

The first page arrives from a background task; later pages are fetched as the view scrolls
(`canFetchMore`/`fetchMore`), a hundred rows at a time, with the same query.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from fieldvisit import debriefs
from fieldvisit.debriefs import DebriefRow
from fieldvisit.store import Workspace
from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 100
SENTIMENT_WORDS = {"better": "better", "same": "same", "worse": "worse"}

Index = QModelIndex | QPersistentModelIndex
# The root index, shared as the default argument (an invalid index is immutable).
_ROOT = QModelIndex()


class DebriefListModel(QAbstractListModel):
    """Debriefs matching the current search, fetched page by page."""

    def __init__(self, workspace: Workspace, parent: Any = None):
        super().__init__(parent)
        self.workspace = workspace
        self.query = ""
        self.total = 0
        self._rows: list[DebriefRow] = []

    def show_page(self, query: str, rows: list[DebriefRow], total: int) -> None:
        """Replace the list with the first page of a (new) search."""
        self.beginResetModel()
        self.query = query
        self._rows = list(rows)
        self.total = total
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{row.account_name}, {style.day(row.visit_start.date())}"
            if row.executives:
                text += f", {row.executives}"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_text(row.account_name)  # a tooltip guesses rich text
        return None

    def canFetchMore(self, parent: Index = _ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = _ROOT) -> None:  # noqa: N802
        if parent.isValid():
            return
        with self.workspace.connect() as conn:
            more = debriefs.list_debriefs(conn, self.query, limit=PAGE_SIZE, offset=len(self._rows))
        if not more:
            self.total = len(self._rows)  # the workspace changed under us; stop asking
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def row_at(self, index: int) -> DebriefRow | None:
        """Return the debrief on a row, or None."""
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def row_of_visit(self, visit_pk: int) -> int:
        """Return the row showing a visit's debrief (-1 when it is not loaded)."""
        return next((i for i, r in enumerate(self._rows) if r.visit_id == visit_pk), -1)


class DebriefDelegate(QStyledItemDelegate):
    """Draws a debrief as: account (bold) · day and executives (muted) · snippet with hits."""

    PAD = style.SPACE_M

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view
        self._width = -1
        # A row's height depends on the width its text wraps to: when the list's width changes,
        # every row is measured again at once (a row measured wider ran under the next one).
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            width = self._text_width()
            if width != self._width:
                self._width = width
                self._view.doItemsLayout()
        return False

    def _text_width(self) -> int:
        """The width the text wraps to: the list's, less a scroll bar's even when none shows
        (so a scroll bar that appears after the rows are measured takes nothing from them)."""
        view = self._view
        bar = view.verticalScrollBar()
        full = view.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
        return max(160, full) - 2 * self.PAD

    def _doc(self, row: DebriefRow, width: float, option: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        muted = style.muted_colour().name()
        meta = style.day(row.visit_start.date(), with_year=True)
        if row.executives:
            meta += f" · {row.executives}"
        if row.sentiment in SENTIMENT_WORDS:
            meta += f" · deal {SENTIMENT_WORDS[row.sentiment]}"
        snippet = row.snippet_html or "<i>No summary written.</i>"
        doc.setHtml(
            f"<div style='font-weight:600'>{escape(row.account_name)}</div>"
            f"<div style='color:{muted}'>{escape(meta)}</div>"
            f"<div style='margin-top:3px'>{snippet}</div>"
        )
        doc.setTextWidth(width)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style_obj = widget.style() if widget is not None else QApplication.style()
        style_obj.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = option.rect.adjusted(self.PAD, self.PAD // 2 + 2, -self.PAD, -self.PAD // 2)
        doc = self._doc(row, min(rect.width(), self._text_width()), option)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        # The selection is a soft tint (see the list's style sheet), so the text keeps its colour.
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        # A hairline between debriefs keeps a long list calm without boxes.
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        row = index.data(ROW_ROLE)
        if row is None:
            return super().sizeHint(option, index)
        # Wrap to the list's visible width (never wider: no sideways scrolling in a list).
        width = self._text_width()
        doc = self._doc(row, width, option)
        return QSize(int(width + 2 * self.PAD), int(doc.size().height()) + self.PAD + 4)
