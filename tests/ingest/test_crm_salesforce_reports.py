"""Salesforce report exports (Details Only CSV, German, re-saved by Excel, multi-currency, XLSX,
without ids): one test per quirk of tests/ingest/crm/README.md's report routes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fieldvisit.ingest.crm import salesforce
from fieldvisit.ingest.crm.batch import Batch, ReadOptions, Record
from fieldvisit.ingest.crm.files import read_tables
from fieldvisit.store import create_workspace
from tests.ingest.crm import route, write_route

BERLIN = ReadOptions(zone="Europe/Berlin")
BRIGHTWATER = "Brightwater - Demand Forecasting Platform"


def read(name: str, folder: Path, time: int = 1, options: ReadOptions = BERLIN) -> Batch:
    if route(name).needs_openpyxl:
        pytest.importorskip("openpyxl")
    return salesforce.read_export(read_tables(write_route(name, folder, time)), options)


def deal(batch: Batch, name: str) -> Record:
    return next(r for r in batch.records["deals"] if r.values["name"] == name)


def finding(batch: Batch, what: str) -> str:
    return next(f.note for f in batch.files if f.what == what)


def test_the_footer_after_the_data_is_cut_not_read_as_rows(tmp_path: Path) -> None:
    batch = read("salesforce-reports", tmp_path)
    assert not batch.problems, batch.problems.lines()
    assert len(batch.records["deals"]) == 30
    assert "footer of 3 lines cut" in finding(batch, "deals")


def test_a_quoted_utf8_report_keeps_names_outside_latin1(tmp_path: Path) -> None:
    batch = read("salesforce-reports", tmp_path)
    names = {r.values["name"] for r in batch.records["accounts"]}
    assert "Łódź Precision Sp. z o.o." in names
    assert "Müller & Söhne KG" in names or any(n.startswith("Müller & Söhne") for n in names)


def test_us_amounts_and_month_first_dates_are_read(tmp_path: Path) -> None:
    batch = read("salesforce-reports", tmp_path)
    values = deal(batch, BRIGHTWATER).values
    assert (values["amount"], values["currency"]) == ("410000", "CHF")
    assert values["close_date"] == "2026-08-08"
    assert "month-first dates, amounts like 410,000.00" in finding(batch, "deals")


def test_the_date_order_is_decided_by_any_file_of_the_export_and_else_asked(
    tmp_path: Path,
) -> None:
    paths = write_route("salesforce-reports", tmp_path)
    users, accounts = paths[5], paths[1]  # users: only "6/1/2026 9:02 AM", which could be 1 June
    alone = salesforce.read_export(read_tables([users]), BERLIN)
    assert any("--date-order DMY or MDY" in line for line in alone.problems.lines())
    together = salesforce.read_export(read_tables([users, accounts]), BERLIN)
    assert not together.problems, together.problems.lines()
    told = salesforce.read_export(read_tables([users]), ReadOptions("MDY", "Europe/Berlin"))
    assert not told.problems


def test_report_date_times_are_in_the_report_users_zone(tmp_path: Path) -> None:
    batch = read("salesforce-reports", tmp_path)
    first = next(
        r
        for r in batch.records["stage-history"]
        if r.values["deal_id"] == deal(batch, BRIGHTWATER).values["deal_id"]
    )
    # "11/4/2025 10:12 AM" in Europe/Berlin (UTC+1 in November)
    assert first.modified_at == datetime(2025, 11, 4, 9, 12, tzinfo=UTC)
    unzoned = read("salesforce-reports", tmp_path / "utc", options=ReadOptions())
    assert "date-times read as UTC" in finding(unzoned, "stage history")


def test_multicurrency_keeps_the_deals_own_amount_not_the_converted_one(tmp_path: Path) -> None:
    batch = read("salesforce-reports-multicurrency", tmp_path)
    values = deal(batch, BRIGHTWATER).values
    assert (values["amount"], values["currency"]) == ("410000", "CHF")
    assert all("converted" not in key for key in values)


def test_fifteen_character_report_ids_are_the_data_exports_ids_and_case_matters(
    tmp_path: Path,
) -> None:
    report = read("salesforce-reports", tmp_path / "r")
    export = read("salesforce-data-export", tmp_path / "e")
    ids = {r.values["account_id"] for r in report.records["accounts"]}
    assert ids == {r.values["account_id"] for r in export.records["accounts"]}
    atlas = {
        r.values["account_id"]
        for r in report.records["accounts"]
        if r.values["name"] == "Atlas Maschinenbau GmbH"
    }
    assert len(atlas) == 2 and len({i.lower() for i in atlas}) == 1


def test_a_report_without_id_columns_gives_accounts_and_deals_by_name(tmp_path: Path) -> None:
    batch = read("salesforce-reports-no-ids", tmp_path)
    assert not batch.problems
    twins = [
        r for r in batch.records["accounts"] if r.by_name["account_id"] == "Atlas Maschinenbau GmbH"
    ]
    assert {(r.values["city"], r.values["country"]) for r in twins} == {
        ("Stuttgart", "Germany"),
        ("Linz", "Austria"),
    }
    record = deal(batch, BRIGHTWATER)
    assert "deal_id" not in record.values
    assert record.by_name == {
        "deal_id": BRIGHTWATER,
        "account_id": "Brightwater Foods AG",
        "owner_email": "Daniel Kowalczyk",
    }
    assert "the report has no id columns" in finding(batch, "deals")


def test_importing_a_report_without_ids_names_both_atlas_accounts(tmp_path: Path) -> None:
    from fieldvisit.ingest.crm.engine import ExportRefused, import_export

    batch = read("salesforce-reports-no-ids", tmp_path)
    ws = create_workspace(tmp_path / "w.fieldvisit")
    try:
        with pytest.raises(ExportRefused) as refused:
            import_export(ws, batch, today=date(2026, 6, 1))
    finally:
        ws.close()
    lines = " ".join(refused.value.report.problems.lines())
    assert "Atlas Maschinenbau GmbH" in lines
    assert "Stuttgart, Germany" in lines and "Linz, Austria" in lines


def test_owners_are_names_and_the_active_users_report_gives_emails_and_titles(
    tmp_path: Path,
) -> None:
    batch = read("salesforce-reports", tmp_path)
    assert deal(batch, BRIGHTWATER).by_name["owner_email"] == "Daniel Kowalczyk"
    users = {u.name: u for u in batch.users}
    assert users["Helena Brandt"].email == "helena.brandt@northwind.example"
    assert users["Helena Brandt"].title == "CEO & Co-Founder"
    assert users["Integration User"].system
    assert not users["Nora Falk"].system


def test_the_history_report_dates_stage_entries_and_close_moves_as_salesforce_did(
    tmp_path: Path,
) -> None:
    name = "salesforce-reports"
    batch = read(name, tmp_path, time=2)
    ids = {r.values["name"]: r.values["deal_id"] for r in batch.records["deals"]}
    entries = {
        (r.values["deal_id"], r.values["stage"]): r.modified_at
        for r in batch.records["stage-history"]
    }
    changes = route(name).changes()
    for move in changes.stage_moves:
        assert entries[(ids[move.deal], move.to_stage)] == move.at.replace(second=0)
    moves = {
        (r.values["deal_id"], r.values["old_date"], r.values["new_date"]): r
        for r in batch.close_moves
    }
    for close in changes.close_moves:
        found = moves[(ids[close.deal], close.old.isoformat(), close.new.isoformat())]
        assert close.at is not None
        assert found.values["changed_on"] == close.at.date().isoformat()
    # Rows that only moved the close date are no stage entries.
    brightwater = [
        r for r in batch.records["stage-history"] if r.values["deal_id"] == ids[BRIGHTWATER]
    ]
    assert [r.values["stage"] for r in brightwater] == [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Proposal/Price Quote",
    ]


def test_the_activities_report_gives_done_tasks_past_events_and_owned_meetings(
    tmp_path: Path,
) -> None:
    batch = read("salesforce-reports", tmp_path)
    subjects = {r.values["activity_id"] for r in batch.records["activities"]}
    assert len(subjects) == 38
    assert any("open tasks" in n and "Follow-up call with Andreas Huber" in n for n in batch.notes)
    assert any("events after the export" in n for n in batch.notes)
    visit = next(
        r for r in batch.records["visits"] if r.by_name.get("executive_emails") == "Helena Brandt"
    )
    assert visit.values["status"] == "planned"
    assert visit.values["start"] == "2026-06-16T13:00:00+00:00"
    assert all(";" not in r.by_name["executive_emails"] for r in batch.records["visits"])


def test_last_stage_change_and_last_modified_dates_date_the_stage_and_the_record(
    tmp_path: Path,
) -> None:
    batch = read("salesforce-reports-multicurrency", tmp_path)
    changed = deal(batch, BRIGHTWATER)
    assert changed.values["stage_entered_on"] == "2026-02-24"
    assert changed.modified_at == datetime(2026, 5, 28, tzinfo=UTC)
    never = deal(batch, "Łódź Precision - Line Throughput Pilot")
    assert never.values["stage_entered_on"] == never.values["created_on"] == "2026-05-28"


def test_a_german_report_is_read_with_its_labels_stages_numbers_dates_and_encoding(
    tmp_path: Path,
) -> None:
    batch = read("salesforce-reports-de", tmp_path)
    assert not batch.problems, batch.problems.lines()
    values = deal(batch, BRIGHTWATER).values
    assert (values["amount"], values["close_date"]) == ("410000", "2026-08-08")
    stages = {r.values["stage"] for r in batch.records["deals"] if r.values["status"] != "open"}
    assert stages == {"Closed Won", "Closed Lost"}
    note = finding(batch, "deals")
    assert "German labels, day-first dates, amounts like 410.000,00" in note
    assert "ISO-8859-1" in note and "footer of 3 lines cut" in note
    first = min(
        (r for r in batch.records["stage-history"] if r.values["deal_id"] == values["deal_id"]),
        key=lambda r: r.values["entered_on"],
    )
    assert first.modified_at == datetime(2025, 11, 4, 9, 12, tzinfo=UTC)  # "04.11.2025 10:12"


def test_a_report_resaved_by_german_excel_is_read(tmp_path: Path) -> None:
    batch = read("salesforce-reports-de-excel", tmp_path)
    assert not batch.problems, batch.problems.lines()
    assert len(batch.records["deals"]) == 30 and len(batch.records["accounts"]) == 12
    assert deal(batch, BRIGHTWATER).values["amount"] == "410000"
    assert "footer of 3 lines cut" in finding(batch, "deals")


def test_a_formatted_xlsx_report_is_read_below_its_title_block(tmp_path: Path) -> None:
    batch = read("salesforce-reports-xlsx", tmp_path)
    assert not batch.problems, batch.problems.lines()
    values = deal(batch, BRIGHTWATER).values
    assert (values["amount"], values["close_date"]) == ("410000", "2026-08-08")
    note = finding(batch, "deals")
    assert "title block of 4 lines set apart" in note and "footer of 3 lines cut" in note
    assert batch.exported_at == datetime(2026, 6, 1, 7, 45, 12, tzinfo=UTC)


def test_an_xlsx_report_renamed_is_dated_by_its_as_of_line(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    paths = write_route("salesforce-reports-xlsx", tmp_path)
    renamed = paths[0].with_name("pipeline.xlsx")
    paths[0].rename(renamed)
    batch = salesforce.read_export(read_tables([renamed]), BERLIN)
    assert batch.exported_at == datetime(2026, 6, 1, 7, 45, tzinfo=UTC)  # "As of 6/1/2026 9:45 AM"


def test_an_older_report_export_is_older_by_its_file_names_and_last_modified_dates(
    tmp_path: Path,
) -> None:
    one = read("salesforce-reports", tmp_path / "1")
    two = read("salesforce-reports", tmp_path / "2", time=2)
    assert one.exported_at == datetime(2026, 6, 1, 7, 45, 12, 123000, tzinfo=UTC)
    assert two.exported_at is not None and one.exported_at < two.exported_at
    before, after = deal(one, BRIGHTWATER).modified_at, deal(two, BRIGHTWATER).modified_at
    assert before is not None and after is not None and before < after


def test_a_report_gives_no_stage_order_but_its_probabilities_imply_one(tmp_path: Path) -> None:
    batch = read("salesforce-reports-multicurrency", tmp_path)
    assert batch.stage_order is None
    assert batch.likely_stage_order is not None
    assert batch.likely_stage_order[:4] == [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Proposal/Price Quote",
    ]


def test_a_task_dated_without_a_time_keeps_the_day_the_report_shows(tmp_path: Path) -> None:
    paths = write_route("salesforce-reports", tmp_path)
    activities = paths[4]
    text = activities.read_text(encoding="utf-8")
    activities.write_text(text.replace('"11/12/2025 10:30 AM"', '"11/12/2025"'), encoding="utf-8")
    batch = salesforce.read_export(read_tables(paths), BERLIN)
    call = next(
        r for r in batch.records["activities"] if r.values["activity_id"] == "00T5g000000WL7R"
    )
    assert call.values["occurred_on"] == "2025-11-12"  # not 11 November, 23:00 UTC
