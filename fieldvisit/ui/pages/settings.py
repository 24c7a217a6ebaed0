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
    QHBoxLayout,
    QListWidget,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from fieldvisit import secrets
from fieldvisit.changes import NOTHING, RULES_SAVED, Kind
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.visit_targets import set_visit_targets, visit_targets
from fieldvisit.reads.audit_lines import setting_versions
from fieldvisit.rule_fields import rule_problems
from fieldvisit.settings import Rules, load_rules, save_rules, set_pipeline
from fieldvisit.store.offline import in_travel_copy
from fieldvisit.store.versions import Conflict
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.conflict_settings import settle_settings_conflict
from fieldvisit.ui.dialogs.crm_import_stages import move_keys
from fieldvisit.ui.dialogs.your_name import ask_before_first_team_save
from fieldvisit.ui.models.targets import TargetRow
from fieldvisit.ui.operations import write_now
from fieldvisit.ui.pages.base import Page, button, primary_button
from fieldvisit.ui.pages.settings_cadence import CadenceSection
from fieldvisit.ui.pages.settings_calendars import CalendarSources
from fieldvisit.ui.pages.settings_forms import (
    CALENDAR_FIELDS,
    CHOICE_FIELDS,
    EMAIL_FIELDS,
    ORGANIZER_FIELDS,
    PIPELINE_INTRO,
    TITLES_INTRO,
    RuleSection,
    control_value,
    fill_stage_limits,
    pipeline_problems,
    set_control_value,
)
from fieldvisit.ui.pages.settings_money import MoneyEditor
from fieldvisit.ui.pages.settings_passwords import PasswordFields
from fieldvisit.ui.pages.settings_sections import SettingsSectionPages
from fieldvisit.ui.pages.settings_titles import TitleRuleEditor, titled_people
from fieldvisit.ui.pages.settings_visit_days import VisitDaysSection
from fieldvisit.ui.widgets.ordered_list import OrderedListEditor

# Sections another page can open by name (`show_section`, via "settings#titles").
SECTION_NAMES = {
    "pipeline": "Pipeline stages",
    "titles": "Executive titles",
    "calendars": "Executives' calendars",
    "cadence": "Visit cadence",
    "visit-days": "Visit days",
}


TEAM_ONLY = "Settings are changed in the team workspace; this travel copy gets them at each sync."


