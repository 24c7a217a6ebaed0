"""Salesforce's Data Export ZIP and Data Loader extracts: one test per quirk of
tests/ingest/crm/README.md's `salesforce-data-export` and `salesforce-data-loader` routes."""

from __future__ import annotations

import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldvisit.ingest.crm import salesforce
from fieldvisit.ingest.crm.batch import Batch, ReadOptions, Record
from fieldvisit.ingest.crm.files import read_tables
from tests.ingest.crm import route, write_route

EXPORT, LOADER = "salesforce-data-export", "salesforce-data-loader"
BRIGHTWATER = "Brightwater - Demand Forecasting Platform"
AT_STUTTGART = "Atlas Stuttgart - Predictive Maintenance"


def read(name: str, folder: Path, time: int = 1) -> Batch:
    return salesforce.read_export(read_tables(write_route(name, folder, time)), ReadOptions())


def deal(batch: Batch, name: str) -> Record:
    return next(r for r in batch.records["deals"] if r.values["name"] == name)


def finding(batch: Batch, file: str) -> tuple[str, str]:
    found = next(f for f in batch.files if f.file.endswith("/" + file) or f.file == file)
    return found.what, found.note


def without(zip_path: Path, member: str) -> Path:
    """Return a copy of the export ZIP without one of its files."""
    copy = zip_path.with_name("copy_" + zip_path.name)
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info))
    return copy


# ----- Data Export ---------------------------------------------------------------------------


def test_the_zip_is_read_object_by_object_and_unrelated_objects_are_ignored(
    tmp_path: Path,
) -> None:
    batch = read(EXPORT, tmp_path)
    assert not batch.problems, batch.problems.lines()
    assert finding(batch, "Opportunity.csv")[0] == "deals"
    assert finding(batch, "OpportunityHistory.csv")[0] == "stage history"
    assert finding(batch, "EventRelation.csv")[0] == "event attendees"
    ignored = {f.file.rsplit("/", 1)[1]: f.note for f in batch.files if f.what == "ignored"}
    assert set(ignored) == {
        "Attachment.csv",
        "ContentVersion.csv",
        "CurrencyType.csv",
        "UserRole.csv",
    }
    assert "every deal keeps its own currency" in ignored["CurrencyType.csv"]


def test_an_iso_8859_1_export_is_read_and_its_lost_characters_stay_as_exported(
    tmp_path: Path,
) -> None:
    batch = read(EXPORT, tmp_path)
    names = {r.values["name"] for r in batch.records["accounts"]}
    assert "?ód? Precision Sp. z o.o." in names  # Salesforce wrote "?" for what Latin-1 lacks
    assert "Zürich" in {r.values["city"] for r in batch.records["accounts"]}
    assert "ISO-8859-1" in finding(batch, "Account.csv")[1]


def test_line_breaks_inside_quoted_text_fields_do_not_split_rows(tmp_path: Path) -> None:
    paths = write_route(EXPORT, tmp_path)
    with zipfile.ZipFile(paths[0]) as archive:
        assert b"\r\n" in archive.read("Account.csv").split(b"\n", 1)[1]  # inside Description
    batch = salesforce.read_export(read_tables(paths), ReadOptions())
    assert (len(batch.records["accounts"]), len(batch.records["deals"])) == (12, 30)


def test_eighteen_character_ids_are_kept_as_fifteen_and_empty_lookups_are_empty(
    tmp_path: Path,
) -> None:
    batch = read(EXPORT, tmp_path)
    assert {len(r.values["deal_id"]) for r in batch.records["deals"]} == {15}
    assert {len(r.values["account_id"]) for r in batch.records["contacts"]} == {15}
    assert any("Freya Nilsen" in n and "no account" in n for n in batch.notes)


def test_api_values_are_read_booleans_date_times_dates_and_amounts(tmp_path: Path) -> None:
    batch = read(EXPORT, tmp_path)
    record = deal(batch, BRIGHTWATER)
    assert record.values["created_on"] == "2025-11-04"  # "2025-11-04 09:12:44"
    assert record.values["close_date"] == "2026-08-08"  # "2026-08-08 00:00:00"
    assert (record.values["amount"], record.values["status"]) == ("410000", "open")
    assert record.modified_at == datetime(2026, 5, 28, 17, 20, 45, tzinfo=UTC)


