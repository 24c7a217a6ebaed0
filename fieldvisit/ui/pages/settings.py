"""Settings: the workspace's rules (shared by everyone on it) and this computer's passwords.

Rules are saved with `settings.save_rules` in one transaction together with the executives'
visit targets; passwords go only to the keychain through `fieldvisit.secrets` (kept in memory for
this session, with a clear note, when no keychain is available).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import text

from fieldvisit import secrets
from fieldvisit.settings import Rules, load_rules, save_rules
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.models.targets import TargetRow, TargetsModel
from fieldvisit.ui.pages.base import Page, button, primary_button
from fieldvisit.ui.pages.settings_forms import (
    CALENDAR_FIELDS,
    CHOICE_FIELDS,
    EMAIL_FIELDS,
    ORGANIZER_FIELDS,
    SIGNAL_WORDS,
    STALL_FIELDS,
    TARGET_FIELDS,
    FieldSpec,
    control_value,
    make_control,
    set_control_value,
)
from fieldvisit.ui.pages.settings_passwords import PasswordFields
from fieldvisit.ui.widgets.ordered_list import OrderedListEditor

LEARN = "Learn from history"


class SettingsPage(Page):
    key = "settings"
    title = "Settings"
    icon = "settings"
    question = "How should Field Visit judge deals, choose executives and send invites?"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.controls: dict[str, QWidget] = {}
        self.weight_controls: dict[str, QWidget] = {}
        self.stage_limit_controls: dict[str, QSpinBox] = {}
        self.loaded = Rules()
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        self.sections = QListWidget(self)
        self.sections.setAccessibleName("Settings sections")
        self.sections.setFixedWidth(210)
        self.sections.setStyleSheet(
            "QListWidget { border: none; background: transparent; outline: 0; }"
            "QListWidget::item { padding: 7px 10px; border-radius: 6px; margin: 1px 0; }"
            "QListWidget::item:selected { background: palette(midlight); color: palette(text);"
            " font-weight: 600; }"
        )
        self.stack = QStackedWidget(self)
        row.addWidget(self.sections)
        row.addWidget(self.stack, 1)
        self.body.addLayout(row, 1)
        self._add_section("Stall rules", self._stall_page())
        self._add_section(
            "Choosing the executive",
            self._form_page(
                "Points each executive earns for a stalled deal; the most points suggest who goes.",
                CHOICE_FIELDS,
            ),
        )
        self.pipeline = OrderedListEditor("stage", self)
        self._add_section(
            "Pipeline stages",
            self._list_page(
                "Stages in order, earliest first. A deal that enters a later stage has advanced.",
                self.pipeline,
            ),
        )
        self.friction = OrderedListEditor("category", self)
        self._add_section(
            "Friction categories",
            self._list_page(
                "What can block our field team; executives tick these in their debriefs.",
                self.friction,
            ),
        )
        self._add_section("Visit targets", self._targets_page())
        self._add_section(
            "Organizer",
            self._form_page(
                "Who sends the calendar invites, and the company name customers see.",
                ORGANIZER_FIELDS,
            ),
        )
        self.passwords = PasswordFields(ctx, self, self._caldav_key, self._smtp_key)
        self.caldav_password = self.passwords.caldav
        self._add_section(
            "Calendar",
            self._form_page(
                "Publish visits to a shared calendar (optional).",
                CALENDAR_FIELDS,
                password=self.caldav_password,
            ),
        )
        self.smtp_password = self.passwords.smtp
        self._add_section(
            "E-mail",
            self._form_page(
                "Send invites by e-mail through your mail server (optional).",
                EMAIL_FIELDS,
                password=self.smtp_password,
            ),
        )
        self.sections.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sections.setCurrentRow(0)
        self.body.addLayout(self._build_footer())
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            activated=self.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        ctx.settings_changed.connect(self.mark_stale)

    # ----- building ------------------------------------------------------------------------

    def _add_section(self, name: str, page: QWidget) -> None:
        self.sections.addItem(name)
        page.setMaximumWidth(820)  # a calm column, not a form stretched across the screen
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(scroll)

    def _intro(self, layout: QVBoxLayout, words: str) -> None:
        layout.addWidget(style.label(words, role="muted", wrap=True))

    def _form(self, specs: tuple[FieldSpec, ...], parent: QWidget) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(style.SPACE_L)
        form.setVerticalSpacing(style.SPACE_M)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for spec in specs:
            control = make_control(spec, parent)
            self.controls[spec.key] = control
            if spec.kind == "bool":
                form.addRow("", control)
            else:
                form.addRow(spec.label, control)
            if spec.help:
                hint = style.label(spec.help, role="muted", wrap=True, size=style.SMALL_PT)
                hint.setMaximumWidth(520)
                form.addRow("", hint)
        return form

    def _form_page(
        self, intro: str, specs: tuple[FieldSpec, ...], password: QLineEdit | None = None
    ) -> QWidget:
        page = QWidget(self)
        col = QVBoxLayout(page)
        col.setSpacing(style.SPACE_L)
        self._intro(col, intro)
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
        page = QWidget(self)
        col = QVBoxLayout(page)
        col.setSpacing(style.SPACE_L)
        self._intro(
            col,
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
        for code, words in SIGNAL_WORDS.items():
            control = make_control(FieldSpec(code, words, "float", 0, 100, " points"), page)
            control.setAccessibleName(f"Weight of the signal: {words}")
            self.weight_controls[code] = control
            weights.addRow(words, control)
        col.addLayout(weights)
        col.addStretch(1)
        return page

    def _list_page(self, intro: str, editor: OrderedListEditor) -> QWidget:
        page = QWidget(self)
        col = QVBoxLayout(page)
        col.setSpacing(style.SPACE_L)
        self._intro(col, intro)
        col.addWidget(editor)
        col.addStretch(1)
        return page

    def _targets_page(self) -> QWidget:
        page = QWidget(self)
        col = QVBoxLayout(page)
        col.setSpacing(style.SPACE_L)
        self._intro(col, "How many customer visits each executive aims for in a month.")
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

    def _build_footer(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status = style.label("", role="muted", wrap=True)
        self.status.setAccessibleName("Settings status")
        row.addWidget(self.status, 1)
        self.revert_button = button("Discard changes", self)
        self.revert_button.clicked.connect(self.refresh)
        self.save_button = primary_button("Save settings", self)
        self.save_button.setToolTip("Save settings (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        return row

    # ----- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        with self.ctx.workspace.connect() as conn:
            rules = load_rules(conn)
            executives = [
                TargetRow(pk, name, title or "", target)
                for pk, name, title, target in conn.execute(
                    text(
                        "SELECT id, name, title, monthly_visit_target FROM executive ORDER BY name"
                    )
                )
            ]
        self.loaded = rules
        values = asdict(rules)
        for key, control in self.controls.items():
            set_control_value(control, values[key])
        for code, control in self.weight_controls.items():
            set_control_value(control, rules.signal_weights.get(code, 0.0))
        self._show_stage_limits(rules)
        self.pipeline.set_names(rules.pipeline)
        self.friction.set_names(rules.friction_categories)
        self.targets.show_rows(executives, rules.default_monthly_visit_target)
        self.passwords.show_notes()
        self.status.setText("")

    def _show_stage_limits(self, rules: Rules) -> None:
        while self.stage_limits_form.rowCount():
            self.stage_limits_form.removeRow(0)
        self.stage_limit_controls = {}
        for stage in rules.pipeline:
            if stage.lower().startswith("closed"):
                continue
            spin = QSpinBox(self)
            spin.setRange(0, 730)
            spin.setSpecialValueText(LEARN)
            spin.setSuffix(" days")
            spin.setValue(int(rules.stage_limits.get(stage, 0)))
            spin.setAccessibleName(f"Limit for the stage {stage}")
            spin.setMinimumWidth(180)
            self.stage_limit_controls[stage] = spin
            self.stage_limits_form.addRow(stage, spin)

    def _smtp_key(self) -> str | None:
        user = control_value(self.controls["smtp_username"])
        host = control_value(self.controls["smtp_host"])
        return secrets.smtp_key(user, host) if user and host else None

    def _caldav_key(self) -> str | None:
        user = control_value(self.controls["caldav_username"])
        url = control_value(self.controls["caldav_url"])
        return secrets.caldav_key(user, url) if user and url else None

    # ----- saving ------------------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        """Return the rules whose value on screen differs from the stored one."""
        current = asdict(self.loaded)
        edited: dict[str, Any] = {key: control_value(c) for key, c in self.controls.items()}
        edited["signal_weights"] = {
            **self.loaded.signal_weights,
            **{code: control_value(c) for code, c in self.weight_controls.items()},
        }
        limits = {
            stage: spin.value() for stage, spin in self.stage_limit_controls.items() if spin.value()
        }
        edited["stage_limits"] = limits
        edited["pipeline"] = self.pipeline.names()
        edited["friction_categories"] = self.friction.names()
        return {k: v for k, v in edited.items() if v != current[k]}

    def problems(self, changes: dict[str, Any]) -> list[str]:
        """Return what keeps the settings from being saved, in plain words."""
        found = []
        pipeline = changes.get("pipeline", self.loaded.pipeline)
        if len(pipeline) < 2:
            found.append("The pipeline needs at least two stages.")
        if len({s.casefold() for s in pipeline}) != len(pipeline):
            found.append("Two pipeline stages have the same name.")
        friction = changes.get("friction_categories", self.loaded.friction_categories)
        if len({s.casefold() for s in friction}) != len(friction):
            found.append("Two friction categories have the same name.")
        email = changes.get("organizer_email", self.loaded.organizer_email)
        if email and "@" not in email:
            found.append(f"The organizer's e-mail “{email}” is not an e-mail address.")
        return found

    def save(self) -> bool:
        """Save changed rules and targets in one transaction, and passwords to the keychain."""
        changes = self.changes()
        problems = self.problems(changes)
        if problems:
            self.status.setText("Not saved. " + " ".join(problems))
            self.status.setStyleSheet(f"color: {style.tone('red').name()};")
            return False
        targets = dict(self.targets.changes)
        with self.ctx.workspace.begin() as conn:
            if changes:
                save_rules(conn, changes)
            for pk, target in targets.items():
                conn.execute(
                    text("UPDATE executive SET monthly_visit_target = :t WHERE id = :pk"),
                    {"t": target, "pk": pk},
                )
        notes = self.passwords.save()
        saved = len(changes) + len(targets)
        if saved:
            self.ctx.settings_changed.emit()  # pages refresh; this one reloads what was stored
        self.status.setStyleSheet("")
        self.status.setText(
            (f"Saved {style.plural(saved, 'change')}." if saved else "Nothing to save.")
            + (" " + " ".join(notes) if notes else "")
        )
        return True
