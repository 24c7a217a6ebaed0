"""What a CRM import found or did, shown to a person: a `CrmReport` as calm sections.

The same view serves the dry run (what each file was recognised as, what the import would
change, why it is refused) and the finished import (what changed, who the executives are).
Problems come first, one line per cause; files are listed with what they were read as and the
reader's note; files left out say why.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ingest.crm.freshness import crm_label
from fieldvisit.ingest.crm.report import CrmReport
from fieldvisit.ingest.crm.wizard_words import (
    KIND_WORDS,
    LEVEL_WORDS,
    app_words,
    because_words,
    changes_line,
    is_older_refusal,
    notes_for,
    problem_lines,
)
from fieldvisit.ui import style

SHOWN_WARNINGS = 8
_ORDER_WORDS = {
    "export": "as the export gives it",
    "--stages": "in the order you set",
    "probabilities": "new stages ordered by the deals' probabilities",
    "appended": "new stages added before the closed ones",
    "unchanged": "unchanged",
}


def _heading(text: str, parent: QWidget) -> QLabel:
    lab = style.label(text, parent=parent)
    lab.setFont(style.font(style.BODY_PT + 1, QFont.Weight.DemiBold))
    lab.setAccessibleName(text)
    return lab


def _line(text: str, parent: QWidget, *, role: str = "", indent: int = 0) -> QLabel:
    lab = style.label(text, role=role, wrap=True, parent=parent)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if indent:
        lab.setContentsMargins(indent, 0, 0, 0)
    return lab


class ReportView(QScrollArea):
    """A CRM import's report as sections: problems, changes, executives, files, notes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("What the import found")
        self._inner = QWidget(self)
        self.col = QVBoxLayout(self._inner)
        self.col.setContentsMargins(0, 0, style.SPACE_M, 0)
        self.col.setSpacing(style.SPACE_S)
        self.setWidget(self._inner)
        self.report: CrmReport | None = None

    def clear(self) -> None:
        """Show nothing."""
        self.report = None
        while self.col.count():
            item = self.col.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def texts(self) -> list[str]:
        """Return every line shown (for tests and screen readers' summaries)."""
        return [lab.text() for lab in self._inner.findChildren(QLabel) if lab.text()]

    def show_report(self, report: CrmReport, *, pages_answer: bool = False) -> None:
        """Show `report`; `pages_answer`: the wizard's pages ask about executives and stages."""
        self.clear()
        self.report = report
        add = self.col.addWidget
        if report.refused:
            self._problems(report)
        else:
            self._changes(report)
            if not pages_answer:
                self._executives(report)
                self._pipeline(report)
        self._files(report)
        notes = notes_for(report, pages_answer=pages_answer)
        warnings = [w for k in report.kinds for w in k.warnings]
        total = sum(k.warning_total for k in report.kinds)
        if notes or total:
            self._gap()
            add(_heading("Good to know", self))
            for note in notes:
                add(_line(f"• {note}", self, role="muted"))
            for warning in warnings[:SHOWN_WARNINGS]:
                add(_line(f"• {app_words(warning)}", self, role="muted"))
            if total > SHOWN_WARNINGS:
                add(_line(f"• … and {style.plural(total - SHOWN_WARNINGS, 'more warning')}",
                          self, role="muted"))  # fmt: skip
        self.col.addStretch(1)

    # ----- sections ----------------------------------------------------------------------------

    def _gap(self) -> None:
        self.col.addSpacing(style.SPACE_M)

    def _problems(self, report: CrmReport) -> None:
        add = self.col.addWidget
        if is_older_refusal(report):
            add(_heading("Why it was refused", self))
            add(_line(app_words(report.refused), self))
            return
        lines = problem_lines(report)
        if not lines:
            return  # only the date order was asked: the wizard asks it above
        head = _heading(f"What to fix ({style.plural(len(lines), 'cause')})", self)
        head.setStyleSheet(f"color: {style.tone('red').name()};")
        add(head)
        add(_line("Each line is one cause, with the rows it affects. Fix them in the CRM or in "
                  "the files, then read the export again.", self, role="muted"))  # fmt: skip
        for line in lines:
            lab = _line(f"• {line}", self)
            lab.setAccessibleName("Problem")
            add(lab)

    def _changes(self, report: CrmReport) -> None:
        verb = "would change" if report.dry_run else "changed"
        self.col.addWidget(_heading(f"What the import {verb}", self))
        if not report.kinds:
            self.col.addWidget(_line("Nothing: the export holds nothing new.", self, role="muted"))
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.SPACE_L)
        grid.setVerticalSpacing(2)
        heads = ("", "New", "Updated", "Unchanged", "Left out", "History")
        for c, words in enumerate(heads):
            lab = style.label(words, role="muted", size=style.SMALL_PT)
            if 0 < c < 5:
                lab.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(lab, 0, c)
        for r, k in enumerate(report.kinds, start=1):
            grid.addWidget(style.label(KIND_WORDS.get(k.kind, k.kind).split(" (")[0]), r, 0)
            for c, n in enumerate((k.inserted, k.updated, k.unchanged, k.skipped), start=1):
                lab = style.label(style.number(n) if n else "–")
                lab.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(lab, r, c)
            grid.addWidget(style.label(_history(k), role="muted", wrap=True), r, 5)
        grid.setColumnStretch(5, 1)
        holder = QWidget(self)
        holder.setLayout(grid)
        holder.setAccessibleName(changes_line(report))
        self.col.addWidget(holder)

    def _executives(self, report: CrmReport) -> None:
        self._gap()
        add = self.col.addWidget
        add(_heading(f"Executives ({style.number(len(report.executives))})", self))
        if not report.executives:
            add(_line("None yet, so nobody can be suggested for a visit. Import again and say who "
                      "they are on the Executives page, or set the title rule in Settings › "
                      "Executive titles.", self, role="muted"))  # fmt: skip
            return
        for e in report.executives:
            who = f"{e.name} <{e.email}>" if e.email else f"{e.name} (no e-mail address yet)"
            because = because_words(e.because)
            add(_line(f"• {who} — {LEVEL_WORDS.get(e.level, e.level)}, {because}", self))
        if report.reps:
            add(_line(f"{style.plural(report.reps, 'sales rep')} as well.", self, role="muted"))

    def _pipeline(self, report: CrmReport) -> None:
        if not report.pipeline:
            return
        self._gap()
        order = _ORDER_WORDS.get(report.stage_order_from, "")
        self.col.addWidget(_heading("Pipeline stages", self))
        self.col.addWidget(_line(" → ".join(report.pipeline) + (f" ({order})" if order else ""),
                                 self))  # fmt: skip

    def _files(self, report: CrmReport) -> None:
        self._gap()
        add = self.col.addWidget
        read = [f for f in report.files if f.what != "ignored"]
        left = [f for f in report.files if f.what == "ignored"]
        folders = {_name(f.file)[1] for f in report.files}
        common = folders.pop() if len(folders) == 1 else ""
        where = f" from {common}" if common else ""
        add(_heading(f"Files read ({style.number(len(read))}){where}", self))
        for f in read:
            name, folder = _name(f.file)
            rows = f", {style.plural(f.rows, 'row')}" if f.rows else ""
            lab = _line(f"{name} — {f.what}{rows}", self)
            lab.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
            add(lab)
            note = f.note + (f" (in {folder})" if folder and not common else "")
            if note:
                add(_line(app_words(note), self, role="muted", indent=style.SPACE_L))
        if left:
            self._gap()
            add(_heading(f"Files left out ({style.number(len(left))})", self))
            for f in left:
                name, _folder = _name(f.file)
                add(_line(f"{name} — {app_words(f.note) or 'not used'}", self, role="muted"))


