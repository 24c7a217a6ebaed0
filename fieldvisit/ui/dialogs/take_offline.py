"""File › Take offline…: a travel copy of the team workspace, written on a worker.

The dialog asks where to write the file and whether it holds the whole org or one executive's
accounts; the copy runs on the task runner with progress and Cancel (the core's
`travel.copy.take_travel_copy`, the same as `fieldvisit --db ADDRESS travel-copy`), then offers
to open the copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ui import file_dialogs, style
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.plain_text import ask

if TYPE_CHECKING:
    from fieldvisit.reads.people import Person
    from fieldvisit.travel.copy import CopyReport
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.tasks import CancelledFn, ProgressFn, Task


def suggested_file(label: str) -> Path:
    """Return the file the dialog proposes: the database's name, "-travel", in Documents."""
    database = label.split("?", 1)[0].rsplit("/", 1)[-1] or "team"
    return Path(file_dialogs.documents_folder()) / f"{database}-travel.fieldvisit"


class TakeOfflineDialog(QDialog):
    """Where to write the travel copy, for whom; progress and Cancel while it is written."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.report: CopyReport | None = None
        self.setWindowTitle("Take offline")
        self.setAccessibleName("Take the team workspace offline")
        self.setMinimumWidth(560)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = style.label("A travel copy for the road", wrap=True)
        head.setFont(style.section_font())
        col.addWidget(head)
        col.addWidget(
            style.label(
                f"Writes a new workspace file on this computer with the rows of "
                f"{ctx.workspace.label.split('?', 1)[0]}. Read everything and write debriefs "
                "offline; back online, File › Sync now sends them to the team.",
                role="muted",
                wrap=True,
            )
        )
        form = QFormLayout()
        form.setSpacing(style.SPACE_M)
        row = QHBoxLayout()
        self.file = QLineEdit(str(suggested_file(ctx.workspace.label)), self)
        self.file.setAccessibleName("Travel copy file")
        self.choose = choose = QPushButton("C&hoose…", self)
        choose.clicked.connect(self._choose)
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        file_label = style.label("&File:")
        file_label.setTextFormat(Qt.TextFormat.AutoText)  # the mnemonic, not a literal "&"
        file_label.setBuddy(self.file)
        form.addRow(file_label, row)
        self.whole = QRadioButton("The &whole org", self)
        self.one = QRadioButton("One &executive's accounts:", self)
        self.whole.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.one)
        self.executive = QComboBox(self)
        self.executive.setAccessibleName("Executive")
        self.executive.setEnabled(False)
        self.one.toggled.connect(self.executive.setEnabled)
        who = QVBoxLayout()
        who.addWidget(self.whole)
        pick = QHBoxLayout()
        pick.addWidget(self.one)
        pick.addWidget(self.executive, 1)
        who.addLayout(pick)
        form.addRow("What:", who)
        col.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Progress of the travel copy")
        self.progress.setHidden(True)
        col.addWidget(self.progress)
        self.status = style.label("", role="muted", wrap=True)
        col.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.take = QPushButton("&Take offline", self)
        self.take.setDefault(True)
        self.cancel = QPushButton("Cancel", self)
        buttons.addButton(self.take, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.take.clicked.connect(self.start)
        self.cancel.clicked.connect(self._cancel)
        col.addWidget(buttons)
        self._load_executives()

    # ----- the executives ---------------------------------------------------------------------

    def _load_executives(self) -> None:
        ws = self.ctx.workspace

        def work(_p: ProgressFn, _c: CancelledFn) -> list[Person]:
            from fieldvisit.reads.people import executives

            with ws.connect() as conn:
                return executives(conn)

        self.ctx.tasks.run(
            work, title="Reading the executives", on_done=self._fill, cancellable=False
        )

    def _fill(self, people: list[Person]) -> None:
        for person in people:
            if person.email:
                self.executive.addItem(f"{person.name} ({person.email})", person.email)

    # ----- running ----------------------------------------------------------------------------

    def _choose(self) -> None:
        picked = file_dialogs.save_file(
            self,
            "workspace",
            "Travel copy",
            Path(self.file.text()).name,
            file_dialogs.WORKSPACE_FILTER,
        )
        if picked is not None:
            chosen = str(picked)
            self.file.setText(chosen if chosen.endswith(".fieldvisit") else f"{chosen}.fieldvisit")

    def chosen_executive(self) -> str | None:
        """Return the chosen executive's e-mail, or None for the whole org."""
        return str(self.executive.currentData()) if self.one.isChecked() else None

    def start(self) -> None:
        """Write the travel copy on a worker (the dialog shows progress; Cancel stops it)."""
        from fieldvisit.travel.scope import Scope

        if self.one.isChecked() and self.executive.currentData() is None:
            self.status.setText("Choose the executive whose accounts to take.")
            return
        ws, out = self.ctx.workspace, Path(self.file.text().strip()).expanduser()
        scope = Scope(self.chosen_executive())

        def work(progress: ProgressFn, cancelled: CancelledFn) -> Any:
            from fieldvisit.travel.copy import take_travel_copy

            return take_travel_copy(ws, out, scope, progress=progress, cancelled=cancelled)

        self._running(True)
        self.status.setText(f"Copying {scope.words}…")
        self.task = self.ctx.tasks.run(
            work, title="Taking a travel copy", on_done=self._done, on_error=self._failed
        )
        self.task.progressed.connect(self._progressed)

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        if message:
            self.status.setText(message)

    def _running(self, running: bool) -> None:
        for widget in (self.file, self.choose, self.whole, self.one, self.take):
            widget.setEnabled(not running)
        self.executive.setEnabled(not running and self.one.isChecked())
        self.progress.setHidden(not running)

    def _done(self, report: CopyReport) -> None:
        self.task = None
        self.report = report
        self._running(False)
        self.status.setText(report.words)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from fieldvisit.ui.workspaces import describe

        self.task = None
        self._running(False)
        self.status.setText(describe(exc))

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling…")
            return
        self.reject()


def take_offline(window: Any) -> Path | None:
    """File › Take offline…: write a travel copy, then offer to open it; return its path."""
    dialog = return_focus(TakeOfflineDialog(window.ctx, window))
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.report is None:
        return None
    report = dialog.report
    if ask(
        window,
        "Travel copy written",
        f"{report.words}\n\nOpen the travel copy now? (The team workspace closes; open it "
        "again from File › Open recent.)",
        default_yes=True,
    ):
        window.open_workspace(report.path)
    return report.path
