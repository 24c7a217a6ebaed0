"""The app's light and dark palettes and its style sheet (cards, navigation, tables, buttons).

Follows the OS: `app.apply_theme` picks the palette for the colour scheme the system reports.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QColor, QPalette

from fieldvisit.ui.resources import ICON_PACKAGE
from fieldvisit.ui.style import (
    ACCENT,
    ACCENT_DARK,
    RADIUS,
    SPACE_M,
    SPACE_S,
    is_dark,
    muted_colour,
    tone,
)

# Palette colours per role: (light, dark).
_ROLES: dict[str, tuple[str, str]] = {
    "Window": ("#f6f7f9", "#1c1f26"),
    "WindowText": ("#1d2330", "#e6e9ef"),
    "Base": ("#ffffff", "#242832"),
    "AlternateBase": ("#f2f4f7", "#2a2f3a"),
    "Text": ("#1d2330", "#e6e9ef"),
    "Button": ("#ffffff", "#2a2f3a"),
    "ButtonText": ("#1d2330", "#e6e9ef"),
    "ToolTipBase": ("#ffffff", "#2a2f3a"),
    "ToolTipText": ("#1d2330", "#e6e9ef"),
    "PlaceholderText": ("#8a93a3", "#7d8596"),
    "Mid": ("#d9dde4", "#3a404d"),
    "Midlight": ("#e7eaef", "#323844"),
    "Dark": ("#aab2bf", "#14161b"),
    # Selected rows and text: 4.5:1 or more between the two (white on the accent would be 4.4).
    "Highlight": ("#3563e9", ACCENT_DARK),
    "HighlightedText": ("#ffffff", "#0f1115"),
    "Link": (ACCENT, ACCENT_DARK),
    "Accent": (ACCENT, ACCENT_DARK),
}
_DISABLED_TEXT = ("#9aa2b1", "#6b7282")
# The edge of an unticked check box or radio button: 3:1 or more against the window, the base
# and the alternate rows, so an empty box is seen in both themes (Fusion's own edge is the window
# colour darkened, which all but vanishes on dark).
INDICATOR_EDGE = ("#767f8f", "#8a93a6")
INDICATOR_SIZE = 14
# The tick on a ticked box, in the highlighted-text colour of each theme (white, near-black).
_TICKS = ("tick-light.svg", "tick-dark.svg")


def _palette(dark: bool) -> QPalette:
    pal = QPalette()
    for name, colours in _ROLES.items():
        pal.setColor(getattr(QPalette.ColorRole, name), QColor(colours[dark]))
    disabled = QColor(_DISABLED_TEXT[dark])
    for name in ("WindowText", "Text", "ButtonText"):
        pal.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, name), disabled)
    return pal


def light_palette() -> QPalette:
    """Return a calm light palette with the accent for selection and links."""
    return _palette(dark=False)


def dark_palette() -> QPalette:
    """Return the dark counterpart of `light_palette`."""
    return _palette(dark=True)


# The primary (blue) button's fill in both themes: its white label reads at 4.5:1 or more
# (5.1:1; on the accent it would be 4.4:1 in light and 2.8:1 on dark's lighter accent).
PRIMARY_FILL = "#3563e9"
# Focus is always visible: a 2 px ring (padding shrinks by the extra pixel, so nothing moves).
# On the primary button the ring is the text colour, which stands out from both the blue and
# the window (3:1 or more) in both themes.
FOCUS_RING = 2


def focus_rules(accent: str, dark: bool) -> str:
    """Return the style sheet's focus rules: a visible ring on every kind of control."""
    ring = f"{FOCUS_RING}px solid"
    fill = PRIMARY_FILL
    return f"""
QPushButton:focus {{ border: {ring} {accent}; padding: 4px 13px; }}
QPushButton[primary="true"]:focus {{
    border: {ring} palette(window-text);
    background: {fill};
    padding: 4px 13px;
}}
QPushButton[flat="true"]:focus {{ border: {ring} {accent}; border-radius: 6px; }}
QToolButton:focus {{ border: {ring} {accent}; border-radius: 6px; }}
QCheckBox, QRadioButton {{ border: {ring} transparent; border-radius: 4px; padding: 0 2px; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {accent}; }}
QComboBox:focus, QAbstractSpinBox:focus {{ border: {ring} {accent}; border-radius: 4px; }}
QListView:focus, QTableView:focus, QTreeView:focus {{ border-color: {accent}; }}
QListWidget#navigation::item:focus {{ border: {ring} {accent}; }}
"""