class SettingsPage(SettingsSectionPages, Page):
    key = "settings"
    title = "Settings"
    icon = "settings"
    question = "How should Field Visit judge deals, choose executives and send invites?"
    shows = frozenset({Kind.RULES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.controls: dict[str, QWidget] = {}
        self.weight_controls: dict[str, QWidget] = {}
        self.stage_limit_controls: dict[str, QSpinBox] = {}
        self.loaded = Rules()
        self.seen_versions: dict[str, int] = {}  # the settings' versions the page shows
        self.read_only = False  # True in a travel copy: its settings come from the team
        self.kept_over = False  # the next save is "Keep mine" over someone's newer change
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        self.sections = QListWidget(self)
        self.sections.setAccessibleName("Settings sections")
        self.sections.setFixedWidth(200)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        move_keys(self.pipeline.list, lambda: self.pipeline.move(-1), lambda: self.pipeline.move(1))
        self._add_section("Pipeline stages", self._list_page(PIPELINE_INTRO, self.pipeline))
        self.titles = TitleRuleEditor(self)
        self._add_section("Executive titles", self._list_page(TITLES_INTRO, self.titles))
        self.friction = OrderedListEditor("category", self)
        self._add_section(
            "Friction categories",
            self._list_page(
                "What can block our field team; executives tick these in their debriefs.",
                self.friction,
            ),
        )
        self._add_section("Visit targets", self._targets_page())
        self.visit_days = VisitDaysSection(self)
        self._add_section("Visit days", self.visit_days)
        self.cadence = CadenceSection(self)
        self._add_section("Visit cadence", self.cadence)
        self.money = MoneyEditor(self)
        self._add_section("Money", self.money)
        # Sections that show, edit and check rules of their own, all in the same way.
        self.rule_sections: tuple[RuleSection, ...] = (self.visit_days, self.cadence, self.money)
        self.calendars = CalendarSources(ctx, self)
        self._add_section("Executives' calendars", self.calendars)
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

    # ----- building ------------------------------------------------------------------------

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
            self.seen_versions = setting_versions(conn)  # a newer save of one is a Conflict
            self.read_only = in_travel_copy(conn)  # a copy's settings come from the team
            executives = [
                TargetRow(row.executive_pk, row.name, row.title, row.target)
                for row in visit_targets(conn)
            ]
        self.loaded = rules
        values = asdict(rules)
        for key, control in self.controls.items():
            set_control_value(control, values[key])
        for code, control in self.weight_controls.items():
            set_control_value(control, rules.signal_weights.get(code, 0.0))
        self._show_stage_limits(rules)
        self.pipeline.set_names(rules.pipeline)
        self.titles.set_rules(rules.executive_titles)
        with self.ctx.workspace.connect() as conn:
            self.titles.set_people(titled_people(conn))
        self.friction.set_names(rules.friction_categories)
        self.targets.show_rows(executives, rules.default_monthly_visit_target)
        with self.ctx.workspace.connect() as conn:
            for section in self.rule_sections:
                section.show_rules(rules, conn)
        self.passwords.show_notes()
        self.calendars.refresh()
        self.status.setText(TEAM_ONLY if self.read_only else "")
        self.save_button.setEnabled(not self.read_only)

    def _show_stage_limits(self, rules: Rules) -> None:
        self.stage_limit_controls = fill_stage_limits(self.stage_limits_form, rules, self)

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
        edited["executive_titles"] = self.titles.rules()
        edited["friction_categories"] = self.friction.names()
        for section in self.rule_sections:
            edited |= section.edited()
        return {k: v for k, v in edited.items() if v != current[k]}

    def problems(self, changes: dict[str, Any]) -> list[str]:
        """Return what keeps the settings from being saved, in plain words."""
        found = pipeline_problems(changes.get("pipeline", self.loaded.pipeline))
        found += [p for s in self.rule_sections if (p := s.problem()) is not None]
        if "executive_titles" in changes and (problem := self.titles.problem()) is not None:
            found.append(problem)
        found += rule_problems(changes)  # ranges, e-mail, names: as `save_rules` checks them
        return found

    def save(self) -> bool:
        """Save changed rules and targets in one transaction, and passwords to the keychain."""
        if self.read_only:  # a travel copy: sync would not carry them, the next pull drops them
            self.status.setText(f"Not saved. {TEAM_ONLY}")
            return False
        changes = self.changes()
        problems = self.problems(changes)
        if problems:
            self.status.setText("Not saved. " + " ".join(problems))
            self.status.setStyleSheet(f"color: {style.tone('red').name()};")
            return False
        targets = dict(self.targets.changes)
        ask_before_first_team_save(self.ctx)  # on a team workspace: who saves? (once)
        rules = dict(changes)
        pipeline = rules.pop("pipeline", None)
        saved = len(changes) + len(targets)

        def store() -> None:
            with self.ctx.workspace.begin() as conn:
                seen, kept = self.seen_versions, self.kept_over
                if pipeline is not None:  # checked against the deals' stages by the core
                    set_pipeline(conn, pipeline, versions=seen, kept_over=kept)
                if rules:
                    save_rules(conn, rules, seen=seen, kept_over=kept)
                set_visit_targets(conn, targets)

        try:  # pages refresh; this one reloads what was stored
            write_now(self.ctx, store, changes=RULES_SAVED if saved else NOTHING)
        except Conflict as exc:  # someone saved a setting meanwhile: Reload or Keep mine
            self.status.setText(f"Not saved. {exc}")
            settle_settings_conflict(self, exc)
            return False
        except FieldVisitError as exc:  # nothing was saved: the transaction rolled back
            self.status.setText(f"Not saved. {exc}")
            self.status.setStyleSheet(f"color: {style.tone('red').name()};")
            return False
        notes = self.passwords.save() + self.calendars.save_edited()
        self.status.setStyleSheet("")
        self.status.setText(
            (f"Saved {style.plural(saved, 'change')}." if saved else "Nothing to save.")
            + (" " + " ".join(notes) if notes else "")
        )
        return True

    def show_section(self, name: str) -> None:
        """Open a section by its short name ("pipeline", "titles") or its title."""
        title = SECTION_NAMES.get(name, name)
        found = self.sections.findItems(title, Qt.MatchFlag.MatchExactly)
        if found:
            self.sections.setCurrentItem(found[0])
