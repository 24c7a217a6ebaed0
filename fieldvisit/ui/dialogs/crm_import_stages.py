"""The wizard's stage-order step: when the export does not say its stages' order, the user does.

Impact counts a deal as advanced when it enters a later stage, so a wrong order miscounts. The
list starts in the order the dry run proposed (the deals' probabilities, else first seen); open
stages move with Move up/Move down or Alt+Up/Alt+Down; won and lost stages stay at the end. The
order goes to the engine as `stages`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldvisit.settings import looks_closed
from fieldvisit.ui import style

if TYPE_CHECKING:
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard

STAGE_ROLE = Qt.ItemDataRole.UserRole


class _MoveKeys(QObject):
    """Alt+Up/Alt+Down (or Ctrl+Up/Ctrl+Down) on a list move its current entry."""

    def __init__(self, target: QWidget, up: Callable[[], None], down: Callable[[], None]):
        super().__init__(target)
        self._moves = {Qt.Key.Key_Up: up, Qt.Key.Key_Down: down}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            mods = event.modifiers()
            moving = mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier)
            move = self._moves.get(Qt.Key(event.key()))
            if moving and move is not None:
                move()
                return True
        return super().eventFilter(watched, event)


def move_keys(target: QWidget, up: Callable[[], None], down: Callable[[], None]) -> None:
    """Give a list Alt+Up/Alt+Down (and Ctrl+Up/Ctrl+Down) to move its current entry."""
    target.installEventFilter(_MoveKeys(target, up, down))


class StageOrderList(QWidget):
    """Stages in order with Move up / Move down; closed stages stay last and do not move."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Stages in order, earliest first")
        self.list.setMinimumHeight(200)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up_button = QPushButton("Move &up", self)
        self.up_button.setAccessibleName("Move the stage up (Alt+Up)")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Move &down", self)
        self.down_button.setAccessibleName("Move the stage down (Alt+Down)")
        self.down_button.clicked.connect(lambda: self.move(1))
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        move_keys(self.list, lambda: self.move(-1), lambda: self.move(1))
        self._closed: set[str] = set()

    def set_stages(
        self, stages: list[str], closed: Iterable[str] = (), new: Iterable[str] = ()
    ) -> None:
        """Show `stages`; those in `closed` (or named like "Closed Won") go last and stay there."""
        self._closed = {s.lower() for s in closed} | {s.lower() for s in stages if looks_closed(s)}
        fresh = {s.lower() for s in new}
        self.list.clear()
        open_stages = [s for s in stages if s.lower() not in self._closed]
        shut = [s for s in stages if s.lower() in self._closed]
        for stage in open_stages:
            item = QListWidgetItem(stage + ("   · new" if stage.lower() in fresh else ""))
            item.setData(STAGE_ROLE, stage)
            self.list.addItem(item)
        for stage in shut:
            item = QListWidgetItem(f"{stage}   · closed, always last")
            item.setData(STAGE_ROLE, stage)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, never selected or moved
            item.setForeground(style.muted_colour())
            self.list.addItem(item)
        if open_stages:
            self.list.setCurrentRow(0)

    def stages(self) -> list[str]:
        """Return the stages in the order shown."""
        return [self.list.item(i).data(STAGE_ROLE) for i in range(self.list.count())]

    def open_count(self) -> int:
        return sum(1 for s in self.stages() if s.lower() not in self._closed)

    def move(self, step: int) -> None:
        """Move the current open stage up (-1) or down (+1), never among the closed ones."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or row >= self.open_count() or not 0 <= target < self.open_count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()


class StagesPage(QWizardPage):
    """Put the export's stages in order before importing."""

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("In which order do the stages come?")
        self.setSubTitle("Earliest first; won and lost stages stay at the end.")
        col = QVBoxLayout(self)
        col.setSpacing(style.SPACE_M)
        self.intro = style.label("", wrap=True)
        col.addWidget(self.intro)
        self.order = StageOrderList(self)
        col.addWidget(self.order, 1)
        col.addWidget(
            style.label(
                "Select a stage and press Alt+Up or Alt+Down (or the buttons) to move it. You can "
                "change the order later in Settings › Pipeline stages.",
                role="muted",
                wrap=True,
            )
        )
        self.setButtonText(QWizard.WizardButton.NextButton, "Import")
        self._built_for: object = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self.wiz.crm
        preview = state.preview
        if preview is None or state.batch is None or preview is self._built_for:
            return
        self._built_for = preview
        how = (
            "The deals' win probabilities suggest the order below"
            if preview.stage_order_from == "probabilities"
            else "The list below has them in the order they were first seen"
        )
        self.intro.setText(
            "This export does not say in which order its stages come, and Impact counts a deal "
            "as advanced when it enters a later stage. " + how + ": put the earliest first."
        )
        closed = state.batch.won_stages | state.batch.lost_stages
        self.order.set_stages(preview.pipeline, closed, preview.stages_added)
        self.order.list.setFocus()

    def validatePage(self) -> bool:  # noqa: N802
        self.wiz.crm.stages = self.order.stages()
        return True

    def nextId(self) -> int:  # noqa: N802
        return self.wiz.crm_import_id
