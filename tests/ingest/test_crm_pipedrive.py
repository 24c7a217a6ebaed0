"""Pipedrive's "Export data" files become one batch: links by name, deleted deals left out, one
stage date, done activities, meetings as visit candidates; one test per quirk of
tests/ingest/crm/README.md's Pipedrive routes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.crm import pipedrive
from fieldvisit.ingest.crm.batch import Batch, ReadOptions, Record
from fieldvisit.ingest.crm.files import read_tables
from tests.ingest.crm import pipedrive as shape
from tests.ingest.crm import route, snapshot, write_route


def read(name: str, folder: Path, time: int = 1) -> Batch:
    if route(name).needs_openpyxl:
        pytest.importorskip("openpyxl")
    return pipedrive.read_export(read_tables(write_route(name, folder, time)), ReadOptions())


def deal(batch: Batch, name: str) -> Record:
    return next(r for r in batch.records["deals"] if r.values["name"] == name)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("name", ["pipedrive", "pipedrive-xlsx"])
@pytest.mark.parametrize("time", [1, 2])
def test_every_pipedrive_route_gives_the_companys_records(
    tmp_path: Path, name: str, time: int
) -> None:
    batch = read(name, tmp_path, time)
    expected = route(name).answers(time)
    assert len(batch.records["accounts"]) == expected.accounts
    assert len(batch.records["contacts"]) == expected.contacts
    statuses = Counter(r.values["status"] for r in batch.records["deals"])
    assert statuses == {
        "open": expected.open_deals,
        "won": expected.won_deals,
        "lost": expected.lost_deals,
    }
    assert not batch.problems, batch.problems.lines()
    assert expected.stalled_deals <= {r.values["name"] for r in batch.records["deals"]}


def test_entity_field_headers_are_recognised_with_their_export_numbers(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    what = {f.file: (f.what, f.note) for f in batch.files}
    assert what["deals-10482153-12.csv"][0] == "deals"
    assert "export number 12" in what["deals-10482153-12.csv"][1]
    assert what["organizations-10482153-13.csv"][0] == "accounts"
    assert what["people-10482153-14.csv"][0] == "contacts"
    assert what["activities-10482153-15.csv"][0] == "activities"
    assert what["notes-10482153-16.csv"][0] == "activities"


def test_links_are_names_the_engine_resolves(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    linz = deal(batch, "Atlas Linz - Quality Analytics Pilot")
    assert linz.by_name == {
        "account_id": "Atlas Maschinenbau GmbH (Linz)",
        "owner_email": "Daniel Kowalczyk",
    }
    assert "account_id" not in linz.values and "owner_email" not in linz.values
    person = next(r for r in batch.records["contacts"] if r.values["name"] == "Andreas Huber")
    assert person.by_name == {"account_id": "Atlas Maschinenbau GmbH (Linz)"}
    account = next(r for r in batch.records["accounts"] if r.values["account_id"] == "106")
    assert account.by_name == {"owner_email": "Daniel Kowalczyk"}


def test_owners_are_users_known_by_name_only(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    users = {u.key: u for u in batch.users}
    assert set(users) == {*route("pipedrive").answers().reps, "Helena Brandt"}
    assert all(u.name == u.key and u.email is None and u.title is None for u in users.values())
    assert batch.stage_order is None  # Pipedrive's export carries no stage order


def test_a_deleted_deal_is_left_out_with_a_note(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    (skipped,) = route("pipedrive").answers().skipped_deals
    assert skipped not in {r.values["name"] for r in batch.records["deals"]}
    assert f"1 deal left out (deleted in Pipedrive): {skipped!r}" in batch.notes


def test_won_and_lost_deals_keep_their_stage(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path, time=2)
    won = deal(batch, "Harbor & Pine - Embedded BI OEM").values
    assert (won["status"], won["stage"]) == ("won", "Negotiations Started")
    assert won["close_date"] == "2026-06-18"  # the won time
    lost = deal(batch, "Nordlys - Trading Desk Analytics").values
    assert (lost["status"], lost["stage"]) == ("lost", "Demo Scheduled")
    assert batch.won_stages == set() and batch.lost_stages == set()


def test_the_value_keeps_its_currency_not_the_weighted_value(tmp_path: Path) -> None:
    record = deal(read("pipedrive", tmp_path), "Brightwater - Demand Forecasting Platform").values
    assert (record["amount"], record["currency"]) == ("410000", "CHF")


def test_the_last_stage_change_dates_the_stage_else_the_deal_created(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    for state in snapshot(1).live_deals():
        record = deal(batch, state.deal.name).values
        opened = [e for e in state.entries if e.stage not in ("Closed Won", "Closed Lost")]
        expected = opened[-1].at.date().isoformat()
        assert record["stage_entered_on"] == expected, state.deal.name
        entries = [
            r.values
            for r in batch.records["stage-history"]
            if r.values["deal_id"] == record["deal_id"]
        ]
        assert entries == [
            {"deal_id": record["deal_id"], "stage": record["stage"], "entered_on": expected}
        ]
    never_moved = deal(batch, "Łódź Precision - Line Throughput Pilot").values
    assert never_moved["stage_entered_on"] == never_moved["created_on"] == "2026-05-28"


def test_export_2_records_stage_moves_with_pipedrives_dates(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path, time=2)
    changes = route("pipedrive").changes()
    for move in changes.stage_moves:
        record = deal(batch, move.deal).values
        if move.to_stage in ("Closed Won", "Closed Lost"):
            assert record["status"] == ("won" if move.to_stage == "Closed Won" else "lost")
        else:
            assert record["stage"] == shape.stage_name("Sales", move.to_stage)
            assert record["stage_entered_on"] == move.at.date().isoformat()
    for close in changes.close_moves:
        assert deal(batch, close.deal).values["close_date"] == close.new.isoformat()


def test_a_second_pipelines_stages_carry_its_name(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    assert deal(batch, "Harbor & Pine - Renewal 2026").values["stage"] == (
        "Renewal Negotiation (Renewals)"
    )
    assert (
        deal(batch, "Brightwater - Demand Forecasting Platform").values["stage"] == "Proposal Made"
    )


def test_date_times_and_dates_are_read_as_written(tmp_path: Path) -> None:
    record = deal(read("pipedrive", tmp_path), "Brightwater - Demand Forecasting Platform")
    assert record.modified_at == datetime(2026, 5, 28, 17, 20, 45, tzinfo=UTC)
    assert record.values["created_on"] == "2025-11-04"
    assert record.values["close_date"] == "2026-08-08"


def test_people_take_their_first_work_address_and_need_an_organization(tmp_path: Path) -> None:
    paths = write_route("pipedrive", tmp_path)
    people = next(p for p in paths if p.name.startswith("people"))
    joined = '"oliver.grant@meridianbank.example, o.grant@meridianbank.example"'
    assert joined in people.read_text(encoding="utf-8")  # two work addresses in one cell
    batch = pipedrive.read_export(read_tables(paths), ReadOptions())
    contacts = {r.values["name"]: r.values for r in batch.records["contacts"]}
    assert contacts["Oliver Grant"]["email"] == "oliver.grant@meridianbank.example"
    assert contacts["Klaus Müller"]["email"] == "k.mueller.duesseldorf@gmail.com"  # home only
    assert "Freya Nilsen" not in contacts
    assert "1 person left out (no organization): 'Freya Nilsen'" in batch.notes


def test_organizations_take_city_and_country_from_the_address_columns(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    accounts = {r.values["name"]: r.values for r in batch.records["accounts"]}
    assert (
        accounts["Brightwater Foods AG"]["city"],
        accounts["Brightwater Foods AG"]["country"],
    ) == (
        "Zürich",
        "Switzerland",
    )
    paths = write_route("pipedrive", tmp_path / "full-only")
    organizations = next(p for p in paths if p.name.startswith("organizations"))
    rewrite(organizations, "City/town/village/locality of Address", "Locality")
    rewrite(organizations, "Country of Address", "Land")
    batch = pipedrive.read_export(read_tables(paths), ReadOptions())
    accounts = {r.values["name"]: r.values for r in batch.records["accounts"]}
    assert (accounts["Meridian Bank plc"]["city"], accounts["Meridian Bank plc"]["country"]) == (
        "London",
        "United Kingdom",
    )


def test_xlsx_serial_numbers_are_read_as_dates(tmp_path: Path) -> None:
    batch = read("pipedrive-xlsx", tmp_path)
    record = deal(batch, "Brightwater - Demand Forecasting Platform")
    assert record.values["close_date"] == "2026-08-08"
    assert record.values["created_on"] == "2025-11-04"
    assert record.values["stage_entered_on"] == "2026-02-24"
    assert record.modified_at == datetime(2026, 5, 28, 17, 20, 45, tzinfo=UTC)
    assert record.values["deal_id"] == "301" and record.values["amount"] == "410000"


def test_an_older_export_has_older_stamps(tmp_path: Path) -> None:
    one = read("pipedrive", tmp_path / "1")
    two = read("pipedrive", tmp_path / "2", time=2)
    assert one.exported_at and two.exported_at and one.exported_at < two.exported_at
    moved = "Müller & Söhne - Store Analytics Rollout"
    old, new = deal(one, moved).modified_at, deal(two, moved).modified_at
    assert old and new and old < new
    assert any("export number 19" in f.note for f in two.files)


def test_files_pipedrive_did_not_write_in_english_are_ignored_with_the_fix(tmp_path: Path) -> None:
    paths = write_route("pipedrive", tmp_path)
    german = tmp_path / "organisationen-10482153-30.csv"
    german.write_text("Organisation - ID,Organisation - Name\n1,Kestrel\n", encoding="utf-8")
    batch = pipedrive.read_export(read_tables([*paths, german]), ReadOptions())
    ignored = {f.file: f.note for f in batch.files if f.what == "ignored"}
    assert "English" in ignored[german.name]
    with pytest.raises(ImportProblem, match="No file is a Pipedrive export"):
        pipedrive.read_export(read_tables([german]), ReadOptions())


def test_the_stage_order_the_probabilities_imply_is_the_likely_order(tmp_path: Path) -> None:
    batch = read("pipedrive", tmp_path)
    assert batch.stage_order is None  # Pipedrive never states it
    assert batch.likely_stage_order == [
        "Qualified",
        "Contact Made",
        "Demo Scheduled",
        "Proposal Made",
        "Negotiations Started",
        "Renewal Proposal (Renewals)",
        "Renewal Negotiation (Renewals)",
    ]
