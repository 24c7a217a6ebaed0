"""Saving a briefing pack from the app: for one visit, or for the coming week's visits.

It asks where with the platform's save dialog (`file_dialogs`: the folder used last, else
Documents; the dialog itself asks before replacing a file), reads and writes the PDF on a worker
thread (about 0.1 s a visit), then says where it went and offers to open it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldvisit.debriefs import visit_header
from fieldvisit.paper import Paper
from fieldvisit.planning.briefing_facts import (
    NothingToBrief,
    briefings_for,
    week_of,
    week_pack_visits,
)
from fieldvisit.ui import file_dialogs, plain_text, style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.workspaces import describe

PDF_FILTER = "PDF (*.pdf)"
PAPER_WORDS = {"a4": "A4", "letter": "Letter"}
SAVED_BOX = "briefing-saved"  # the object name of the "Saved … Open it?" box


def _file_name(words: str) -> str:
    return "".join("-" if c in '/\\:*?"<>|' else c for c in words).strip() + ".pdf"


def save_visit_briefing(ctx: AppContext, visit_pk: int, parent: QWidget) -> Path | None:
    """Ask where, then save one visit's briefing page; return the chosen path (None: cancelled)."""
    with ctx.workspace.connect() as conn:
        header = visit_header(conn, visit_pk)
    day = style.local_day(header.start, header.account_tz).isoformat()
    return _ask_and_save(
        ctx, parent, [visit_pk], _file_name(f"Briefing {header.account_name} {day}")
    )


def save_week_briefing(ctx: AppContext, parent: QWidget) -> Path | None:
    """Ask where, then save the pack of every visit planned in the seven days from the as-of
    date; says so instead when there is none. Return the chosen path (None: nothing saved)."""
    try:
        with ctx.workspace.connect() as conn:
            visit_pks = week_pack_visits(conn, ctx.as_of)
    except NothingToBrief as exc:
        plain_text.tell(parent, "No briefing pack", str(exc))
        return None
    first, last = week_of(ctx.as_of)
    name = _file_name(f"Briefing pack {first.isoformat()} to {last.isoformat()}")
    return _ask_and_save(ctx, parent, visit_pks, name)


def _ask_and_save(
    ctx: AppContext, parent: QWidget, visit_pks: list[int], suggested: str
) -> Path | None:
    chosen = file_dialogs.save_file(parent, "briefing", "Save briefing pack", suggested, PDF_FILTER)
    if chosen is None:
        return None
    if chosen.suffix.lower() != ".pdf":
        chosen = chosen.with_name(chosen.name + ".pdf")
        # The dialog asked about the name as typed, not this one.
        if chosen.exists() and not plain_text.ask(
            parent, "Replace file", f"{chosen} already exists. Replace it?"
        ):
            return None
    from fieldvisit.ui.briefing import default_paper

    _write(ctx, parent, visit_pks, chosen, default_paper())
    return chosen


def _write(
    ctx: AppContext, parent: QWidget, visit_pks: list[int], path: Path, paper: Paper
) -> None:
    ws, as_of, rules = ctx.workspace, ctx.as_of, ctx.rules()

    def work(_p: ProgressFn, _c: CancelledFn) -> int:
        from fieldvisit.ui.briefing import pack_title, write_briefing_pdf

        with ws.connect() as conn:
            briefs = briefings_for(conn, visit_pks, as_of, rules)
        return write_briefing_pdf(briefs, as_of, path, paper, pack_title(briefs))

    def done(pages: int) -> None:
        offer_to_open(parent, path, pages, paper)

    def failed(exc: BaseException) -> None:
        plain_text.tell(parent, "Briefing pack not saved", describe(exc), warn=True)

    ctx.tasks.run(
        work, title="Saving the briefing pack", on_done=done, on_error=failed, cancellable=False
    )


def offer_to_open(parent: QWidget, path: Path, pages: int, paper: Paper) -> QMessageBox:
    """Say where the pack was saved and offer to open it (a box that does not block)."""
    box = QMessageBox(parent)
    box.setObjectName(SAVED_BOX)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Briefing pack saved")
    box.setText(
        plain_text.as_text(
            f"Saved {path.name} ({style.plural(pages, 'page')}, {PAPER_WORDS[paper]}) "
            f"in {path.parent}."
        )
    )
    opener = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Close", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(opener)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    box.open()
    return box


def save_briefing_here(ctx: AppContext, page: QWidget | None, parent: QWidget) -> Path | None:
    """Save the briefing of the visit selected on `page` (the Visits page), else the week's."""
    from fieldvisit.ui.pages.base import Page

    visit = page.selected_visit() if isinstance(page, Page) else None
    if visit is not None and visit.status != "cancelled":
        return save_visit_briefing(ctx, visit.pk, parent)
    return save_week_briefing(ctx, parent)
