"""Plan a visit (from a suggestion, for a deal, or for a deal picked here) or edit a planned one.

Editing changes everything the form holds (executive, rep, contacts, time, place, mode, agenda,
objective) through `planning.update_visit`, in one transaction.

The dialog opens window-modal with `open()` and saves in a background task, so a long read
elsewhere never freezes the window; on success it announces `VISIT_PLANNED` and closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import VISIT_PLANNED
from fieldvisit.errors import NotFound
from fieldvisit.planning.plan_defaults import plan_defaults
from fieldvisit.reads import audit_lines, people, visit_form, visit_lines
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.plan_form import PlanForm
from fieldvisit.ui.dialogs.plan_saving import InvitesAfterSaving, save_visit
from fieldvisit.ui.dialogs.your_name import ask_before_first_team_save
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.models.deals_model import short_deal_name
from fieldvisit.ui.operations import run_task_write
from fieldvisit.ui.plain_text import ask
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from fieldvisit.planning import Suggestion

PICK_LIMIT = 8


class PlanVisitDialog(QDialog):
    """Choose who goes, whom they meet, when and where; then plan (or edit) the visit."""

    visit_saved = Signal(int)  # visit pk

    def __init__(
        self,
        ctx: AppContext,
        *,
        suggestion: Suggestion | None = None,
        deal_pk: int | None = None,
        visit_pk: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.suggestion = suggestion
        self.deal_pk = suggestion.deal.deal_pk if suggestion else deal_pk
        self.visit_pk = visit_pk
        self.saved_visit_pk: int | None = None
        self.seen_version: int | None = None  # the visit's version loaded: a newer one conflicts
        self.kept_over = False
        # When editing: the visit's attendees as loaded, and the form problems it already had
        # (an imported visit may have no contacts or no place; that must not block a new time).
        self.loaded: tuple[list[int], list[int], list[int]] = ([], [], [])
        self.accepted: frozenset[str] = frozenset()
        self.rules = ctx.rules()
        editing = visit_pk is not None
        self.setWindowTitle("Edit visit" if editing else "Plan a visit")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(780)

        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        self.heading = style.label(self.windowTitle(), parent=self)
        self.heading.setFont(style.section_font())
        col.addWidget(self.heading)
        self.deal_line = style.label("", role="muted", wrap=True)
        col.addWidget(self.deal_line)

        self.picker = QLineEdit(self)
        self.picker.setPlaceholderText("Find the deal: type an account or deal name")
        self.picker.setAccessibleName("Find the deal")
        self.matches = QListWidget(self)
        self.matches.setAccessibleName("Matching deals")
        self.matches.setMaximumHeight(200)
        self._pick_timer = QTimer(self)
        self._pick_timer.setSingleShot(True)
        self._pick_timer.setInterval(150)
        self._pick_timer.timeout.connect(self._find_deals)
        self.picker.textChanged.connect(lambda _t: self._pick_timer.start())
        self.matches.itemActivated.connect(self._deal_picked)
        self.matches.itemClicked.connect(self._deal_picked)
        col.addWidget(self.picker)
        col.addWidget(self.matches)

        self.form = PlanForm(ctx.as_of, self)
        col.addWidget(self.form)
        self.problems = style.label("", wrap=True)
        self.problems.setAccessibleName("What to fix")
        self.problems.setStyleSheet(f"color: {style.tone('red').name()};")
        self.problems.hide()
        col.addWidget(self.problems)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(self._save_words(), self)
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName(self.save_button.text())
        self.save_button.clicked.connect(self.save)
        # "Plan and export invites…" (Alt+I): a new visit's invites out without leaving here.
        self.invites = InvitesAfterSaving(self, ctx, lambda: self._save(allow_overlap=False))
        self.invites.button.setVisible(not editing)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.invites.button)
        buttons.addWidget(self.save_button)
        col.addLayout(buttons)

        self._show_picker(not editing and self.deal_pk is None)
        if editing:
            self._load_visit()
        elif self.deal_pk is not None:
            self._load_deal(self.deal_pk)
        self.resize(780, self.sizeHint().height())

    @classmethod
    def plan(
        cls,
        ctx: AppContext,
        *,
        suggestion: Suggestion | None = None,
        deal_pk: int | None = None,
        visit_pk: int | None = None,
        parent: QWidget | None = None,
    ) -> PlanVisitDialog:
        """Open the dialog window-modal (without blocking) and return it."""
        dialog = cls(ctx, suggestion=suggestion, deal_pk=deal_pk, visit_pk=visit_pk, parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return_focus(dialog).open()
        return dialog

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self, self.fit_height)

    def fit_height(self) -> None:
        """Grow to the height the wrapped lines need at the current width (never squeeze)."""
        layout = self.layout()
        layout.activate()
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    # ----- loading -----------------------------------------------------------------------------

    def _show_picker(self, show: bool) -> None:
        self.picker.setVisible(show)
        self.matches.setVisible(show)
        self.form.setEnabled(not show)
        self.save_button.setEnabled(not show)
        self.invites.button.setEnabled(not show)
        if show:
            self.deal_line.setText("Which deal is this visit about?")
            self.picker.setFocus()

    def _find_deals(self) -> None:
        typed = self.picker.text().strip()
        self.matches.clear()
        if len(typed) < 2:
            return
        with self.ctx.workspace.connect() as conn:
            rows = visit_form.open_deal_choices(conn, typed, PICK_LIMIT)
        for d in rows:
            item = QListWidgetItem(
                f"{d.account} — {d.deal} ({d.stage}, {style.money(d.amount, d.currency)})"
            )
            item.setData(Qt.ItemDataRole.UserRole, d.pk)
            self.matches.addItem(item)
        if not rows:
            self.matches.addItem(QListWidgetItem(f"No open deal matches “{typed}”."))

    def _deal_picked(self, item: QListWidgetItem) -> None:
        pk = item.data(Qt.ItemDataRole.UserRole)
        if pk is None:
            return
        self.deal_pk = int(pk)
        self._show_picker(False)
        self._load_deal(self.deal_pk)

    def _load_deal(self, deal_pk: int) -> None:
        """Fill the form from the suggestion (or the deal's own suggestion)."""
        from fieldvisit import planning

        with self.ctx.workspace.connect() as conn:
            suggestion = self.suggestion or planning.suggest_for_deal(
                conn, deal_pk, self.ctx.as_of, self.rules
            )
            contacts = people.account_contacts(conn, suggestion.deal.account_pk)
            account = visit_form.account_place(conn, suggestion.deal.account_pk)
            executives = people.executives(conn)
            reps = people.reps(conn)
            # Start, length and contacts as `plan` takes them (planning.plan_defaults).
            defaults = plan_defaults(conn, suggestion, self.rules, self.ctx.as_of)
        self.suggestion = suggestion
        deal = suggestion.deal
        self.deal_line.setText(
            f"{deal.account_name}{' · ' + deal.account_city if deal.account_city else ''} — "
            f"{short_deal_name(deal.account_name, deal.deal_name)} ({deal.stage}, "
            f"{style.money(deal.amount, deal.currency)})"
        )
        ranked = [suggestion.executive, *suggestion.alternatives]
        self.form.set_account(account.tz, account.city)
        self.form.set_people(
            executives, reps, [(c.executive_pk, " · ".join(c.reasons)) for c in ranked]
        )
        self.form.select_rep(suggestion.rep_pk)
        self.form.set_contacts(contacts, set(defaults.contact_pks))
        self.form.set_when(defaults.start, defaults.minutes)
        self.form.place.setText(account.city or "")
        self._use_day_rule(suggestion.deal.account_pk)

    def _load_visit(self) -> None:
        """Fill the form from an existing visit; every field can change."""
        assert self.visit_pk is not None
        with self.ctx.workspace.connect() as conn:
            line = visit_lines.visit_line(conn, self.visit_pk)
            if line is None:
                raise NotFound(f"The visit {self.visit_pk} no longer exists.")
            self.loaded = people.visit_attendees(conn, self.visit_pk)
            contacts = people.account_contacts(conn, line.account_pk)
            executives = people.executives(conn)
            reps = people.reps(conn)
            notes = visit_form.visit_notes(conn, self.visit_pk)
            self.seen_version = audit_lines.visit_version(conn, self.visit_pk)
            trail = audit_lines.trail_sentence(audit_lines.visit_trail(conn, self.visit_pk))
        exec_pks, rep_pks, contact_pks = self.loaded
        names = {p.pk: p.name for p in [*executives, *reps]}
        also = [names[pk] for pk in [*exec_pks[1:], *rep_pks[1:]] if pk in names]
        self.deal_line.setText(
            f"{line.account_name}{' · ' + line.account_city if line.account_city else ''}"
            f"{' — ' + line.deal_name if line.deal_name else ''}. "
            + (f"Also going, unchanged: {', '.join(also)}. " if also else "")
            + "Everyone invited gets an update when you next send the invites."
            + (f"\n{trail}." if trail else "")
        )
        self.form.set_account(line.account_tz, line.account_city)
        self.form.set_people(executives, reps)
        if exec_pks:
            self.form.select_executive(exec_pks[0])
        self.form.select_rep(rep_pks[0] if rep_pks else None)
        self.form.set_contacts(contacts, set(contact_pks))
        self.form.set_when(line.start, line.minutes)
        self.form.select_mode(line.mode)
        self.form.place.setText(line.location or "")
        self.form.agenda.setPlainText(notes.agenda or "")
        self.form.objective.setPlainText(notes.objective or "")
        self.accepted = frozenset(self.form.values()[1])
        self._use_day_rule(line.account_pk)

    def _use_day_rule(self, account_pk: int) -> None:
        """Say under the time when the day is a weekend or holiday (`day_warning`, as `plan`)."""
        from fieldvisit.planning.visit_checks import day_warning, visit_countries

        with self.ctx.workspace.connect() as conn:
            places = visit_countries(conn, account_pk)
        rules = self.rules
        self.form.set_day_rule(
            lambda day, exec_pk: day_warning(
                rules, day, places.account, [places.homes.get(exec_pk)] if exec_pk else []
            )
        )

    def _edited_people(
        self, executive_pk: int, rep_pk: int | None
    ) -> tuple[list[int] | None, list[int] | None]:
        """Return the new executives and reps (None: unchanged); the form edits the first of each."""
        exec_pks, rep_pks, _contacts = self.loaded
        executives = None
        if exec_pks[:1] != [executive_pk]:
            executives = [executive_pk, *(p for p in exec_pks[1:] if p != executive_pk)]
        reps = None
        if (rep_pks[0] if rep_pks else None) != rep_pk:
            others = [p for p in rep_pks[1:] if p != rep_pk]
            reps = [rep_pk, *others] if rep_pk is not None else others
        return executives, reps

    # ----- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        """Check the form; plan or update the visit in the background (asking before a double
        booking: "Plan anyway?"); close when saved."""
        self.invites.cancelled()
        self._save(allow_overlap=False)

    def _save(self, *, allow_overlap: bool) -> None:
        values, problems = self.form.values(self.accepted)
        if values is None:
            self.invites.cancelled()
            self._show_problems(problems)
            return
        self._show_problems([])
        ask_before_first_team_save(self.ctx)  # on a team workspace: who saves? (once)
        self.save_button.setEnabled(False)
        self.invites.button.setEnabled(False)
        self.save_button.setText("Saving…")
        ws = self.ctx.workspace
        visit_pk, deal_pk, rules = self.visit_pk, self.deal_pk, self.rules
        executives, reps = (
            self._edited_people(values.executive_pk, values.rep_pk)
            if visit_pk is not None
            else (None, None)
        )

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> int:
            return save_visit(
                ws,
                rules,
                values,
                visit_pk=visit_pk,
                deal_pk=deal_pk,
                executives=executives,
                reps=reps,
                allow_overlap=allow_overlap,
                seen=self.seen_version,
                kept_over=self.kept_over,
            )

        run_task_write(
            self.ctx,
            work,
            title="Saving the visit",
            changes=VISIT_PLANNED,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _save_words(self) -> str:
        return "Save changes" if self.visit_pk is not None else "Plan visit"

    def _saved(self, visit_pk: int) -> None:
        self.saved_visit_pk = visit_pk
        self.visit_saved.emit(visit_pk)
        self.invites.saved(visit_pk, self.parentWidget())
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from fieldvisit.planning.visit_checks import DuplicateVisit, VisitClash
        from fieldvisit.store.versions import Conflict
        from fieldvisit.ui.dialogs.conflict_visit import settle_visit_conflict

        self.save_button.setEnabled(True)
        self.invites.button.setEnabled(True)
        self.save_button.setText(self._save_words())
        if isinstance(exc, Conflict):  # someone saved this visit meanwhile: Reload or Keep mine
            settle_visit_conflict(self, exc)
            return
        if isinstance(exc, VisitClash) and not isinstance(exc, DuplicateVisit):
            then = "Save anyway?" if self.visit_pk is not None else "Plan anyway?"
            if ask(self, "Another visit at that time", exc.clash.question(then)):
                self._save(allow_overlap=True)
            else:
                self.invites.cancelled()
            return
        self.invites.cancelled()
        self._show_problems([f"The visit was not saved: {exc}"])

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        if problems:
            QTimer.singleShot(0, self, self.fit_height)
