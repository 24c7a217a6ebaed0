"""The import wizard takes a CRM export as the CRM hands it over, says what it found per file,
asks who the executives are and in which order the stages come, and imports it all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QWidget, QWizard
from sqlalchemy import text

from fieldvisit.commands.import_cmd import read_crm_export
from fieldvisit.ingest.crm.engine import import_export
from fieldvisit.ingest.crm.wizard_words import guess_crm
from fieldvisit.settings import load_rules
from fieldvisit.store import create_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.import_wizard import ImportWizard
from fieldvisit.ui.file_dialogs import start_folder
from fieldvisit.ui.pages.week import WeekPage
from tests.ingest.crm import route, snapshot, write_route

TABLES = ("executive", "rep", "account", "contact", "deal", "activity", "visit")


@pytest.fixture
def ctx(qapp: QApplication, tmp_path: Path) -> Iterator[AppContext]:
    """An empty workspace, planning from the day of the company's first export."""
    ws = create_workspace(tmp_path / "crm.fieldvisit")
    context = AppContext(ws, snapshot(1).as_of)
    yield context
    context.tasks.shutdown()
    ws.close()


def counts(ctx: AppContext) -> dict[str, int]:
    with ctx.workspace.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def press(qtbot, button: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Press a button or tick a box from the keyboard, as someone tabbing to it would."""
    assert button.isEnabled() and button.isVisible()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def open_wizard(qtbot, monkeypatch, ctx: AppContext, crm: str, paths: list[Path]) -> ImportWizard:  # type: ignore[no-untyped-def]
    """Open the wizard, pick the export's files in the (patched) file dialog, choose the CRM."""
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    chosen = [str(p) for p in paths]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: (chosen, ""))
    )
    press(qtbot, wizard.source_page.files_button)
    assert wizard.source_page.chosen_paths() == paths
    press(qtbot, wizard.source_page.radios[crm])
    assert wizard.source_page.crm() == crm
    return wizard


def next_button(wizard: ImportWizard) -> QPushButton:
    return wizard.button(QWizard.WizardButton.NextButton)  # type: ignore[return-value]


def read(qtbot, wizard: ImportWizard):  # type: ignore[no-untyped-def]
    """Go on from the first page; return the dry run's report once it is shown."""
    with qtbot.waitSignal(wizard.crm_checked, timeout=60_000) as blocker:
        press(qtbot, next_button(wizard))
    assert wizard.currentPage() is wizard.review_page
    return blocker.args[0]


def import_now(qtbot, wizard: ImportWizard):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.import_finished, timeout=60_000) as blocker:
        press(qtbot, next_button(wizard))
    return blocker.args[0]


def test_the_data_export_zip_goes_from_the_wizard_to_suggestions(
    qtbot, monkeypatch, ctx: AppContext, tmp_path: Path
) -> None:
    (zip_file,) = write_route("salesforce-data-export", tmp_path / "export")
    wizard = open_wizard(qtbot, monkeypatch, ctx, "salesforce", [zip_file])
    assert "Salesforce export" in wizard.source_page.guess.text()
    assert start_folder("import") == str(zip_file.parent)  # the next file dialog opens there
    report = read(qtbot, wizard)
    assert report is not None and report.ok and report.dry_run
    shown = wizard.review_page.view.texts()
    assert "Opportunity.csv — deals, 30 rows" in shown
    assert "Files read (10) from WE_00D5g000004XyZaEAK_1.ZIP" in shown
    left_out = next(t for t in shown if t.startswith("UserRole.csv"))
    assert "roles are not used" in left_out
    assert "Ready to import from Salesforce" in wizard.review_page.summary.text()
    assert counts(ctx)["deal"] == 0  # the check wrote nothing

    press(qtbot, next_button(wizard))
    page = wizard.executives_page
    assert wizard.currentPage() is page
    levels = page.chosen()
    assert levels["helena.brandt@northwind.example"] == "C"  # from the title, shown to confirm
    assert levels["marcus.okafor@northwind.example"] == "SVP"
    assert levels["tom.becker@northwind.example"] == ""  # an Account Executive is no executive
    assert "5 executives" in page.status.text()
    assert page.nextId() == wizard.crm_import_id  # the export gives its stage order
    done = import_now(qtbot, wizard)

    assert done.ok and not done.dry_run
    assert "Executives (5)" in wizard.crm_import_page.view.texts()
    assert counts(ctx)["deal"] == 30 and counts(ctx)["executive"] == 5
    week = WeekPage(ctx)
    qtbot.addWidget(week)
    week.show()
    qtbot.waitUntil(lambda: not week.busy and not ctx.tasks.active(), timeout=30_000)
    assert week.cards, "the imported stalled deals are suggested"
    stalled = route("salesforce-data-export").answers().stalled_deals

    def title(deal_name: str) -> str:  # ISO-8859-1 writes "Łódź" as "?ód?": compare the rest
        return deal_name.split(" - ", 1)[-1]

    assert {title(c.suggestion.deal.deal_name) for c in week.cards} <= {title(n) for n in stalled}


