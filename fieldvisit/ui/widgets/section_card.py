"""A card with a section title: the panel Coverage, Impact, Debriefs and Account group their parts in."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from fieldvisit.ui import style


def card(parent: QWidget, title: str) -> tuple[QFrame, QVBoxLayout]:
    """Return a card frame with a section title, and the layout to fill below it."""
    frame = QFrame(parent)
    frame.setObjectName("card")
    col = QVBoxLayout(frame)
    col.setContentsMargins(style.SPACE_L, style.SPACE_L, style.SPACE_L, style.SPACE_L)
    col.setSpacing(style.SPACE_M)
    heading = style.label(title, wrap=True)  # a narrow card wraps its title, never cuts it
    heading.setFont(style.section_font())
    col.addWidget(heading)
    frame.setProperty("heading", heading)
    return frame, col
