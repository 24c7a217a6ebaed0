"""A list and its detail side by side when there is room, the detail below the list when not.

At 1024 px a detail pane beside the list leaves the list too narrow to read (names and states
end in "…"); below the list, both get the window's whole width. The arrangement follows the
splitter's own width, which does not depend on the arrangement, so it never flips back and forth.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget


class TurningSplitter(QSplitter):
    """A splitter that is horizontal from `side_by_side_from` pixels wide, vertical below.

    `across` and `down` give the two parts' shares in each arrangement (the user's dragging
    holds until the arrangement changes). `turned` says the new arrangement (True: side by
    side) just before it shows, so a part can first make itself fit it.
    """

    turned = Signal(bool)

    def __init__(
        self,
        side_by_side_from: int,
        across: tuple[int, int] = (3, 2),
        down: tuple[int, int] = (1, 1),
        parent: QWidget | None = None,
    ):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.side_by_side_from = side_by_side_from
        self.across = across
        self.down = down
        self.setChildrenCollapsible(False)

    def side_by_side(self) -> bool:
        """Return True when the parts show side by side (False: the second below the first)."""
        return self.orientation() == Qt.Orientation.Horizontal

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.arrange(event.size().width(), event.size().height())

    def arrange(self, width: int, height: int) -> None:
        """Pick the arrangement for a `width` × `height` splitter and share the room."""
        wide = width >= self.side_by_side_from
        turn = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if turn == self.orientation():
            return
        self.turned.emit(wide)
        self.setOrientation(turn)
        room, shares = (width, self.across) if wide else (height, self.down)
        first = room * shares[0] // sum(shares)
        self.setSizes([first, room - first])
