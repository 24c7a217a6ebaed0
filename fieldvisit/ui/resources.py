"""Icons and other assets, loaded through importlib.resources (works inside a frozen bundle too).

The icons in `fieldvisit/resources/icons/` are drawn on a 24 px grid with strokes in
`currentColor`; they are painted in the palette's text colour (or a tone such as the accent) at
whatever size and pixel ratio they are shown, so they stay crisp on high-DPI screens and follow
light and dark mode.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_PACKAGE = "fieldvisit.resources"
ICON_FOLDER = "icons"


@lru_cache(maxsize=128)
def svg_text(name: str) -> str:
    """Return the SVG source of an icon (raises FileNotFoundError for an unknown name)."""
    return (resources.files(ICON_PACKAGE) / ICON_FOLDER / f"{name}.svg").read_text("utf-8")


class _SvgIconEngine(QIconEngine):
    """Paints one SVG, tinted at paint time so it follows the current palette."""

    def __init__(self, name: str, colour: QColor | None, on_highlight: bool = False):
        super().__init__()
        self._name = name
        self._colour = colour
        self._on_highlight = on_highlight

    def _tint(self, mode: QIcon.Mode, state: QIcon.State) -> QColor:
        if self._colour is not None and mode is not QIcon.Mode.Disabled:
            if mode is QIcon.Mode.Selected and self._on_highlight:
                return QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText)
            return self._colour
        pal = QGuiApplication.palette()
        if mode is QIcon.Mode.Disabled:
            return pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if mode is QIcon.Mode.Selected and self._on_highlight:
            # A row selected in the highlight colour: the icon takes the selected text's colour.
            return pal.color(QPalette.ColorRole.HighlightedText)
        return pal.color(QPalette.ColorRole.WindowText)

    def _renderer(self, mode: QIcon.Mode, state: QIcon.State) -> QSvgRenderer:
        source = svg_text(self._name).replace("currentColor", self._tint(mode, state).name())
        return QSvgRenderer(QByteArray(source.encode("utf-8")))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode, state).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pix = QPixmap(size)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pix

    def scaledPixmap(  # noqa: N802 - Qt's name
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pix = self.pixmap(
            QSize(round(size.width() * scale), round(size.height() * scale)), mode, state
        )
        pix.setDevicePixelRatio(scale)
        return pix

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        return size

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._name, self._colour, self._on_highlight)

    def key(self) -> str:
        return "fieldvisit-svg"


def icon(name: str, colour: QColor | str | None = None, *, on_highlight: bool = False) -> QIcon:
    """Return the named icon, drawn in the palette's text colour or the given colour.

    `on_highlight`: the icon sits in a list whose selected row is filled with the highlight
    colour (the search results); selected, it is drawn in the highlighted text's colour.
    """
    svg_text(name)  # fail early, with the file name, for a typo
    tint = QColor(colour) if isinstance(colour, str) else colour
    return QIcon(_SvgIconEngine(name, tint, on_highlight))


def pixmap(name: str, size: int, colour: QColor | str | None = None, ratio: float = 1.0) -> QPixmap:
    """Return the named icon as a pixmap of `size` logical pixels at a device pixel ratio."""
    tint = QColor(colour) if isinstance(colour, str) else colour
    engine = _SvgIconEngine(name, tint)
    return engine.scaledPixmap(QSize(size, size), QIcon.Mode.Normal, QIcon.State.Off, ratio)


def app_icon() -> QIcon:
    """Return the application icon: the PNGs tools/make_icons.py renders from its SVG source.

    Each size is read from its file only when Qt first draws that size.
    """
    result = QIcon()
    for entry in (resources.files(ICON_PACKAGE) / ICON_FOLDER / "app").iterdir():
        stem, _, ext = entry.name.partition(".")
        if ext != "png" or not stem.isdigit():
            continue
        if isinstance(entry, Path):
            result.addFile(str(entry), QSize(int(stem), int(stem)))
        else:  # inside an archive: read now
            pix = QPixmap()
            pix.loadFromData(entry.read_bytes(), "PNG")
            result.addPixmap(pix)
    return result
