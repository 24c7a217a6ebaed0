"""How the Settings page builds its sections: each a calm column in its own scroll area, a
form of rules from their `FieldSpec`s (labels, ranges and help from `fieldvisit.rule_fields`), and
the sections with editors of their own: stall rules with per-stage limits and signal weights, the
lists, executives' visit targets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.signal_table import signal_words
from fieldvisit.ui import style
from fieldvisit.ui.models.targets import TargetsModel
from fieldvisit.ui.pages.settings_forms import (
    STALL_FIELDS,
    TARGET_FIELDS,
    FieldSpec,
    add_help,
    make_control,
)

SECTION_MARGINS = (style.SPACE_M, style.SPACE_M, style.SPACE_L, style.SPACE_M)


class SettingsSectionPages:
    """The section builders of `SettingsPage` (mixed into it: the page is each section's parent)."""

    sections: QListWidget
    stack: QStackedWidget
    controls: dict[str, QWidget]
    weight_controls: dict[str, Any]

    def _add_section(self, name: str, page: QWidget) -> None:
        self.sections.addItem(name)
        page.setMaximumWidth(820)  # a calm column, not a form stretched across the screen
        if page.layout() is not None:  # one margin for every section (some had none)
            page.layout().setContentsMargins(*SECTION_MARGINS)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(scroll)

    def _section(self, intro: str) -> tuple[QWidget, QVBoxLayout]:
        """Return a section's page and its column, the intro in muted words on top."""
        page = QWidget(self)
        col = QVBoxLayout(page)
        col.setSpacing(style.SPACE_L)
        col.addWidget(style.label(intro, role="muted", wrap=True))
        return page, col

    def _form(self, specs: tuple[FieldSpec, ...], parent: QWidget) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(style.SPACE_L)
        form.setVerticalSpacing(style.SPACE_M)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        # In a narrow window a long label goes above its field instead of pushing it off.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for spec in specs:
            control = make_control(spec, parent)
            self.controls[spec.key] = control
            if spec.kind == "bool":
                form.addRow("", control)
            else:
                form.addRow(spec.label, control)
            if spec.help:
                add_help(form, spec.help)
        return form

    def _form_page(
        self, intro: str, specs: tuple[FieldSpec, ...], password: QLineEdit | None = None
    ) -> QWidget:
        page, col = self._section(intro)
        form = self._form(specs, page)
        if password is not None:
            form.addRow(password.accessibleName(), password)
            note = style.label("", role="muted", wrap=True, size=style.SMALL_PT)
            note.setMaximumWidth(520)
            password.setProperty("note", note)
            form.addRow("", note)
        col.addLayout(form)
        col.addStretch(1)
        return page

    def _stall_page(self) -> QWidget:
        page, col = self._section(
            "A strategic deal is stalled when it is in a stage too long, idle, or its close date "
            "keeps slipping. The other signals raise its priority.",
        )
        col.addLayout(self._form(STALL_FIELDS, page))
        col.addWidget(style.label("Limit per stage", bold=True))
        self.stage_limits_form = QFormLayout()
        self.stage_limits_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.stage_limits_form.setFieldGrowthPolicy(
            QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint
        )
        col.addLayout(self.stage_limits_form)
        col.addWidget(style.label("Weight of each signal in the priority", bold=True))
        weights = QFormLayout()
        weights.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        weights.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for code, words in signal_words().items():
            control = make_control(FieldSpec(code, words, "float", 0, 100, " points"), page)
            control.setAccessibleName(f"Weight of the signal: {words}")
            self.weight_controls[code] = control
            weights.addRow(words, control)
        col.addLayout(weights)
        col.addStretch(1)
        return page

    def _list_page(self, intro: str, editor: QWidget) -> QWidget:
        page, col = self._section(intro)
        col.addWidget(editor)
        col.addStretch(1)
        return page

    def _targets_page(self) -> QWidget:
        page, col = self._section("How many customer visits each executive aims for in a month.")
        col.addLayout(self._form(TARGET_FIELDS, page))
        self.targets = TargetsModel(self)
        self.targets_view = QTableView(page)
        self.targets_view.setModel(self.targets)
        self.targets_view.setAccessibleName("Monthly visit target per executive")
        self.targets_view.verticalHeader().hide()
        self.targets_view.setShowGrid(False)
        self.targets_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.targets_view.horizontalHeader().resizeSection(1, 180)
        self.targets_view.setMinimumHeight(320)
        col.addWidget(self.targets_view, 1)
        col.addWidget(
            style.label("Double-click a number (or press F2) to change it.", role="muted")
        )
        return page