def test_owners_come_from_user_csv_and_system_users_are_marked(tmp_path: Path) -> None:
    batch = read(EXPORT, tmp_path)
    assert deal(batch, BRIGHTWATER).values["owner_email"] == "daniel.kowalczyk@northwind.example"
    users = {u.name: u for u in batch.users}
    assert users["Marcus Okafor"].title == "EVP Global Sales"
    assert users["Marcus Okafor"].manager == users["Helena Brandt"].key
    assert (users["Marcus Okafor"].city, users["Marcus Okafor"].country) == (
        "London",
        "United Kingdom",
    )
    system = {u.name for u in batch.users if u.system}
    assert system == {
        "Automated Process",
        "Salesforce Administrator",
        "Integration User",
        "Chatter Expert",
    }
    assert not users["Nora Falk"].system  # the administrator shares her address


def test_without_user_csv_owner_ids_are_one_problem_saying_to_add_it(tmp_path: Path) -> None:
    paths = write_route(EXPORT, tmp_path)
    batch = salesforce.read_export(read_tables([without(paths[0], "User.csv")]), ReadOptions())
    lines = [line for line in batch.problems.lines() if "Opportunity.csv: OwnerId" in line]
    assert len(lines) == 1
    assert "30 rows" in lines[0] and "add User.csv" in lines[0]


def test_stage_sort_order_gives_the_pipeline_and_is_closed_is_won_the_status(
    tmp_path: Path,
) -> None:
    batch = read(EXPORT, tmp_path)
    assert batch.stage_order == [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ]
    assert (batch.won_stages, batch.lost_stages) == ({"Closed Won"}, {"Closed Lost"})
    assert Counter(r.values["status"] for r in batch.records["deals"])["won"] == 6


def test_each_deal_keeps_its_own_currency(tmp_path: Path) -> None:
    batch = read(EXPORT, tmp_path)
    assert {r.values["currency"] for r in batch.records["deals"]} == {"USD", "EUR", "GBP", "CHF"}
    assert deal(batch, BRIGHTWATER).values["currency"] == "CHF"


def test_opportunity_history_gives_stage_entries_and_close_moves_with_salesforces_moments(
    tmp_path: Path,
) -> None:
    batch = read(EXPORT, tmp_path, time=2)
    ids = {r.values["name"]: r.values["deal_id"] for r in batch.records["deals"]}
    entries = {
        (r.values["deal_id"], r.values["stage"]): r.modified_at
        for r in batch.records["stage-history"]
    }
    changes = route(EXPORT).changes()
    for move in changes.stage_moves:
        assert entries[(ids[move.deal], move.to_stage)] == move.at
    moves = {
        (r.values["deal_id"], r.values["old_date"], r.values["new_date"]): r.modified_at
        for r in batch.close_moves
    }
    for close in changes.close_moves:
        assert moves[(ids[close.deal], close.old.isoformat(), close.new.isoformat())] == close.at
    brightwater = [
        r for r in batch.records["stage-history"] if r.values["deal_id"] == ids[BRIGHTWATER]
    ]
    assert len(brightwater) == 4  # close-date-only rows are no stage entries


def test_last_activity_date_is_not_taken_for_past_activity(tmp_path: Path) -> None:
    batch = read(EXPORT, tmp_path)
    meridian = deal(batch, "Meridian - Risk Analytics Suite").values["deal_id"]
    days = [
        r.values["occurred_on"]
        for r in batch.records["activities"]
        if r.values.get("deal_id") == meridian
    ]
    assert max(days) < "2026-06-01"  # its LastActivityDate shows the planned 2026-06-16


def test_a_deal_that_never_changed_stage_is_in_it_since_it_was_created(tmp_path: Path) -> None:
    batch = read(EXPORT, tmp_path)
    never = deal(batch, "?ód? Precision - Line Throughput Pilot").values
    assert never["stage_entered_on"] == never["created_on"] == "2026-05-28"


def test_events_take_start_and_duration_and_their_attendees_from_event_relation(
    tmp_path: Path,
) -> None:
    batch = read(EXPORT, tmp_path)
    atlas = deal(batch, AT_STUTTGART).values["deal_id"]
    visit = next(r for r in batch.records["visits"] if r.values.get("deal_id") == atlas)
    start = datetime.fromisoformat(visit.values["start"])
    assert start == datetime(2026, 1, 28, 10, tzinfo=UTC)
    assert datetime.fromisoformat(visit.values["end"]) == start + timedelta(minutes=120)
    # the owner, then the invitee who accepted
    assert visit.values["executive_emails"] == (
        "daniel.kowalczyk@northwind.example;juergen.weiss@northwind.example"
    )
    assert len(visit.values["contact_ids"].split(";")) == 2
    assert any("events not in the events file (archived" in n for n in batch.notes)
    assert {r.values["mode"] for r in batch.records["visits"] if "mode" in r.values} == {"video"}