def _name(file: str) -> tuple[str, str]:
    """Return a file's own name and the ZIP or folder holding it ("" when none)."""
    path = PurePosixPath(file.replace("\\", "/"))
    return path.name, str(path.parent) if str(path.parent) != "." else ""


def _history(k: object) -> str:
    parts = []
    changes = getattr(k, "stage_changes", 0)
    pushed = getattr(k, "close_date_pushes", 0)
    pulled = getattr(k, "close_date_pulls", 0)
    if changes:
        parts.append(style.plural(changes, "stage change"))
    if pushed:
        parts.append(f"{style.plural(pushed, 'close date')} pushed later")
    if pulled:
        parts.append(f"{style.plural(pulled, 'close date')} moved earlier")
    return ", ".join(parts)


def headline(report: CrmReport) -> str:
    """Return the one sentence above the report: ready, refused, or imported."""
    label = crm_label(report.crm)
    if report.refused and is_older_refusal(report):
        return f"This {label} export is older than what the workspace holds. Nothing was imported."
    if report.refused:
        n = sum(max(p.count, 1) for p in report.problems)
        return (
            f"This {label} export cannot be imported yet: {style.plural(n, 'problem')} "
            f"({style.plural(len(report.problems), 'cause')}). Nothing was imported."
        )
    changes = changes_line(report) or "nothing new"
    if report.dry_run:
        return f"Ready to import from {label}: {changes}. Nothing is written until you import."
    return f"Imported from {label}: {changes}."
