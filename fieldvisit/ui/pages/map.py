"""The Map page: the week's visits, trips and stalled deals nearby, drawn offline.

The map (`widgets.map_canvas`) sits beside a legend and a list of its pins: the list is the
keyboard's way in (arrows move between pins and ring the one selected on the map, Enter opens
its account), and + / − / 0 zoom from the list too. What is shown comes from
`planning.map_view` in the background; accounts without a known place are listed under the pins.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import Kind
from fieldvisit.planning.map_view import (
    STATUS_WORDS,
    STATUSES,
    VISIT,
    MapPoint,
    MapView,
    map_executives,
    map_view,
)
from fieldvisit.reads.week_answers import kept_add_ons
from fieldvisit.ui import style
from fieldvisit.ui.pages.base import Page
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.widgets.map_canvas import MapCanvas
from fieldvisit.ui.widgets.map_pins import pin_pixmap

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext

SIDE_WIDTH = 290
ZOOM_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0)
LEGEND = {
    "planned": "Planned visit (ring)",
    "confirmed": "Confirmed: invites sent (disc)",
    "done": "Done (tick)",
    "cancelled": "Cancelled (cross)",
    "stalled": "Stalled deal nearby (diamond)",
}


def pin_words(point: MapPoint, as_of: date) -> str:
    """Return a pin's words: its account and status, then when, who or why."""
    if point.kind == VISIT and point.when is not None:
        day = style.local_day(point.when, point.tz)
        when = f"{day:%a} {style.short_day(day, as_of)}, {style.clock(point.when, point.tz)}"
        stop = f" · stop {point.stop} of trip {point.trip_id}" if point.stop else ""
        who = f" · {point.detail}" if point.detail else ""
        return f"{point.label} — {STATUS_WORDS[point.status].lower()}{stop}\n{when}{who}"
    return f"{point.label} — {STATUS_WORDS[point.status].lower()} ({point.ref})\n{point.detail}"