def test_pipedrive_asks_for_executives_and_the_stage_order(
    qtbot, monkeypatch, ctx: AppContext, tmp_path: Path
) -> None:
    paths = write_route("pipedrive", tmp_path / "export")
    wizard = open_wizard(qtbot, monkeypatch, ctx, "pipedrive", paths)
    report = read(qtbot, wizard)
    assert report.ok
    assert not any("--executives" in t for t in wizard.review_page.view.texts())

    press(qtbot, next_button(wizard))
    page = wizard.executives_page
    assert "gives no job titles" in page.intro.text()
    assert set(page.chosen().values()) == {""}, "nobody is assumed to be an executive"
    assert "Nobody is an executive yet" in page.status.text()
    helena = page.combos["Helena Brandt"]
    helena.setFocus()
    qtbot.keyClicks(helena, "C")
    assert helena.currentData() == "C"
    qtbot.keyClicks(page.new_person, "Sofia Lindqvist")  # not among Pipedrive's owners
    page.new_level.setFocus()
    qtbot.keyClicks(page.new_level, "V")
    assert page.new_level.currentData() == "VP"
    page.new_person.setFocus()
    qtbot.keyClick(page.new_person, Qt.Key.Key_Return)
    assert page.chosen()["Sofia Lindqvist"] == "VP"
    assert "2 executives" in page.status.text()

    press(qtbot, next_button(wizard))
    stages = wizard.stages_page
    assert wizard.currentPage() is stages, "the export does not say its stages' order"
    proposed = stages.order.stages()
    assert proposed[-2:] == ["Closed Won", "Closed Lost"]
    order = stages.order
    order.list.setFocus()
    order.list.setCurrentRow(1)  # Contact Made comes first in this company's process
    qtbot.keyClick(order.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    order.list.setCurrentRow(len(proposed) - 3)  # the last open stage cannot pass the closed
    qtbot.keyClick(order.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    expected = [proposed[1], proposed[0], *proposed[2:]]
    assert order.stages() == expected
    done = import_now(qtbot, wizard)

    assert done.ok and done.stage_order_from == "--stages"
    with ctx.workspace.connect() as conn:
        executives = dict(conn.execute(text("SELECT name, level FROM executive")).all())
        assert load_rules(conn).pipeline == expected
    assert executives == {"Helena Brandt": "C", "Sofia Lindqvist": "VP"}
    assert any(t == "Executives (2)" for t in wizard.crm_import_page.view.texts())
    again = ImportWizard(ctx)  # e.g. "Choose executives" on This week, later
    qtbot.addWidget(again)
    assert (again.source_page.crm(), again.source_page.chosen_paths()) == ("pipedrive", paths)


def test_an_older_export_is_refused_until_imported_anyway(
    qtbot, monkeypatch, ctx: AppContext, tmp_path: Path
) -> None:
    newer = write_route("salesforce-data-export", tmp_path / "two", time=2)
    import_export(ctx.workspace, read_crm_export("salesforce", newer, None, None))
    before = counts(ctx)
    (older,) = write_route("salesforce-data-export", tmp_path / "one", time=1)
    wizard = open_wizard(qtbot, monkeypatch, ctx, "salesforce", [older])
    report = read(qtbot, wizard)
    assert not report.ok
    page = wizard.review_page
    assert "older than what the workspace holds" in page.summary.text()
    assert not next_button(wizard).isEnabled()
    assert page.older_box.isVisible()
    assert "deals go back to the stages" in " ".join(
        lab.text() for lab in page.older_box.findChildren(type(page.summary))
    )
    with qtbot.waitSignal(wizard.crm_checked, timeout=60_000) as blocker:
        press(qtbot, page.force)
    assert blocker.args[0].ok
    assert next_button(wizard).isEnabled()
    press(qtbot, next_button(wizard))
    done = import_now(qtbot, wizard)
    assert done.ok
    assert any("Imported although older" in n and "Import anyway" in " ".join(
        wizard.crm_import_page.view.texts()) for n in done.notes)  # fmt: skip
    assert counts(ctx)["deal"] == before["deal"]


def test_an_export_without_ids_names_the_ambiguous_account_and_imports_nothing(
    qtbot, monkeypatch, ctx: AppContext, tmp_path: Path
) -> None:
    paths = write_route("salesforce-reports-no-ids", tmp_path / "export")
    wizard = open_wizard(qtbot, monkeypatch, ctx, "salesforce", paths)
    report = read(qtbot, wizard)
    assert not report.ok
    problems = [t for t in wizard.review_page.view.texts() if t.startswith("• ") and "report" in t]
    atlas = [p for p in problems if "Atlas Maschinenbau GmbH" in p]
    assert len(atlas) == 1, "one line per cause, not one per row"
    assert "two accounts: Linz, Austria and Stuttgart, Germany" in atlas[0]
    assert "add the Account ID column" in atlas[0] and "4 rows" in atlas[0]
    assert len(problems) == len(report.problems)
    assert "cannot be imported" in wizard.review_page.summary.text()
    assert not next_button(wizard).isEnabled()
    assert counts(ctx) == dict.fromkeys(TABLES, 0)


def test_dates_that_read_both_ways_are_asked_about_and_read_again(
    qtbot, monkeypatch, ctx: AppContext, tmp_path: Path
) -> None:
    deals = tmp_path / "hubspot-crm-exports-all-deals-2026-06-01.txt"
    rows = [
        "Record ID\tDeal Name\tDeal Stage\tAmount\tClose Date\tDeal owner\tAssociated Company IDs",
        "1\tFirst\tContract Sent\t250000\t5/6/2026\tTom Becker\t7",
        "2\tSecond\tContract Sent\t120000\t3/4/2026\tTom Becker\t7",
    ]
    deals.write_text("\r\n".join(rows) + "\r\n", encoding="utf-16")
    companies = tmp_path / "hubspot-crm-exports-all-companies-2026-06-01.csv"
    companies.write_text('"Record ID","Company name","City"\n"7","Globex","Chicago"\n')
    wizard = open_wizard(qtbot, monkeypatch, ctx, "hubspot", [deals, companies])
    assert wizard.source_page.crm() == "hubspot"
    report = read(qtbot, wizard)
    page = wizard.review_page
    assert not report.ok and page.date_box.isVisible()
    assert "'5/6/2026' could be day/month or month/day" in page.date_question.text()
    press(qtbot, page.day_first)
    with qtbot.waitSignal(wizard.crm_checked, timeout=60_000) as blocker:
        press(qtbot, page.date_button)
    assert blocker.args[0].ok, blocker.args[0].problems.lines()
    assert not page.date_box.isVisible()
    closes = sorted(r.values["close_date"] for r in wizard.crm.batch.records["deals"])
    assert closes == ["2026-04-03", "2026-06-05"]


def test_an_export_dropped_on_the_window_opens_the_wizard_with_it(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    (zip_file,) = write_route("salesforce-data-export", tmp_path / "export")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(zip_file))])
    point = QPoint(400, 300)
    enter = QDragEnterEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    wizard = next(w for w in window.findChildren(ImportWizard) if w.isVisible())
    assert wizard.source_page.chosen_paths() == [zip_file]
    assert wizard.source_page.crm() == "salesforce"
    wizard.reject()

    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF-1.4")
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    refused = QDragEnterEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    refused.ignore()
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


def test_the_crm_is_guessed_from_the_files_where_it_is_plain(tmp_path: Path) -> None:
    (zip_file,) = write_route("salesforce-data-export", tmp_path / "sf")
    assert guess_crm([zip_file]) == "salesforce"
    assert guess_crm(write_route("hubspot", tmp_path / "hs")) == "hubspot"
    pipedrive = write_route("pipedrive", tmp_path / "pd")
    assert guess_crm(pipedrive[:1]) == "pipedrive"  # deals-…-12.csv with "Deal - " headers
    assert guess_crm([tmp_path / "pd"]) == "pipedrive"  # the folder
    plain = tmp_path / "accounts.csv"
    plain.write_text("account_id,name,city\nA1,Globex,Chicago\n", encoding="utf-8")
    assert guess_crm([plain]) is None
