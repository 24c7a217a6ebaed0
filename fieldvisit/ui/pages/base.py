"""What every page has: a header (title, its one question, the as-of date, search) and a body.

A page subclass sets `key`, `title`, `icon`, `question` and `shows` (the kinds of data it shows),
builds its content into `self.body` (a QVBoxLayout) and implements `refresh()`. Pages load
lazily: a change announced on the AppContext (`ctx.changed`) that touches what a page shows only
marks it stale; it refreshes when it is next shown, or on the next pass of the event loop when it
is on screen (once, however many changes arrived), so pages nobody looks at cost nothing on a
large workspace. The window talks to a page only through the hooks declared below (`show_section`,
`show_hit`, `plan_visit_target`, …); a page overrides the ones it answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import Changes, Kind
from fieldvisit.ui import style
from fieldvisit.ui.resources import icon as load_icon
from fieldvisit.ui.resources import pixmap

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext


class Page(QWidget):
    """One page of the main window, answering one question."""

    key: str = ""
    title: str = ""
    icon: str = ""
    question: str = ""
    # The kinds of data the page shows: a change of any of them (or of the as-of date, or another
    # workspace) makes it stale.
    shows: ClassVar[frozenset[Kind]] = frozenset()

    search_requested = Signal()
    navigate_requested = Signal(str)  # another page's key
    busy_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.key}")
        self.setAccessibleName(self.title)
        self._stale = True
        self._busy = False
        self._refresh_pending = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_M)
        outer.setSpacing(style.SPACE_L)
        outer.addWidget(self._build_header())
        self.body = QVBoxLayout()
        self.body.setSpacing(style.SPACE_L)
        outer.addLayout(self.body, 1)
        ctx.changed.connect(self._changed)

    # ----- header ------------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        header = QWidget(self)
        row = QHBoxLayout(header)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(style.SPACE_L)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title_label = style.label(self.title, parent=header)
        self.title_label.setFont(style.page_title_font())
        self.title_label.setAccessibleName(f"{self.title} page")
        # Wraps: a long question never sets the window's minimum width (1024 px fits every page).
        self.question_label = style.label(self.question, role="muted", wrap=True)
        titles.addWidget(self.title_label)
        titles.addWidget(self.question_label)
        row.addLayout(titles, 1)
        self.header_actions = QHBoxLayout()
        self.header_actions.setSpacing(style.SPACE_M)
        row.addLayout(self.header_actions)
        # The as-of date: click it (or Ctrl+Shift+D) to plan as of another day.
        self.as_of_button = QPushButton(header)
        self.as_of_button.setAccessibleName("As of date")
        self.as_of_button.setToolTip("Plan as of another date (Ctrl+Shift+D)")
        self.as_of_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.as_of_button.clicked.connect(self.choose_as_of)
        self._show_as_of()
        row.addWidget(self.as_of_button, 0, Qt.AlignmentFlag.AlignVCenter)
        search = QPushButton(load_icon("search"), "Search   Ctrl+K", header)
        search.setIconSize(QSize(16, 16))
        search.setAccessibleName("Search accounts, deals, people and debriefs")
        search.setToolTip("Search accounts, deals, people and debriefs (Ctrl+K)")
        search.setMinimumWidth(180)
        search.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        search.clicked.connect(self.search_requested.emit)
        self.search_button = search
        row.addWidget(search, 0, Qt.AlignmentFlag.AlignVCenter)
        return header

    def _show_as_of(self) -> None:
        from fieldvisit.ui.dialogs.as_of import as_of_words

        button, elsewhere = self.as_of_button, self.ctx.looking_elsewhere
        button.setText(as_of_words(self.ctx))
        button.setAccessibleDescription(
            "Not the workspace's own date" if elsewhere else "The workspace's own date"
        )
        # At the workspace's date: a quiet link. Elsewhere: the accent, so it is not missed.
        button.setProperty("flat", not elsewhere)
        button.setProperty("primary", elsewhere)
        button.style().unpolish(button)
        button.style().polish(button)

    def choose_as_of(self) -> None:
        """Open the date chooser; the chosen day re-plans every page."""
        from fieldvisit.ui.dialogs.as_of import choose_as_of

        choose_as_of(self.ctx, self)

    # ----- the hooks the window calls (a page overrides those it answers) ---------------------

    def opened_from(self, key: str) -> None:
        """The window is about to show this page, coming from the page `key` (for Back)."""

    def show_section(self, section: str) -> None:
        """Show a part of the page named in its address ("settings#titles", "account#42")."""

    def show_hit(self, hit: Any) -> None:
        """Show what Ctrl+K search found (a `search.SearchHit` whose `page` is this one)."""

    def go_back(self) -> None:
        """View › Back (Alt+Left): return to where the page was opened from."""

    def plan_visit_target(self) -> int | None:
        """Return the deal Ctrl+N plans a visit for (None: the dialog lets the user choose)."""
        return None

    def debrief_target(self) -> int | None:
        """Return the visit Ctrl+D writes a debrief for (None: the most recent one owed)."""
        return None

    def selected_visit(self) -> Any:
        """Return the visit selected on the page (a `VisitLine`; None when none is)."""
        return None

    def prepare_screenshot(self) -> None:
        """Pick something to show before a screenshot (the first deal's detail, …)."""

    def workspace_opened(self) -> None:
        """Another workspace is open: drop what belongs to the old one (before the reload)."""

    # ----- life cycle ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload what the page shows from the workspace (subclasses override)."""
        self._stale = False

    def _changed(self, changes: Changes) -> None:
        if Kind.WORKSPACE in changes:
            self.workspace_opened()
        if changes.touches((Kind.AS_OF,)):
            self._show_as_of()  # another date, or another workspace with a date of its own
        if changes.touches(self.shows | {Kind.AS_OF}):
            self.mark_stale()

    def mark_stale(self) -> None:
        """Note the data changed; reload on the next pass of the event loop when visible (once,
        however often this is called meanwhile), else when next shown."""
        self._stale = True
        if self.isVisible():
            self._schedule_refresh()

    @property
    def stale(self) -> bool:
        """True until the page has loaded what changed (a load about to start counts)."""
        return self._stale or self._refresh_pending

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            # Let Qt paint the page first; its content follows from the background.
            self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self, self._refresh_if_shown)

    def _refresh_if_shown(self) -> None:
        self._refresh_pending = False
        if self._stale and self.isVisible():
            self._stale = False
            self.refresh()

    def task_key(self, what: str = "load") -> str:
        """Return the key of this page's background reads of `what` (`TaskRunner.run(key=…)`):
        a newer read with the same key drops the older one's answer."""
        return f"{self.key}.{what}@{id(self)}"

    def set_busy(self, busy: bool) -> None:
        """Say whether the page is loading in the background (tests and screenshots wait)."""
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @property
    def busy(self) -> bool:
        """True while the page loads (or is about to, or a change is on its way) in the background."""
        return self._busy or self._refresh_pending or self.ctx.announcing