class PinList(QListWidget):
    """The pins as a list: Enter opens the selected pin's account; + − 0 zoom the map."""

    opened = Signal(int)

    def __init__(self, canvas: MapCanvas, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = canvas
        self.setAccessibleName("Pins on the map")
        self.setAccessibleDescription("Enter opens the account; plus and minus zoom the map")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setIconSize(QSize(20, 20))
        self.setUniformItemSizes(False)
        self.itemDoubleClicked.connect(lambda item: self.opened.emit(self.row(item)))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.opened.emit(self.currentRow())
            event.accept()
        elif key in ZOOM_KEYS and self.canvas.handle_key(key):
            event.accept()
        else:
            super().keyPressEvent(event)


class MapPage(Page):
    """Where the week's visits, trips and stalled deals nearby are."""

    key = "map"
    title = "Map"
    icon = "map"
    question = "Where are this week's visits, trips and the stalled deals near them?"
    shows = frozenset({Kind.VISITS, Kind.DEALS, Kind.SNOOZES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.view: MapView | None = None
        self.weeks_ahead = 0
        self._build_filters()
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        self.canvas = MapCanvas(self)
        row.addWidget(self.canvas, 1)
        row.addWidget(self._build_side())
        self.body.addLayout(row, 1)
        self.canvas.pin_picked.connect(self._pick)
        self.canvas.pin_opened.connect(self._open)
        self.pins.currentRowChanged.connect(self._selected)
        self.pins.opened.connect(self._open)

    # ----- building ---------------------------------------------------------------------------

    def _build_filters(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(style.SPACE_M)
        who = QLabel("E&xecutive:", self)
        self.executive = QComboBox(self)
        self.executive.setAccessibleName("Executive")
        self.executive.setMinimumWidth(150)
        self.executive.setMaximumWidth(240)
        self.executive.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.executive.setMinimumContentsLength(14)
        who.setBuddy(self.executive)
        self.executive.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.earlier = QPushButton("‹ P&revious", self)
        self.earlier.setAccessibleName("Previous week")
        self.earlier.clicked.connect(lambda: self._step(-1))
        self.span = style.label("", bold=True)
        self.span.setAccessibleName("Days shown")
        self.later = QPushButton("&Next ›", self)
        self.later.setAccessibleName("Next week")
        self.later.clicked.connect(lambda: self._step(1))
        self.fit = QPushButton("&Zoom to the week", self)
        self.fit.setToolTip("Show every pin (0 or Home on the map)")
        self.fit.clicked.connect(self.canvas_fit)
        for widget in (who, self.executive, self.earlier, self.span, self.later):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.body.addLayout(bar)

    def _build_side(self) -> QWidget:
        side = QWidget(self)
        side.setFixedWidth(SIDE_WIDTH)
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_M)
        legend = QFrame(side)
        legend.setAccessibleName("Legend")
        grid = QGridLayout(legend)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(style.SPACE_S)
        grid.setVerticalSpacing(1)
        ratio = self.devicePixelRatioF() or 1.0
        self.legend_marks: list[QLabel] = []
        for n, status in enumerate(STATUSES):
            mark = QLabel(legend)
            mark.setPixmap(pin_pixmap(status, 16, ratio))
            mark.setAccessibleName(LEGEND[status])
            self.legend_marks.append(mark)
            words = style.label(LEGEND[status], size=style.SMALL_PT)
            grid.addWidget(mark, n, 0)
            grid.addWidget(words, n, 1)
        grid.setColumnStretch(1, 1)
        col.addWidget(legend)
        self.routes = style.label("", role="muted", size=style.SMALL_PT, wrap=True)
        self.routes.setAccessibleName("Trips")
        col.addWidget(self.routes)
        heading = QLabel("&Pins", side)
        heading.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
        self.pins_heading = heading
        col.addWidget(heading)
        self.pins = PinList(self.canvas, side)
        heading.setBuddy(self.pins)
        col.addWidget(self.pins, 1)
        self.empty = style.label(
            "Nothing planned in these seven days: try Next week.", role="muted", wrap=True
        )
        self.empty.hide()
        col.addWidget(self.empty)
        self.unplaced = style.label("", role="muted", size=style.SMALL_PT, wrap=True)
        self.unplaced.setAccessibleName("Accounts not on the map")
        self.unplaced.hide()
        col.addWidget(self.unplaced)
        hint = style.label(
            "Enter opens the account · + − zoom · arrows pan the map",
            role="muted",
            size=style.SMALL_PT,
            wrap=True,
        )
        col.addWidget(hint)
        col.addWidget(self.fit, 0, Qt.AlignmentFlag.AlignLeft)
        return side

    # ----- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        ws, as_of, rules = self.ctx.workspace, self.ctx.as_of, self.ctx.rules()
        chosen, ahead = self.executive.currentData(), self.weeks_ahead

        kept = self.ctx.trip_add_ons

        def work(_progress: Any, _cancelled: Any) -> tuple[MapView, list[tuple[int, str]]]:
            # This week's, on the same data (a team workspace's data has no stamp: read anew).
            known = None if ws.is_team else kept_add_ons(kept, ws.path, as_of)
            with ws.connect() as conn:
                view = map_view(conn, as_of, rules, chosen, ahead, add_ons=known)
                return view, map_executives(conn)

        self.set_busy(True)
        self.ctx.tasks.run(
            work,
            title="Drawing the map",
            on_done=self._loaded,
            on_error=self._failed,
            cancellable=False,
            key=self.task_key(),
        )

    def _failed(self, exc: BaseException) -> None:
        self.routes.setText(f"The map could not be drawn: {exc}")
        self.set_busy(False)

    def _loaded(self, result: tuple[MapView, list[tuple[int, str]]]) -> None:
        view, executives = result
        self.view = view
        self._fill_executives(executives)
        as_of = self.ctx.as_of
        self.span.setText(f"{view.first:%a} {style.short_day(view.first, as_of)} – "
                          f"{view.last:%a} {style.short_day(view.last, as_of)}")  # fmt: skip
        tips = [pin_words(p, as_of) for p in view.points]
        self.canvas.show_points(view.points, view.routes, tips)
        self._fill_pins(view, tips)
        self.routes.setText(
            "\n".join(
                f"Trip {r.trip_id} · {r.executive_name}: {r.name}, "
                f"{style.plural(len(r.stops), 'stop')}"
                for r in view.routes
            )
        )
        self.routes.setVisible(bool(view.routes))
        self.empty.setVisible(not view.points)
        self.unplaced.setText(
            f"Not on the map ({style.number(len(view.unplaced))}): {', '.join(view.unplaced)} — "
            "no place is known for their city."
        )
        self.unplaced.setVisible(bool(view.unplaced))
        self.set_busy(False)

    def _fill_executives(self, executives: list[tuple[int, str]]) -> None:
        chosen = self.executive.currentData()
        self.executive.blockSignals(True)
        self.executive.clear()
        self.executive.addItem("Everyone", None)
        for pk, name in executives:
            self.executive.addItem(name, pk)
        found = self.executive.findData(chosen)
        self.executive.setCurrentIndex(max(found, 0))
        self.executive.blockSignals(False)

    def _fill_pins(self, view: MapView, tips: list[str]) -> None:
        ratio = self.devicePixelRatioF() or 1.0
        self.pins.blockSignals(True)
        self.pins.clear()
        for point, words in zip(view.points, tips, strict=True):
            number = f"{point.stop}. " if point.stop else ""
            item = QListWidgetItem(f"{number}{words}")
            item.setIcon(pin_pixmap(point.status, 20, ratio))
            item.setToolTip(as_text(words))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{number}{words}")
            self.pins.addItem(item)
        self.pins.blockSignals(False)
        self.pins_heading.setText(f"&Pins ({style.number(len(view.points))})")

    # ----- actions -------------------------------------------------------------------------------

    def _filter_changed(self) -> None:
        self.mark_stale()

    def _step(self, weeks: int) -> None:
        self.weeks_ahead += weeks
        self.mark_stale()

    def canvas_fit(self) -> None:
        """Zoom the map to the week's pins."""
        self.canvas.fit()

    def _selected(self, row: int) -> None:
        self.canvas.highlight(row if row >= 0 else None)

    def _pick(self, index: int) -> None:
        self.pins.setCurrentRow(index)

    def _open(self, index: int) -> None:
        if self.view is not None and 0 <= index < len(self.view.points):
            self.navigate_requested.emit(f"account#{self.view.points[index].account_pk}")