def tick_path(dark: bool) -> str:
    """Return the file of the tick drawn in a ticked check box (a path the style sheet can load)."""
    return str(resources.files(ICON_PACKAGE) / "indicators" / _TICKS[dark]).replace("\\", "/")


def indicator_rules(dark: bool) -> str:
    """Return the style sheet's rules for check boxes and radio buttons, in widgets and lists.

    Unticked: the base colour inside an `INDICATOR_EDGE` border. Ticked: the highlight colour
    with a tick (boxes) or a dot (radio buttons) in the highlighted-text colour.
    """
    edge = INDICATOR_EDGE[dark]
    fill = _ROLES["Highlight"][dark]
    mark = _ROLES["HighlightedText"][dark]
    off = _DISABLED_TEXT[dark]
    size = INDICATOR_SIZE
    boxes = "QCheckBox::indicator, QAbstractItemView::indicator"
    dot = (
        f"qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5, stop:0 {mark}, "
        f"stop:0.38 {mark}, stop:0.45 {fill}, stop:1 {fill})"
    )
    return f"""
{boxes}, QRadioButton::indicator {{
    width: {size}px;
    height: {size}px;
    border: 1px solid {edge};
    background: palette(base);
}}
{boxes} {{ border-radius: 3px; }}
QRadioButton::indicator {{ border-radius: {size // 2 + 1}px; }}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {fill}; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
    background: {fill};
    border-color: {fill};
    image: url({tick_path(dark)});
}}
QRadioButton::indicator:checked {{ border-color: {fill}; background: {dot}; }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
    border-color: {off};
    background: palette(window);
}}
QCheckBox::indicator:checked:disabled {{ background: {off}; }}
QAbstractItemView, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox {{
    selection-background-color: {fill};
    selection-color: {mark};
}}
"""


def stylesheet() -> str:
    """Return the app's style sheet (cards, navigation, buttons), in the current palette."""
    accent = tone("accent").name()
    muted = muted_colour().name()
    return f"""
QFrame#card {{
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: {RADIUS}px;
}}
QFrame#card QLabel {{ background: transparent; }}
QListWidget#navigation {{
    background: transparent;
    border: none;
    outline: 0;
    padding: {SPACE_M}px {SPACE_S}px;
}}
QListWidget#navigation::item {{
    padding: {SPACE_S + 2}px {SPACE_M}px;
    border-radius: 6px;
    margin: 1px 0;
}}
QListWidget#navigation::item:selected {{
    background: palette(midlight);
    color: palette(window-text);
    font-weight: 600;
}}
QLabel[role="muted"] {{ color: {muted}; }}
QLabel[role="section"] {{ font-weight: 600; }}
QPushButton {{
    padding: 5px 14px;
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(button);
}}
QPushButton:hover {{ border-color: {accent}; }}
QPushButton[primary="true"] {{
    background: {PRIMARY_FILL};
    border-color: {PRIMARY_FILL};
    color: white;
    font-weight: 600;
}}
QPushButton[primary="true"]:disabled {{ background: palette(mid); border-color: palette(mid); }}
QPushButton[flat="true"] {{ border: none; background: transparent; color: {accent}; }}
{focus_rules(accent, is_dark())}{indicator_rules(is_dark())}QLineEdit, QPlainTextEdit, QTextEdit {{
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 4px 6px;
    background: palette(base);
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border-color: {accent}; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle:vertical, QScrollBar::handle:horizontal {{
    background: palette(mid);
    border-radius: 3px;
    min-height: 32px;
    min-width: 32px;
}}
QScrollBar::handle:hover {{ background: palette(dark); }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QWidget#nav-panel {{ border-right: 1px solid palette(mid); }}
QTableView {{
    border: 1px solid palette(mid);
    border-radius: 6px;
    gridline-color: transparent;
    background: palette(base);
    selection-background-color: palette(midlight);
    selection-color: palette(text);
}}
QTableView::item {{ padding: 0 6px; }}
QTreeView {{
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(base);
    selection-background-color: palette(midlight);
    selection-color: palette(text);
}}
QTreeView::item {{ padding: 5px 2px; }}
QTreeView::item:selected {{ background: palette(midlight); color: palette(text); }}
QHeaderView {{ font-weight: 600; }}
QHeaderView::section {{
    background: palette(base);
    border: none;
    border-bottom: 1px solid palette(mid);
    padding: 6px 8px;
    color: {muted};
    font-weight: 600;
}}
QScrollArea {{ border: none; background: transparent; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QStatusBar {{ border-top: 1px solid palette(mid); }}
QStatusBar QLabel {{ color: {muted}; }}
"""
