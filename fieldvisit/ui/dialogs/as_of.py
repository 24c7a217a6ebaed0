"""Look at another date: the header's "as of" chooser (click it, or Ctrl+Shift+D).

Choosing a day re-plans every page as of that day for this session (`AppContext.set_as_of`);
nothing is stored, and "Back to the workspace's date" returns to the date the workspace plans
as of (`store.as_of`: a demo's own day, else today).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.store.as_of import local_today
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.focus_return import return_focus


def next_monday(day: date) -> date:
    """Return the Monday after `day` (a week on when `day` is a Monday)."""
    return day + timedelta(days=7 - day.weekday())


def as_of_words(ctx: AppContext) -> str:
    """Return the header's words: the date planned from, and the workspace's own when it differs."""
    if not ctx.looking_elsewhere:
        return f"as of {style.day(ctx.as_of)}"
    return f"as of {style.day(ctx.as_of)} · workspace date {style.day(ctx.home_as_of)}"


class AsOfDialog(QDialog):
    """A calendar with Today, Next Monday and Back to the workspace's date; Enter chooses."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or local_today()
        self.setWindowTitle("Plan as of")
        self.setAccessibleName("Plan as of another date")
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_L, style.SPACE_L, style.SPACE_L, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        col.addWidget(
            style.label(
                "Every page plans as of the day you choose, for this session. "
                "Arrow keys move, Enter chooses.",
                role="muted",
                wrap=True,
            )
        )
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setAccessibleName("Day to plan as of")
        # Room for every weekday's name and six weeks of days (its own hint cut them to "…").
        self.calendar.setMinimumSize(400, 260)
        self.calendar.setSelectedDate(_qdate(ctx.as_of))
        _readable_weekends(self.calendar)
        self.month_button = _plain_month_button(self.calendar)
        self.calendar.activated.connect(lambda d: self.choose(d.toPython()))
        col.addWidget(self.calendar)
        row = QHBoxLayout()
        self.today_button = self._button("&Today", self.today, row)
        self.monday_button = self._button("&Next Monday", next_monday(ctx.as_of), row)
        self.home_button = self._button(
            f"&Back to the workspace's date ({style.day(ctx.home_as_of)})", ctx.home_as_of, row
        )
        # Nothing to go back to while looking at the workspace's own date.
        self.home_button.setVisible(ctx.looking_elsewhere)
        row.addStretch(1)
        col.addLayout(row)
        self.calendar.setFocus()

    def _button(self, words: str, day: date, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(words, self)
        button.setAccessibleName(words.replace("&", ""))
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False, d=day: self.choose(d))
        row.addWidget(button)
        return button

    def choose(self, day: date) -> None:
        """Plan every page as of `day` and close."""
        self.ctx.set_as_of(day)
        self.accept()


def choose_as_of(ctx: AppContext, parent: QWidget | None = None) -> AsOfDialog:
    """Open the chooser (window-modal, without blocking) and return it."""
    dialog = AsOfDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    return_focus(dialog).open()
    return dialog


def _readable_weekends(calendar: QCalendarWidget) -> None:
    """Write Saturdays and Sundays in the theme's red (Qt's pure red is faint on dark)."""
    for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        words = calendar.weekdayTextFormat(weekday)
        words.setForeground(style.tone("red"))
        calendar.setWeekdayTextFormat(weekday, words)


def _plain_month_button(calendar: QCalendarWidget) -> QToolButton | None:
    """Drop the menu arrow Qt draws under the month's name (it read as a stray dot)."""
    button = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    if isinstance(button, QToolButton):
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
    return button


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
