"""The one-minute debrief editor, with drafts that survive a crash.

Every edit restarts a short single-shot timer; when it fires the editor's content is written to
`debrief_draft` (also on close and when the app quits). Ctrl+S saves the debrief in one
transaction and removes the draft; Esc asks before anything typed is thrown away. On the next
start, `offer_recovered_drafts(ctx, parent)` offers back any draft a crash left behind.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
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
from fieldvisit.debriefs import DebriefData, VisitHeader
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.debrief_form import DebriefForm

AUTOSAVE_MS = 1500  # under the promised two seconds, long enough not to write on every key


class DebriefEditor(QDialog):
    """Write or edit the debrief of one visit."""

    debrief_saved = Signal(int)  # visit pk
    draft_saved = Signal(int)  # visit pk

    def __init__(self, ctx: AppContext, visit_pk: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.visit_pk = visit_pk
        self._finished = False  # saved, discarded or closed: no more drafts from this editor
        self._dirty = False
        with ctx.workspace.connect() as conn:
            self.header: VisitHeader = debriefs.visit_header(conn, visit_pk)
            draft = debriefs.load_draft(conn, visit_pk)
            saved = debriefs.load_debrief(conn, visit_pk)
        rules = ctx.rules()
        self.setWindowTitle(f"Debrief — {self.header.account_name}")
        self.setAccessibleName(f"Debrief of the visit to {self.header.account_name}")
        self.setModal(False)
        self.resize(1040, 820)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_draft_now)

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
        self.has_draft = draft is not None
        self.form.changed.connect(self._on_edit)
        self._chain_tabs()

        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.form.add_next_step)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._flush_on_quit)
        self.form.first_field().setFocus()

    # ----- building ----------------------------------------------------------------------

    def _build_title(self) -> QHBoxLayout:
        h = self.header
        row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel(f"Debrief: {h.account_name}", self)
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
        row.addWidget(
            style.label(
                "These are your unsaved notes from last time. Nothing was lost. "
                "Check them and press Save debrief.",
                wrap=True,
            ),
            1,
        )
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

    def _on_edit(self) -> None:
        self._dirty = True
        if not self._finished:
            self.autosave_timer.start()  # restarts: the draft is written once typing pauses

    def save_draft_now(self) -> None:
        """Write the editor's content to the workspace's drafts (nothing when it is blank)."""
        self.autosave_timer.stop()
        if self._finished:
            return
        data = self.form.data()
        if data.is_blank() and not self.has_draft:
            return
        debriefs.save_draft(self.ctx.workspace, data)
        self.has_draft = True
        now = QTime.currentTime()
        self.draft_label.setText(f"Draft kept at {style.locale().toString(now, 'HH:mm')}")
        self.draft_saved.emit(self.visit_pk)

    def _flush_on_quit(self) -> None:
        if not self._finished and (self._dirty or self.autosave_timer.isActive()):
            self.save_draft_now()

    def _discard_recovered(self) -> None:
        debriefs.discard_draft(self.ctx.workspace, self.visit_pk)
        self.has_draft = False
        with self.ctx.workspace.connect() as conn:
            saved = debriefs.load_debrief(conn, self.visit_pk)
        self.form.set_data(
            saved
            or DebriefData(
                visit_id=self.visit_pk, contact_ids=list(self.header.planned_contact_ids)
            )
        )
        self._dirty = False
        self.autosave_timer.stop()
        self.recovered_bar.hide()
        self.draft_label.setText("Recovered notes discarded")
        self.form.first_field().setFocus()

    # ----- save and close ------------------------------------------------------------------

    def save(self) -> bool:
        """Save the debrief (and drop the draft); return True when it was saved."""
        self.autosave_timer.stop()
        data = self.form.data()
        try:
            debriefs.save_debrief(self.ctx.workspace, data, now=datetime.now(UTC))
        except Exception as exc:  # noqa: BLE001 - any failure is shown; the draft stays safe
            self.save_draft_now()
            self.error_label.setText(
                f"The debrief could not be saved ({exc}). Your notes are kept as a draft; "
                "try again, or close and come back later."
            )
            self.error_label.show()
            return False
        self._finished = True
        self._dirty = False
        self.has_draft = False
        self.debrief_saved.emit(self.visit_pk)
        self.ctx.debriefs_changed.emit()
        self.accept()
        return True

    def reject(self) -> None:
        """Close; when something typed is unsaved, ask first (Esc lands here too)."""
        if self._finished or not self._dirty:
            self._close_keeping_draft()
            return
        self.save_draft_now()  # whatever they choose, nothing is lost while they choose
        self.close_question = self._make_close_question()
        self.close_question.open()

    def _make_close_question(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Close the debrief?")
        box.setText(f"Your debrief of {self.header.account_name} is not saved yet.")
        box.setInformativeText(
            "Save it now, keep the notes as a draft for later, or throw them away."
        )
        save = box.addButton("Save debrief", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep draft and close", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Discard notes", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Keep writing", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(save)
        box.setEscapeButton(back)

        def chosen(button: QPushButton) -> None:
            if button is save:
                self.save()
            elif button is keep:
                self._close_keeping_draft()
            elif button is discard:
                debriefs.discard_draft(self.ctx.workspace, self.visit_pk)
                self.has_draft = False
                self._finished = True
                self.ctx.debriefs_changed.emit()
                super(DebriefEditor, self).reject()

        box.buttonClicked.connect(chosen)
        return box

    def _close_keeping_draft(self) -> None:
        if not self._finished and self._dirty:
            self.save_draft_now()
        was_draft = self.has_draft
        self._finished = True
        if was_draft:
            self.ctx.debriefs_changed.emit()  # "draft" markers on lists follow
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._finished and self._dirty:
            self.save_draft_now()
        super().closeEvent(event)


class DraftRecovery(QMessageBox):
    """Offers back the drafts a crash left, then opens an editor for each, one after another."""

    def __init__(self, ctx: AppContext, drafts: list[debriefs.DraftInfo], parent: QWidget | None):
        super().__init__(parent)
        self.ctx = ctx
        self.drafts = drafts
        self.editors: list[DebriefEditor] = []
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle("Unsaved debriefs")
        names = [f"{d.account_name} ({style.short_day(d.visit_start.date())})" for d in drafts]
        count = style.plural(len(drafts), "debrief")
        self.setText(f"Field Visit closed before {count} could be saved. Your notes were kept.")
        self.setInformativeText("\n".join(names[:8]) + ("\n…" if len(names) > 8 else ""))
        self.open_button = self.addButton("Open my notes", QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.open_button)
        self.setEscapeButton(self.later_button)
        self.buttonClicked.connect(self._chosen)

    def _chosen(self, button: QPushButton) -> None:
        if button is self.open_button:
            self._open_next()

    def _open_next(self) -> None:
        if not self.drafts:
            return
        info = self.drafts.pop(0)
        editor = DebriefEditor(self.ctx, info.visit_id, self.parentWidget())
        editor.finished.connect(lambda _code: self._open_next())
        self.editors.append(editor)
        editor.show()


def offer_recovered_drafts(ctx: AppContext, parent: QWidget | None = None) -> DraftRecovery | None:
    """Offer back unsaved debrief drafts (call once after the main window shows).

    Returns the (window-modal, already open) question, or None when there are no drafts.
    """
    with ctx.workspace.connect() as conn:
        drafts = debriefs.pending_drafts(conn)
    if not drafts:
        return None
    box = DraftRecovery(ctx, drafts, parent)
    box.open()
    return box


def open_debrief_editor(
    ctx: AppContext, visit_pk: int, parent: QWidget | None = None
) -> DebriefEditor:
    """Open (and return) a non-modal editor for the visit's debrief."""
    editor = DebriefEditor(ctx, visit_pk, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.show()
    editor.raise_()
    editor.activateWindow()
    return editor
