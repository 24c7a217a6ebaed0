"""Field-friction themes: how often each blocker was named in debriefs, with the latest quotes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fieldvisit.planning import FrictionTheme
from fieldvisit.ui import style


class _Bar(QWidget):
    """A thin bar showing a share of the biggest theme (the number beside it says it in words)."""

    def __init__(self, share: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.share = max(0.0, min(1.0, share))
        self.setFixedHeight(6)
        self.setAccessibleName("")  # decorative: the count label carries the meaning

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(120, 6)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.palette().color(QPalette.ColorRole.Midlight))
        p.drawRoundedRect(QRectF(self.rect()), 3, 3)
        p.setBrush(style.tone("accent"))
        p.drawRoundedRect(QRectF(0, 0, self.width() * self.share, self.height()), 3, 3)
        p.end()


class FrictionPanel(QWidget):
    """The recurring blockers, biggest first, each with one or two recent quotes."""

    def __init__(self, parent: QWidget | None = None, max_themes: int = 6, max_quotes: int = 2):
        super().__init__(parent)
        self.setAccessibleName("Field friction themes")
        self.max_themes = max_themes
        self.max_quotes = max_quotes
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(style.SPACE_M)
        self.themes: list[FrictionTheme] = []

    def show_themes(self, themes: list[FrictionTheme], as_of: date, days: int) -> None:
        """Show the themes (or a sentence saying none were named yet)."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.themes = [t for t in themes if t.count > 0]
        if not self.themes:
            self._layout.addWidget(
                style.label(
                    "No field friction named in the last "
                    f"{style.plural(days, 'day')}. When executives tick what blocks the team "
                    "in a debrief, the recurring themes gather here.",
                    role="muted",
                    wrap=True,
                )
            )
            return
        biggest = max(t.count for t in self.themes)
        for theme in self.themes[: self.max_themes]:
            self._layout.addWidget(self._theme_block(theme, biggest, as_of))
        hidden = len(self.themes) - self.max_themes
        if hidden > 0:
            self._layout.addWidget(
                style.label(f"and {style.plural(hidden, 'more theme')}", role="muted")
            )

    def _theme_block(self, theme: FrictionTheme, biggest: int, as_of: date) -> QWidget:
        block = QFrame(self)
        col = QVBoxLayout(block)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(3)
        top = QHBoxLayout()
        name = style.label(theme.category, bold=True, wrap=True)
        count = style.label(style.plural(theme.count, "debrief"), role="muted")
        count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(name, 1)
        top.addWidget(count)
        col.addLayout(top)
        col.addWidget(_Bar(theme.count / biggest, block))
        for quote in theme.quotes[: self.max_quotes]:
            words = quote.text.strip().replace("\n", " ")
            if len(words) > 180:
                words = words[:177].rstrip() + "…"
            who = ", ".join(quote.executives) or "an executive"
            line = QLabel(block)
            line.setWordWrap(True)
            line.setTextFormat(Qt.TextFormat.PlainText)
            line.setText(
                f"“{words}” — {who}, {quote.account_name}, {style.relative(quote.written_on, as_of)}"
            )
            line.setProperty("role", "muted")
            col.addWidget(line)
        block.setAccessibleName(
            f"{theme.category}: named in {style.plural(theme.count, 'debrief')}"
        )
        return block
