"""The one notice that acknowledges an action where it happened: "Snoozed Initech until 13 Jul ·
Undo".

It sits at the bottom of its page in room of its own: while it shows, every scrolling column it
would cover gets a bottom margin as tall as the notice, so it hides no card or button (the lists
keep their place: only the visible part of a column gets shorter). It stays until the next action
or NOTICE_MS, and never takes the focus: its Undo link is a tab stop
(keyboard-reachable, named "Undo: <what was done>") but a notice appearing leaves the focus where
it was. A refusal ("Cannot undo: invites were sent; cancel the visit instead.") is shown the same
way, without a link. Each page has at most one notice; `show_notice` reuses it.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QWidget

from fieldvisit.ui import style

NOTICE_MS = 10_000
MAX_WIDTH = 640


class Notice(QFrame):
    """A one-line acknowledgement with an optional link (Undo, Redo)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("undo-notice")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        line = style.tone("accent").name()
        self.setStyleSheet(
            f"QFrame#undo-notice {{ background: palette(base); border: 1px solid {line}; "
            "border-radius: 6px; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(style.SPACE_L, style.SPACE_M, style.SPACE_M, style.SPACE_M)
        row.setSpacing(style.SPACE_M)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.link = QPushButton("Undo", self)
        self.link.setProperty("flat", True)
        self.link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.link.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, never grabbed by a click
        self.link.clicked.connect(self._follow)
        row.addWidget(self.link, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setProperty("undo_button", self.link)
        self._on_link: Callable[[], None] | None = None
        self._reserved: list[tuple[QScrollArea, QMargins]] = []  # columns given room, as they were
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        parent.installEventFilter(self)
        self.hide()

    @property
    def words(self) -> str:
        return self.label.text()

    def say(
        self, words: str, on_link: Callable[[], None] | None = None, link: str = "Undo"
    ) -> None:
        """Show `words` (replacing what was said before), with `link` calling `on_link`."""
        self.label.setText(words)
        self.setAccessibleName(words)
        self._on_link = on_link
        self.link.setText(link)
        self.link.setAccessibleName(f"{link}: {words}")
        self.link.setToolTip(f"{link} ({'Ctrl+Z' if link == 'Undo' else 'Ctrl+Shift+Z'})")
        self.link.setVisible(on_link is not None)
        self._place()
        self.show()
        self.raise_()
        self._reserve()
        self.timer.start(NOTICE_MS)

    def _follow(self) -> None:
        act = self._on_link
        had_focus = self.link.hasFocus()
        self.hide()
        if act is not None:
            act()
        if had_focus and not self.isVisible():
            self.parentWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self) -> None:
        host = self.parentWidget()
        width = min(MAX_WIDTH, host.width() - 2 * style.SPACE_L)
        self.setFixedWidth(max(width, 200))
        height = self.heightForWidth(self.width())
        height = height if height > 0 else self.sizeHint().height()
        self.resize(self.width(), height)
        self.move((host.width() - self.width()) // 2, host.height() - height - style.SPACE_L)

    def _reserve(self) -> None:
        """Give every scrolling column under the notice a bottom margin reaching above it."""
        self._release()
        host = self.parentWidget()
        band = self.geometry()
        top = band.top() - style.SPACE_S
        for area in host.findChildren(QScrollArea):
            if not area.isVisibleTo(host) or any(a.isAncestorOf(area) for a, _m in self._reserved):
                continue
            box = QRect(area.mapTo(host, QPoint(0, 0)), area.size())
            if not box.intersects(band):
                continue
            was = area.viewportMargins()
            self._reserved.append((area, was))
            room = box.bottom() + 1 - top
            area.setViewportMargins(was.left(), was.top(), was.right(), was.bottom() + room)

    def _release(self) -> None:
        for area, was in self._reserved:
            if shiboken6.isValid(area):
                area.setViewportMargins(was)
        self._reserved = []

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._reserve()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._release()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        resized = watched is self.parentWidget() and event.type() == QEvent.Type.Resize
        if resized and self.isVisible():
            self._place()
            self._reserve()
        return super().eventFilter(watched, event)


def notice_of(host: QWidget) -> Notice:
    """Return the host's notice (made on first use)."""
    found = host.findChild(Notice, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else Notice(host)


def show_notice(
    host: QWidget, words: str, on_link: Callable[[], None] | None = None, link: str = "Undo"
) -> Notice:
    """Acknowledge an action on `host` (a page): "Marked done · Undo"; return the notice."""
    notice = notice_of(host)
    notice.say(words, on_link, link)
    return notice
