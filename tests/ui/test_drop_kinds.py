"""Dropping a file on the window starts the right thing, through the window's drag-and-drop path:
a CSV or an XLSX opens the import wizard on it, an .ics file or a zip of calendars asks whose
calendar it is and, on Enter, captures it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_drop import WhoseCalendarDialog
from fieldvisit.ui.dialogs.capture_summary import CaptureSummaryDialog
from fieldvisit.ui.dialogs.import_wizard import ImportWizard
from tests.ui.test_drop_and_refusal import drop


def calendar_text(ctx: AppContext) -> tuple[str, str]:
    """Return a one-meeting calendar owned by an executive, and that executive's address."""
    with ctx.workspace.connect() as conn:
        exec_email, contact_email = conn.execute(
            text(
                "SELECT (SELECT email FROM executive WHERE email IS NOT NULL ORDER BY id LIMIT 1),"
                " (SELECT email FROM contact WHERE email IS NOT NULL ORDER BY id LIMIT 1)"
            )
        ).one()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//drop//EN",
        "BEGIN:VEVENT",
        "UID:drop-test-1@example.com",
        "DTSTAMP:20260601T090000Z",
        "DTSTART:20260610T140000Z",
        "DTEND:20260610T150000Z",
        "SUMMARY:Customer meeting",
        f"ORGANIZER:mailto:{exec_email}",
        f"ATTENDEE:mailto:{exec_email}",
        f"ATTENDEE:mailto:{contact_email}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n", exec_email


def make(kind: str, folder: Path, ctx: AppContext) -> tuple[Path, str]:
    if kind == "csv":
        path = folder / "accounts.csv"
        path.write_text("account_id,name,city,tier\nA9001,Globex Labs,Chicago,strategic\n")
        return path, ""
    if kind == "xlsx":
        path = folder / "accounts.xlsx"
        book = openpyxl.Workbook()
        book.active.append(["account_id", "name"])
        book.active.append(["A1", "Globex"])
        book.save(path)
        return path, ""
    calendar, owner = calendar_text(ctx)
    if kind == "ics":
        path = folder / "meetings.ics"
        path.write_text(calendar)
        return path, owner
    path = folder / "calendars.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Calendar/meetings.ics", calendar)
    return path, owner


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_crm_export_dropped_opens_the_import_on_it(
    qtbot, window, kind: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path, _ = make(kind, tmp_path, window.ctx)
    assert drop(window, path)
    wizard = next(w for w in window.findChildren(ImportWizard) if w.isVisible())
    assert wizard.source_page.chosen_paths() == [path]
    wizard.reject()


@pytest.mark.parametrize("kind", ["ics", "zip"])
def test_a_calendar_dropped_asks_whose_and_captures_it(
    qtbot, window, kind: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path, owner = make(kind, tmp_path, window.ctx)
    assert drop(window, path)
    dialog = next(d for d in window.findChildren(WhoseCalendarDialog) if d.isVisible())
    assert dialog.executive() is not None and dialog.executive().email == owner
    assert not any(w.isVisible() for w in window.findChildren(ImportWizard))
    qtbot.keyClick(dialog.executive_box, Qt.Key.Key_Return)  # Enter: Capture
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in window.findChildren(CaptureSummaryDialog)),
        timeout=60_000,
    )
    for summary in window.findChildren(CaptureSummaryDialog):
        summary.close()