def test_tasks_are_typed_by_subtype_and_open_ones_are_left_out(tmp_path: Path) -> None:
    one = read(EXPORT, tmp_path / "1")
    assert Counter(r.values["type"] for r in one.records["activities"]) == {
        "call": 19,
        "email": 11,
        "meeting": 8,
    }
    assert any("2 rows left out: open tasks" in n for n in one.notes)
    two = read(EXPORT, tmp_path / "2", time=2)
    overdue = [n for n in two.notes if "open tasks" in n]
    assert overdue and "Follow-up call with Andreas Huber" in overdue[0]  # due 6/10, still open


def test_contact_roles_mark_the_decision_makers(tmp_path: Path) -> None:
    batch = read(EXPORT, tmp_path)
    flags = {r.values["name"]: r.values["decision_maker"] for r in batch.records["contacts"]}
    assert flags["Anna Keller"] == "1"
    assert flags["Reto Baumann"] == "0"


def test_an_older_data_export_is_older_by_its_modification_stamps(tmp_path: Path) -> None:
    one = read(EXPORT, tmp_path / "1")
    two = read(EXPORT, tmp_path / "2", time=2)
    before, after = deal(one, BRIGHTWATER).modified_at, deal(two, BRIGHTWATER).modified_at
    assert before is not None and after is not None and before < after
    assert one.exported_at is None  # the ZIP has the same name every week: it says nothing


# ----- Data Loader ---------------------------------------------------------------------------


def test_data_loader_upper_case_names_and_relationship_columns_are_read(tmp_path: Path) -> None:
    batch = read(LOADER, tmp_path)
    assert not batch.problems, batch.problems.lines()
    assert deal(batch, BRIGHTWATER).values["owner_email"] == "daniel.kowalczyk@northwind.example"
    users = {u.name: u for u in batch.users}
    assert users["Tom Becker"].manager == users["Jürgen Weiß"].key  # MANAGER.EMAIL
    assert "upper-case API names" in finding(batch, "Opportunity_extract.csv")[1]


def test_data_loader_values_true_false_iso_z_and_decimals_are_read(tmp_path: Path) -> None:
    batch = read(LOADER, tmp_path)
    record = deal(batch, BRIGHTWATER)
    assert (record.values["amount"], record.values["close_date"]) == ("410000", "2026-08-08")
    assert record.values["stage_entered_on"] == "2026-02-24"
    assert record.modified_at == datetime(2026, 5, 28, 17, 20, 45, tzinfo=UTC)
    assert "Łódź Precision Sp. z o.o." in {r.values["name"] for r in batch.records["accounts"]}


def test_data_loader_stage_order_comes_from_the_opportunity_stage_extract(tmp_path: Path) -> None:
    batch = read(LOADER, tmp_path)
    assert batch.stage_order is not None and batch.stage_order[-2:] == ["Closed Won", "Closed Lost"]
    assert finding(batch, "OpportunityStage_extract.csv")[0] == "stage order"


def test_data_loader_events_take_start_end_and_invitees(tmp_path: Path) -> None:
    batch = read(LOADER, tmp_path)
    kestrel = next(
        r
        for r in batch.records["visits"]
        if "sofia.lindqvist@northwind.example" in r.values["executive_emails"]
    )
    assert kestrel.values["start"] == "2026-05-21T08:00:00+00:00"
    assert kestrel.values["end"] == "2026-05-21T09:30:00+00:00"
    assert kestrel.values["executive_emails"].startswith("tom.becker@northwind.example;")


def test_an_older_data_loader_extract_is_older_by_its_stamps(tmp_path: Path) -> None:
    one = read(LOADER, tmp_path / "1")
    two = read(LOADER, tmp_path / "2", time=2)
    before, after = deal(one, BRIGHTWATER).modified_at, deal(two, BRIGHTWATER).modified_at
    assert before is not None and after is not None and before < after
