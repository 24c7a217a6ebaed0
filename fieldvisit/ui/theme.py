"""The app's light and dark palettes and its style sheet (cards, navigation, tables, buttons).

Follows the OS: `app.apply_theme` picks the palette for the colour scheme the system reports.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from fieldvisit.ui.style import (
    ACCENT,
    ACCENT_DARK,
    RADIUS,
    SPACE_M,
    SPACE_S,
    muted_colour,
    tone,
)


def light_palette() -> QPalette:
    """Return a calm light palette with the accent for selection and links."""
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, QColor("#f6f7f9"))
    pal.setColor(role.WindowText, QColor("#1d2330"))
    pal.setColor(role.Base, QColor("#ffffff"))
    pal.setColor(role.AlternateBase, QColor("#f2f4f7"))
    pal.setColor(role.Text, QColor("#1d2330"))
    pal.setColor(role.Button, QColor("#ffffff"))
    pal.setColor(role.ButtonText, QColor("#1d2330"))
    pal.setColor(role.ToolTipBase, QColor("#ffffff"))
    pal.setColor(role.ToolTipText, QColor("#1d2330"))
    pal.setColor(role.PlaceholderText, QColor("#8a93a3"))
    pal.setColor(role.Mid, QColor("#d9dde4"))
    pal.setColor(role.Midlight, QColor("#e7eaef"))
    pal.setColor(role.Dark, QColor("#aab2bf"))
    pal.setColor(role.Highlight, QColor(ACCENT))
    pal.setColor(role.HighlightedText, QColor("#ffffff"))
    pal.setColor(role.Link, QColor(ACCENT))
    pal.setColor(role.Accent, QColor(ACCENT))
    for group in (QPalette.ColorGroup.Disabled,):
        pal.setColor(group, role.WindowText, QColor("#9aa2b1"))
        pal.setColor(group, role.Text, QColor("#9aa2b1"))
        pal.setColor(group, role.ButtonText, QColor("#9aa2b1"))
    return pal


def dark_palette() -> QPalette:
    """Return the dark counterpart of `light_palette`."""
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, QColor("#1c1f26"))
    pal.setColor(role.WindowText, QColor("#e6e9ef"))
    pal.setColor(role.Base, QColor("#242832"))
    pal.setColor(role.AlternateBase, QColor("#2a2f3a"))
    pal.setColor(role.Text, QColor("#e6e9ef"))
    pal.setColor(role.Button, QColor("#2a2f3a"))
    pal.setColor(role.ButtonText, QColor("#e6e9ef"))
    pal.setColor(role.ToolTipBase, QColor("#2a2f3a"))
    pal.setColor(role.ToolTipText, QColor("#e6e9ef"))
    pal.setColor(role.PlaceholderText, QColor("#7d8596"))
    pal.setColor(role.Mid, QColor("#3a404d"))
    pal.setColor(role.Midlight, QColor("#323844"))
    pal.setColor(role.Dark, QColor("#14161b"))
    pal.setColor(role.Highlight, QColor(ACCENT_DARK))
    pal.setColor(role.HighlightedText, QColor("#0f1115"))
    pal.setColor(role.Link, QColor(ACCENT_DARK))
    pal.setColor(role.Accent, QColor(ACCENT_DARK))
    for group in (QPalette.ColorGroup.Disabled,):
        pal.setColor(group, role.WindowText, QColor("#6b7282"))
        pal.setColor(group, role.Text, QColor("#6b7282"))
        pal.setColor(group, role.ButtonText, QColor("#6b7282"))
    return pal


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
QPushButton:focus {{ border-color: {accent}; }}
QPushButton[primary="true"] {{
    background: {accent};
    border-color: {accent};
    color: white;
    font-weight: 600;
}}
QPushButton[primary="true"]:disabled {{ background: palette(mid); border-color: palette(mid); }}
QPushButton[flat="true"] {{ border: none; background: transparent; color: {accent}; }}
QLineEdit, QPlainTextEdit, QTextEdit {{
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