def empty_state(
    text: str,
    action_text: str | None = None,
    on_action: Callable[[], None] | None = None,
    *,
    icon_name: str = "empty",
    detail: str = "",
    parent: QWidget | None = None,
) -> QWidget:
    """Return an empty-state block: an icon, a sentence, an optional hint and one action."""
    box = QFrame(parent)
    box.setObjectName("empty-state")
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    col = QVBoxLayout(box)
    col.setContentsMargins(style.SPACE_L, style.SPACE_XL, style.SPACE_L, style.SPACE_XL)
    col.setSpacing(style.SPACE_M)
    pic = QLabel(box)
    ratio = box.devicePixelRatioF() or 1.0
    pic.setPixmap(pixmap(icon_name, 32, style.muted_colour(), ratio))
    pic.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    col.addWidget(pic)
    words = style.label(text, wrap=True)
    words.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    words.setFont(style.font(style.BODY_PT + 1))
    col.addWidget(words)
    if detail:
        hint = style.label(detail, role="muted", wrap=True)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(hint)
    if action_text and on_action is not None:
        button = QPushButton(action_text, box)
        button.setProperty("primary", True)
        button.setAccessibleName(action_text)
        button.clicked.connect(on_action)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        row.addStretch(1)
        col.addLayout(row)
    return box


def primary_button(text: str, parent: QWidget | None = None, icon_name: str = "") -> QPushButton:
    """Return the page's main action button, in the accent colour."""
    button = QPushButton(text, parent)
    if icon_name:
        button.setIcon(load_icon(icon_name, "#ffffff"))
    button.setProperty("primary", True)
    button.setAccessibleName(text)
    return button


def button(text: str, parent: QWidget | None = None, icon_name: str = "") -> QPushButton:
    """Return an ordinary action button with an accessible name."""
    result = QPushButton(text, parent)
    if icon_name:
        result.setIcon(load_icon(icon_name))
    result.setAccessibleName(text)
    return result
