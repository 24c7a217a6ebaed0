"""This week's two scrolling columns (cards on the left, what is owed and planned on the right)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from fieldvisit.ui import style


def clear(layout: QVBoxLayout) -> None:
    """Remove (and delete later) every widget and nested layout of `layout`."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            clear(item.layout())  # type: ignore[arg-type]


def scroll_column(parent: QWidget) -> tuple[QScrollArea, QVBoxLayout]:
    """Return a frameless vertical scroll area and the layout its sections go in."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget(area)
    col = QVBoxLayout(inner)
    col.setContentsMargins(0, 0, style.SPACE_M, 0)
    col.setSpacing(style.SPACE_M + 4)
    holder = QVBoxLayout()
    holder.setSpacing(style.SPACE_M + 4)
    col.addLayout(holder)
    col.addStretch(1)
    area.setWidget(inner)
    return area, holder


def relayout(area: QScrollArea) -> None:
    """Work the heights of `area`'s wrapped cards out again (after its width changed)."""
    for card in area.findChildren(QFrame):
        card.updateGeometry()
    inner = area.widget()
    if inner is not None and inner.layout() is not None:
        inner.layout().invalidate()
        inner.layout().activate()
