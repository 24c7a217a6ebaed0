"""The import wizard, one CSV file: a bad file's problems are shown plainly, and nothing changes
on error or cancel (CRM exports: test_crm_import.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import text

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.import_wizard import ImportWizard, guess_kind, plain_problem
from tests.ui.demo_files import app_context, small_demo_copy

TABLES = ("executive", "rep", "account", "contact", "deal", "activity", "visit", "setting")


@pytest.fixture
def ctx(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    with app_context(path) as context:
        yield context  # type: ignore[misc]


def counts(ctx: AppContext) -> dict[str, int]:
    with ctx.workspace.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def wizard_on(qtbot, ctx: AppContext, csv: Path) -> ImportWizard:
    wizard = ImportWizard(ctx, paths=[csv])  # as when the file is dropped on the window
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.source_page.crm() == "generic"  # one CSV no CRM claims: the generic import
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.path.text() == str(csv)
    assert wizard.file_page.kind.currentData() == "accounts"  # guessed from the file name
    return wizard


def check(qtbot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.check_finished, timeout=10_000):
        wizard.next()


def test_a_bad_file_shows_its_problems_and_changes_nothing(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    csv = tmp_path / "accounts.csv"
    csv.write_text(
        "account_id,name,city,tier\nA9001,Globex,Chicago,strategic\nA9002,Initech,Austin,gold\n"
        "A9003,,Boston,key\n",
        encoding="utf-8",
    )
    before = counts(ctx)
    wizard = wizard_on(qtbot, ctx, csv)
    check(qtbot, wizard)
    page = wizard.check_page
    assert "cannot be imported: 2 problems" in page.summary.text()
    assert "Nothing was imported" in page.summary.text()
    lines = page.details.toPlainText().splitlines()
    assert lines[0].startswith("Row 3, column tier: 'gold'")
    assert lines[1].startswith("Row 4, column name:")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert counts(ctx) == before


def test_a_good_file_is_checked_then_imported(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    csv = tmp_path / "accounts.csv"
    csv.write_text(
        "account_id,name,city,tier\nA9001,Globex Labs,Chicago,strategic\nA9002,Initech Two,Austin,key\n",
        encoding="utf-8",
    )
    before = counts(ctx)
    wizard = wizard_on(qtbot, ctx, csv)
    check(qtbot, wizard)
    assert "The file is fine" in wizard.check_page.summary.text()
    assert "would be added" in wizard.check_page.details.toPlainText()
    assert counts(ctx) == before  # the check is a dry run
    with qtbot.waitSignals([wizard.import_finished, ctx.changed], timeout=10_000):
        wizard.next()
    assert counts(ctx)["account"] == before["account"] + 2
    assert wizard.import_page.finished_ok
    assert wizard.report is not None and wizard.report.inserted == 2


def test_cancel_stops_an_import_and_leaves_the_workspace_as_it_was(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    csv = tmp_path / "accounts.csv"
    rows = "".join(f"B{i:06d},Account {i},Lyon,standard\n" for i in range(40_000))
    csv.write_text("account_id,name,city,tier\n" + rows, encoding="utf-8")
    before = counts(ctx)
    wizard = wizard_on(qtbot, ctx, csv)
    check(qtbot, wizard)
    assert wizard.check_page.ok
    replaced: list[bool] = []
    ctx.changed.connect(lambda _changes: replaced.append(True))
    wizard.next()
    assert wizard.running
    # Cancel as soon as the import reports its first progress, like a user changing their mind.
    qtbot.waitUntil(lambda: wizard.import_page.progress.value() > 0, timeout=20_000)
    with qtbot.waitSignal(wizard.import_cancelled, timeout=20_000):
        wizard.import_page.cancel_button.click()
    assert "Nothing was changed" in wizard.import_page.message.text()
    assert not wizard.running
    assert counts(ctx) == before
    assert replaced == []


def test_problem_lines_read_as_rows_and_columns() -> None:
    assert plain_problem("deals.csv:14:close_date: '2026-13-45' is not a date") == (
        "Row 14, column close_date: '2026-13-45' is not a date"
    )
    assert plain_problem("deals.csv:1: the file is empty") == "The header: the file is empty"
    assert guess_kind("Opportunities export deals.csv") == "deals"
    assert guess_kind("stage_history.csv") == "stage-history"
    assert guess_kind("notes.csv") is None
