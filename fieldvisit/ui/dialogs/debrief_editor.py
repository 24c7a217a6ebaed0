"""The one-minute debrief editor, with drafts that survive a crash.

Its `DraftKeeper` (draft_keeper.py) keeps what is typed: in a local journal at most about a second
after the first unsaved keystroke, and in the workspace's `debrief_draft` whenever its lock is
free. Ctrl+S saves the debrief in one transaction and removes the draft; Esc asks before the editor
closes, and closing the main window asks while an editor holds unsaved notes (both default to
keeping the draft; see unsaved_debriefs.py, which also offers drafts back at start-up).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldvisit import debriefs
from fieldvisit.changes import DEBRIEF_SAVED, NOTHING, Changes
from fieldvisit.debriefs import DebriefData, VisitHeader
from fieldvisit.errors import FieldVisitError
from fieldvisit.reads.audit_lines import debrief_version
from fieldvisit.store.versions import Conflict, changed_since
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.conflict_debrief import settle_debrief_conflict
from fieldvisit.ui.dialogs.debrief_form import DebriefForm
from fieldvisit.ui.dialogs.draft_keeper import DraftKeeper, KeptDraftCourier
from fieldvisit.ui.dialogs.your_name import ask_before_first_team_save
from fieldvisit.ui.operations import write_now
from fieldvisit.ui.widgets.flow import fit_to_screen

log = logging.getLogger(__name__)


class DebriefEditor(QDialog):
    """Write or edit the debrief of one visit."""

    debrief_saved = Signal(int)  # visit pk
    draft_saved = Signal(int)  # visit pk

    def __init__(self, ctx: AppContext, visit_pk: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace = ctx.workspace  # drafts go to the workspace the editor was opened on
        self.visit_pk = visit_pk
        self._finished = False  # saved, discarded or closed: no more drafts from this editor
        self._edited = False  # typed into since it opened (Esc asks before closing)
        with ctx.workspace.connect() as conn:
            self.header: VisitHeader = debriefs.visit_header(conn, visit_pk)
            saved = debriefs.load_debrief(conn, visit_pk)
            self.seen_version = debrief_version(conn, visit_pk)  # a newer save is a Conflict
        self.started_from, self.kept_over = saved, False
        # The newest draft wins, whether the workspace or only the local journal holds it.
        draft, kept_locally = self._newest_draft()
        self.saved_since = ""  # who saved the debrief after the recovered notes were typed
        if draft is not None and draft.base_version not in (None, self.seen_version):
            # Typed on an older save than the one stored now (a colleague saved meanwhile):
            # saving the notes is a Conflict (Reload, Keep mine, Merge), never a silent write
            # over the newer save; their common start is unknown, so Merge compares every field.
            self.seen_version, self.started_from = int(draft.base_version or 0), None
            with ctx.workspace.connect() as conn:
                self.saved_since = changed_since(conn, "debrief", visit_pk, self.seen_version) or ""
        rules = ctx.rules()
        self.setWindowTitle(f"Debrief — {self.header.account_name}")
        self.setAccessibleName(f"Debrief of the visit to {self.header.account_name}")
        self.setModal(False)
        fit_to_screen(self, 1040, 820)  # smaller on a 1024×768 screen

        outer = QVBoxLayout(self)
        outer.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        outer.setSpacing(style.SPACE_M)
        outer.addLayout(self._build_title())
        self.recovered_bar = self._build_recovered_bar()
        outer.addWidget(self.recovered_bar)

        self.form = DebriefForm(self.header, rules.friction_categories, ctx.as_of, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll, 1)

        self.error_label = style.label("", wrap=True)
        self.error_label.setStyleSheet(f"color: {style.tone('red').name()};")
        self.error_label.hide()
        outer.addWidget(self.error_label)
        outer.addLayout(self._build_buttons())

        if draft is not None:
            self.form.set_data(draft)
            self.recovered_bar.show()
        elif saved is not None:
            self.form.set_data(saved)
        else:
            self.form.set_data(
                DebriefData(visit_id=visit_pk, contact_ids=list(self.header.planned_contact_ids))
            )
        self.keeper = DraftKeeper(
            self.workspace,
            visit_pk,
            self._draft_content,
            self,
            has_draft=draft is not None,
            kept_locally=kept_locally,
        )
        self.keeper.status.connect(self._show_draft_status)
        if kept_locally:
            self.draft_label.setText("Draft kept locally")
        self.form.changed.connect(self._on_edit)
        ctx.changed.connect(self._workspace_replaced)
        self._chain_tabs()

        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.form.add_next_step)
        self.form.first_field().setFocus()

    def _on_edit(self) -> None:
        self._edited = True
        self.keeper.edited()

    def _newest_draft(self) -> tuple[DebriefData | None, bool]:
        try:
            return debriefs.latest_draft(self.workspace, self.visit_pk)
        except FieldVisitError as exc:  # the journal folder is unreadable: the workspace's draft
            log.warning("kept drafts of visit %s not read: %s", self.visit_pk, exc)
            with self.workspace.connect() as conn:
                return debriefs.load_draft(conn, self.visit_pk), False

    def _draft_content(self) -> DebriefData:
        """The form's content as a draft: with the saved version it is typed on."""
        return replace(self.form.data(), base_version=self.seen_version)

    @property
    def has_draft(self) -> bool:
        """Return True when a draft of this editor's notes is kept (workspace or journal)."""
        return self.keeper.has_draft

    def has_unsaved_notes(self) -> bool:
        """Return True while the editor shows notes that are not a saved debrief."""
        return not self._finished and (self._edited or self.keeper.has_draft)

    # ----- building ----------------------------------------------------------------------

    def _build_title(self) -> QHBoxLayout:
        h = self.header
        row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel(f"Debrief: {h.account_name}", self)
        title.setTextFormat(Qt.TextFormat.PlainText)  # names come from imports: never markup
        title.setFont(style.page_title_font())
        title.setAccessibleName(f"Debrief of {h.account_name}")
        titles.addWidget(title)
        when = style.day(style.local_day(h.start, h.account_tz), with_year=True)
        people = ", ".join(h.executives) or "No executive recorded"
        if h.reps:
            people += f" with {', '.join(h.reps)}"
        parts = [when, people]
        if h.deal_name:
            parts.append(h.deal_name)
        if h.account_city:
            parts.append(h.account_city)
        titles.addWidget(style.label(" · ".join(parts), role="muted"))
        row.addLayout(titles, 1)
        self.draft_label = style.label("", role="muted")
        self.draft_label.setAccessibleName("Draft status")
        row.addWidget(self.draft_label)
        return row

    def _build_recovered_bar(self) -> QWidget:
        bar = QWidget(self)
        bar.setObjectName("recovered-bar")
        bar.setStyleSheet(
            "#recovered-bar { background: palette(alternate-base); border: 1px solid palette(mid);"
            f" border-radius: {style.RADIUS}px; }}"
        )
        row = QHBoxLayout(bar)
        row.setContentsMargins(style.SPACE_M, style.SPACE_S, style.SPACE_M, style.SPACE_S)
        since = (
            f" {self.saved_since} after you typed them: Save debrief shows both, to keep "
            "yours, take theirs or merge."
            if self.saved_since
            else " Check them and press Save debrief."
        )
        self.recovered_words = style.label(
            f"These are your unsaved notes from last time. Nothing was lost.{since}", wrap=True
        )
        row.addWidget(self.recovered_words, 1)
        discard = QPushButton("Discard these notes", bar)
        discard.setAccessibleName("Discard the recovered notes")
        discard.clicked.connect(self._discard_recovered)
        row.addWidget(discard)
        bar.hide()
        return bar

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        hint = style.label("Ctrl+S saves · Esc closes · notes are kept as you type", role="muted")
        row.addWidget(hint, 1)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close the debrief")
        self.close_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save debrief", self)
        self.save_button.setProperty("primary", True)
        self.save_button.setAccessibleName("Save debrief")
        self.save_button.setToolTip("Save debrief (Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.close_button)
        row.addWidget(self.save_button)
        return row

    def _chain_tabs(self) -> None:
        chain = [*self.form.focus_chain(), self.close_button, self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ----- drafts --------------------------------------------------------------------------

    def save_draft_now(self) -> None:
        """Keep the editor's content now: journal, then workspace (nothing when it is blank)."""
        if not self._finished:
            self.keeper.flush_final(always=True)

    def _show_draft_status(self, words: str, details: str, trouble: bool) -> None:
        self.draft_label.setText(words)
        self.draft_label.setToolTip(details)
        self.draft_label.setStyleSheet(f"color: {style.tone('red').name()};" if trouble else "")
        if not trouble:
            self.draft_saved.emit(self.visit_pk)

    def _discard_recovered(self) -> None:
        try:
            debriefs.discard_kept_draft(self.workspace, self.visit_pk)
        except FieldVisitError as exc:
            self._show_error(f"The notes could not be discarded ({exc}). Try again in a moment.")
            return
        self.keeper.restart_clean()
        self._edited = False
        with self.workspace.connect() as conn:
            saved = debriefs.load_debrief(conn, self.visit_pk)
            self.seen_version = debrief_version(conn, self.visit_pk)  # editing the saved one now
        self.started_from, self.saved_since = saved, ""
        self.form.set_data(
            saved
            or DebriefData(
                visit_id=self.visit_pk, contact_ids=list(self.header.planned_contact_ids)
            )
        )
        self.recovered_bar.hide()
        self.draft_label.setText("Recovered notes discarded")
        self.form.first_field().setFocus()

    def _workspace_replaced(self, _changes: Changes) -> None:
        if self._finished or self.ctx.workspace is self.workspace:
            return  # an import into the same workspace: the editor carries on
        # Another workspace is open now: keep the notes locally for this one and step aside.
        self.keeper.flush_locally()
        self.keeper.stop()
        self._finished = True
        super().reject()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    # ----- save and close ------------------------------------------------------------------

    def save(self) -> bool:
        """Save the debrief (and drop the draft); return True when it was saved."""
        data = self.form.data()
        ask_before_first_team_save(self.ctx)  # on a team workspace: who saves? (once)
        try:
            write_now(
                self.ctx,
                lambda: debriefs.save_debrief(
                    self.workspace,
                    data,
                    now=datetime.now(UTC),
                    seen=self.seen_version,
                    kept_over=self.kept_over,
                ),
                changes=DEBRIEF_SAVED,
            )
        except Conflict as exc:  # someone saved this debrief meanwhile: they settle it
            self.save_draft_now()
            settle_debrief_conflict(self, exc)
            return False
        except Exception as exc:  # noqa: BLE001 - any failure is shown; the draft stays safe
            self.save_draft_now()
            self._show_error(
                f"The debrief could not be saved ({exc}). Your notes are kept as a draft; "
                "try again, or close and come back later."
            )
            return False
        self.keeper.stop()
        self._finished = True
        try:
            debriefs.forget_kept_draft(self.workspace, self.visit_pk)
        except FieldVisitError as exc:  # harmless: the saved debrief is newer than that copy
            log.warning("local copy of the draft of visit %s not removed: %s", self.visit_pk, exc)
        self.debrief_saved.emit(self.visit_pk)
        self.accept()
        return True

    def reject(self) -> None:
        """Close; when something typed is unsaved, ask first (Esc lands here too)."""
        if self._finished or not self._edited:
            self._close_keeping_draft()
            return
        self.save_draft_now()  # whatever they choose, nothing is lost while they choose
        self.close_question = self._make_close_question()
        self.close_question.open()

    def _make_close_question(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Close the debrief?")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Your debrief of {self.header.account_name} is not saved yet.")
        box.setInformativeText(
            "Save it now, keep the notes as a draft for later, or throw them away."
        )
        save = box.addButton("Save debrief", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep draft and close", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Discard notes", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Keep writing", QMessageBox.ButtonRole.NoRole)
        # A reflex Enter must not save half a debrief, nor throw it away: it keeps the draft.
        box.setDefaultButton(keep)
        box.setEscapeButton(back)

        def chosen(button: QPushButton) -> None:
            if button is save:
                self.save()
            elif button is keep:
                self._close_keeping_draft()
            elif button is discard:
                try:
                    write_now(
                        self.ctx,
                        lambda: debriefs.discard_kept_draft(self.workspace, self.visit_pk),
                        changes=DEBRIEF_SAVED,
                    )
                except FieldVisitError as exc:
                    self._show_error(f"The notes could not be discarded ({exc}).")
                    return
                self.keeper.stop()
                self._finished = True
                super(DebriefEditor, self).reject()

        box.buttonClicked.connect(chosen)
        return box

    def _close_keeping_draft(self) -> None:
        def keep() -> bool:
            if not self._finished:
                self.keeper.flush_final()
                if self.keeper.kept_locally and self.ctx.workspace is self.workspace:
                    KeptDraftCourier.of(self.ctx).expect()  # written in once the workspace is free
            return self.has_draft

        # A draft kept: the "draft" markers on the lists follow.
        write_now(self.ctx, keep, changes=lambda kept: DEBRIEF_SAVED if kept else NOTHING)
        self.keeper.stop()
        self._finished = True
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._finished:
            self.keeper.flush_final()
        super().closeEvent(event)

    def close_keeping_draft(self) -> None:
        """Close without asking, the notes kept as a draft (the app is quitting)."""
        if not self._finished:
            self._close_keeping_draft()
