"""HubSpot exports as downloaded become one batch: deals, stages and their history, companies,
contacts, users; one test per quirk of tests/ingest/crm/README.md's HubSpot routes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.crm import hubspot
from fieldvisit.ingest.crm.batch import Batch, ReadOptions, Record
from fieldvisit.ingest.crm.files import read_tables
from tests.ingest.crm import hubspot as shape
from tests.ingest.crm import route, snapshot, write_route

BERLIN = ReadOptions(zone="Europe/Berlin")
ROUTES = (
    "hubspot",
    "hubspot-de",
    "hubspot-internal-values",
    "hubspot-unicode-text",
    "hubspot-xlsx",
)


def read(name: str, folder: Path, time: int = 1, options: ReadOptions = BERLIN) -> Batch:
    if route(name).needs_openpyxl:
        pytest.importorskip("openpyxl")
    return hubspot.read_export(read_tables(write_route(name, folder, time)), options)


def deal(batch: Batch, name: str) -> Record:
    return next(r for r in batch.records["deals"] if r.values["name"] == name)


def history(batch: Batch, deal_id: str) -> dict[str, str]:
    return {
        r.values["stage"]: r.values["entered_on"]
        for r in batch.records["stage-history"]
        if r.values["deal_id"] == deal_id
    }


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("time", [1, 2])
def test_every_hubspot_route_gives_the_companys_records(
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
    assert {f.what for f in batch.files} <= {"deals", "accounts", "contacts", "users", "activities"}
    names = {r.values["name"] for r in batch.records["deals"]}
    assert expected.stalled_deals <= names


def test_the_export_date_comes_from_the_file_name_and_a_second_download_is_named(
    tmp_path: Path,
) -> None:
    one = read("hubspot-internal-values", tmp_path / "1")
    two = read("hubspot-internal-values", tmp_path / "2", time=2)
    # Midnight in the viewer's zone at the start of the export day (no record changed that day).
    assert one.exported_at == datetime(2026, 5, 31, 22, 0, tzinfo=UTC)
    assert two.exported_at is not None and two.exported_at.date() == date(2026, 6, 21)
    deals_file = next(f for f in one.files if f.what == "deals")
    assert "exported 2026-06-01 (download 2)" in deals_file.note


def test_the_export_date_is_never_before_a_record_changed_that_day(tmp_path: Path) -> None:
    paths = write_route("hubspot", tmp_path)
    deals = next(p for p in paths if "all-deals" in p.name)
    text = deals.read_text(encoding="utf-8-sig")
    deals.write_text(text.replace('"2026-05-28 19:20"', '"2026-06-01 08:30"', 1), encoding="utf-8")
    batch = hubspot.read_export(read_tables(paths), BERLIN)
    assert batch.exported_at == datetime(2026, 6, 1, 6, 30, tzinfo=UTC)


def test_a_utf8_file_with_a_byte_order_mark_and_quoted_values_is_read(tmp_path: Path) -> None:
    paths = write_route("hubspot", tmp_path)
    assert paths[0].read_bytes().startswith(b'\xef\xbb\xbf"Record ID"')
    batch = hubspot.read_export(read_tables(paths), BERLIN)
    assert (
        deal(batch, "Brightwater - Demand Forecasting Platform").values["deal_id"] == "18340001117"
    )


def test_the_main_pipelines_stages_are_named_by_label_and_other_pipelines_keep_theirs(
    tmp_path: Path,
) -> None:
    batch = read("hubspot", tmp_path)
    assert deal(batch, "Kestrel - Fleet Telemetry Analytics").values["stage"] == "Contract Sent"
    renewal = deal(batch, "Harbor & Pine - Renewal 2026").values
    assert renewal["stage"] == "Renewal Negotiation (Renewals)" and renewal["status"] == "open"
    assert batch.stage_order == [
        *shape.SALES,
        *(f"{label} (Renewals)" for label in shape.RENEWALS),
    ]
    assert batch.won_stages == {"Closed Won", "Renewed (Renewals)"}
    assert batch.lost_stages == {"Closed Lost", "Churned (Renewals)"}


def test_date_entered_columns_are_the_stage_history_and_date_the_current_stage(
    tmp_path: Path,
) -> None:
    batch = read("hubspot", tmp_path)
    snap = snapshot(1)
    for state in snap.live_deals():
        record = deal(batch, state.deal.name)
        expected = {
            shape.stage_label(state.deal.pipeline, e.stage)
            + ("" if state.deal.pipeline == "Sales" else " (Renewals)"): e.at.date().isoformat()
            for e in state.entries
        }
        assert history(batch, record.values["deal_id"]) == expected, state.deal.name
        assert record.values["stage_entered_on"] == state.stage_entered.date().isoformat()


def test_export_2_records_the_stage_moves_with_hubspots_dates(tmp_path: Path) -> None:
    batch = read("hubspot", tmp_path, time=2)
    changes = route("hubspot").changes()
    for move in changes.stage_moves:
        record = deal(batch, move.deal)
        assert record.values["stage"] == shape.stage_label("Sales", move.to_stage)
        assert record.values["stage_entered_on"] == move.at.date().isoformat()
        assert history(batch, record.values["deal_id"])[record.values["stage"]] == (
            move.at.date().isoformat()
        )
    for close in changes.close_moves:
        assert deal(batch, close.deal).values["close_date"] == close.new.isoformat()
    assert deal(batch, changes.won[0]).values["status"] == "won"
    assert deal(batch, changes.lost[0]).values["status"] == "lost"
    assert {changes.new_deals[0]} <= {r.values["name"] for r in batch.records["deals"]}


def test_the_primary_company_wins_over_the_first_listed(tmp_path: Path) -> None:
    batch = read("hubspot", tmp_path)
    record = deal(batch, "Müller & Söhne - Store Analytics Rollout")
    assert record.values["account_id"] == shape.company_id("A09")  # Müller & Söhne
    assert shape.company_id("A02") < shape.company_id("A09")  # Kestrel is listed first


def test_without_a_primary_column_the_first_listed_company_is_taken(tmp_path: Path) -> None:
    paths = write_route("hubspot", tmp_path)
    deals = next(p for p in paths if "all-deals" in p.name)
    text = deals.read_text(encoding="utf-8-sig")
    deals.write_text(text.replace("Associated Company IDs (Primary)", "Notes"), encoding="utf-8")
    batch = hubspot.read_export(read_tables(paths), BERLIN)
    record = deal(batch, "Müller & Söhne - Store Analytics Rollout")
    assert record.values["account_id"] == shape.company_id("A02")


def test_the_amount_keeps_the_deals_currency_not_the_company_currency(tmp_path: Path) -> None:
    batch = read("hubspot", tmp_path)
    record = deal(batch, "Brightwater - Demand Forecasting Platform").values
    assert (record["amount"], record["currency"]) == ("410000", "CHF")  # not 459200 USD


def test_date_times_are_read_in_the_viewers_zone(tmp_path: Path) -> None:
    batch = read("hubspot", tmp_path)
    record = deal(batch, "Brightwater - Demand Forecasting Platform")
    # "2026-05-28 19:20" in Berlin is 17:20 UTC; the close date stays the date written.
    assert record.modified_at == datetime(2026, 5, 28, 17, 20, tzinfo=UTC)
    assert record.values["close_date"] == "2026-08-08"
    assert record.values["created_on"] == "2025-11-04"
    in_utc = read("hubspot", tmp_path / "utc", options=ReadOptions())
    assert deal(in_utc, record.values["name"]).modified_at == datetime(
        2026, 5, 28, 19, 20, tzinfo=UTC
    )
    assert any("times read as UTC" in f.note for f in in_utc.files)


def test_owners_are_named_and_the_users_export_gives_their_addresses_but_no_titles(
    tmp_path: Path,
) -> None:
    batch = read("hubspot", tmp_path)
    record = deal(batch, "Kestrel - Fleet Telemetry Analytics")
    assert record.values["owner_email"] == "tom.becker@northwind.example" and not record.by_name
    assert len(batch.users) == 10
    assert all(u.email and u.title is None for u in batch.users)
    helena = next(u for u in batch.users if u.name == "Helena Brandt")
    assert helena.key == "Helena Brandt" and helena.email == "helena.brandt@northwind.example"


def test_without_a_users_export_owners_stay_names_for_the_engine(tmp_path: Path) -> None:
    batch = read("hubspot-de", tmp_path)
    record = deal(batch, "Kestrel - Fleet Telemetry Analytics")
    assert record.by_name == {"owner_email": "Tom Becker"}
    assert "owner_email" not in record.values
    assert {u.key for u in batch.users} == set(route("hubspot-de").answers().reps)
    assert all(u.email is None for u in batch.users)


def test_contacts_keep_decision_makers_additional_addresses_and_leave_out_the_companyless(
    tmp_path: Path,
) -> None:
    batch = read("hubspot", tmp_path)
    contacts = {r.values["name"]: r for r in batch.records["contacts"]}
    assert contacts["Oliver Grant"].values["email"] == "oliver.grant@meridianbank.example"
    assert contacts["Oliver Grant"].values["decision_maker"] == "1"
    assert contacts["Reto Baumann"].values["decision_maker"] == "0"  # a champion
    assert contacts["Klaus Müller"].values["email"] == "k.mueller.duesseldorf@gmail.com"
    assert "Freya Nilsen" not in contacts
    assert "1 contact left out (no associated company): 'Freya Nilsen'" in batch.notes


def test_a_contact_without_a_main_address_takes_its_first_additional_one(tmp_path: Path) -> None:
    paths = write_route("hubspot", tmp_path)
    contacts = next(p for p in paths if "all-contacts" in p.name)
    text = contacts.read_text(encoding="utf-8-sig")
    text = text.replace(
        '"oliver.grant@meridianbank.example","o.grant@meridianbank.example"',
        '"","o.grant@meridianbank.example;og@meridianbank.example"',
    )
    contacts.write_text(text, encoding="utf-8")
    batch = hubspot.read_export(read_tables(paths), BERLIN)
    grant = next(r for r in batch.records["contacts"] if r.values["name"] == "Oliver Grant")
    assert grant.values["email"] == "o.grant@meridianbank.example"


def test_a_german_portals_export_is_read_with_its_closed_stages(tmp_path: Path) -> None:
    batch = read("hubspot-de", tmp_path)
    assert all("German headers" in f.note for f in batch.files)
    assert batch.won_stages >= {"Abgeschlossen und gewonnen"}
    assert batch.lost_stages >= {"Abgeschlossen und verloren"}
    assert deal(batch, "Kestrel - Fleet Telemetry Analytics").values["stage"] == "Vertrag gesendet"
    assert batch.stage_order is not None and batch.stage_order[0] == "Termin vereinbart"
    won = deal(batch, "Meridian - Regulatory Reporting Pack").values
    assert (won["stage"], won["status"]) == ("Abgeschlossen und gewonnen", "won")


def test_internal_values_become_the_labels_of_the_date_entered_columns(tmp_path: Path) -> None:
    batch = read("hubspot-internal-values", tmp_path)
    labels = read("hubspot", tmp_path / "labels")
    for record in labels.records["deals"]:
        internal = deal(batch, record.values["name"]).values
        assert internal["stage"] == record.values["stage"]  # default ids and numeric ids alike
        assert internal["status"] == record.values["status"]
    assert batch.stage_order == labels.stage_order


def test_internal_owner_ids_are_kept_as_name_like_keys(tmp_path: Path) -> None:
    batch = read("hubspot-internal-values", tmp_path)
    record = deal(batch, "Kestrel - Fleet Telemetry Analytics")
    key = f"HubSpot owner {shape.owner_id('U6')}"
    assert record.by_name == {"owner_email": key}
    user = next(u for u in batch.users if u.key == key)
    assert user.name == key and user.email is None
    contacts = {r.values["name"]: r.values for r in batch.records["contacts"]}
    assert contacts["Anna Keller"]["decision_maker"] == "1"  # DECISION_MAKER
    accounts = {r.values["name"]: r.values for r in batch.records["accounts"]}
    assert accounts["Brightwater Foods AG"]["industry"] == "Food Beverages"  # FOOD_BEVERAGES


def test_excels_unicode_text_resave_is_read_with_us_dates(tmp_path: Path) -> None:
    batch = read("hubspot-unicode-text", tmp_path)
    assert all("UTF-16" in f.note for f in batch.files)
    record = deal(batch, "Brightwater - Demand Forecasting Platform")
    assert record.values["close_date"] == "2026-08-08"  # 8/8/2026; 6/30/2026 decides the order
    assert record.values["amount"] == "410000"
    assert record.modified_at == datetime(2026, 5, 28, 17, 20, tzinfo=UTC)


def test_xlsx_ids_written_as_numbers_become_text_without_a_decimal(tmp_path: Path) -> None:
    batch = read("hubspot-xlsx", tmp_path)
    record = deal(batch, "Brightwater - Demand Forecasting Platform")
    assert record.values["deal_id"] == "18340001117"
    assert record.values["account_id"] == shape.company_id("A01")
    assert record.values["amount"] == "410000"


def test_an_id_excel_wrote_in_scientific_notation_is_one_grouped_problem(tmp_path: Path) -> None:
    paths = write_route("hubspot", tmp_path)
    deals = next(p for p in paths if "all-deals" in p.name)
    text = deals.read_text(encoding="utf-8-sig")
    for number in ("18340001117", "18340002234", "18340003351", "18340004468"):
        text = text.replace(f'"{number}"', '"1.834E+10"', 1)
    deals.write_text(text, encoding="utf-8")
    batch = hubspot.read_export(read_tables(paths), BERLIN)
    (problem,) = list(batch.problems)
    assert (problem.column, problem.count) == ("Record ID", 4)
    assert "scientific notation" in problem.cause and problem.examples[0] == "1.834E+10"


def test_day_month_dates_no_date_decides_are_one_problem_naming_the_option(tmp_path: Path) -> None:
    deals = tmp_path / "hubspot-crm-exports-all-deals-2026-06-01.txt"
    rows = [
        "Record ID\tDeal Name\tDeal Stage\tClose Date\tAssociated Company IDs",
        "1\tFirst\tContract Sent\t5/6/2026\t7",
        "2\tSecond\tContract Sent\t3/4/2026\t7",
    ]
    deals.write_text("\r\n".join(rows) + "\r\n", encoding="utf-16")
    batch = hubspot.read_export(read_tables([deals]), BERLIN)
    (problem,) = list(batch.problems)
    assert (problem.column, problem.count) == ("Close Date", 2)
    assert "--date-order" in problem.cause
    told = hubspot.read_export(read_tables([deals]), ReadOptions("DMY", "Europe/Berlin"))
    assert not told.problems
    assert [r.values["close_date"] for r in told.records["deals"]] == ["2026-06-05", "2026-04-03"]


def test_an_older_export_has_older_stamps(tmp_path: Path) -> None:
    one = read("hubspot", tmp_path / "1")
    two = read("hubspot", tmp_path / "2", time=2)
    assert one.exported_at and two.exported_at and one.exported_at < two.exported_at
    moved = "Müller & Söhne - Store Analytics Rollout"
    old, new = deal(one, moved).modified_at, deal(two, moved).modified_at
    assert old and new and old < new


def test_files_that_are_not_hubspot_exports_are_listed_as_ignored(tmp_path: Path) -> None:
    paths = write_route("hubspot-de", tmp_path / "hs")
    stray = tmp_path / "hubspot-crm-exports-all-deals-notes.csv"
    stray.write_text("Record ID,Deal Name\n1,Something\n", encoding="utf-8")
    other = tmp_path / "budget.csv"
    other.write_text("Month,Budget\nJan,10\n", encoding="utf-8")
    batch = hubspot.read_export(read_tables([*paths, stray, other]), BERLIN)
    ignored = {f.file: f.note for f in batch.files if f.what == "ignored"}
    assert "'Deal Stage'" in ignored[stray.name]
    assert "not a HubSpot export" in ignored[other.name]
    with pytest.raises(ImportProblem, match="No file is a HubSpot export"):
        hubspot.read_export(read_tables([other]), BERLIN)


def test_a_stage_not_named_won_is_won_when_all_its_deals_are_certain(tmp_path: Path) -> None:
    deals = tmp_path / "hubspot-crm-exports-all-deals-2026-06-01.csv"
    deals.write_text(
        '"Record ID","Deal Name","Deal Stage","Deal probability","Associated Company IDs"\n'
        '"1","Signed one","Signed","1","7"\n'
        '"2","Signed two","Signed","1.0","7"\n'
        '"3","Open one","Contract Sent","0.8","7"\n',
        encoding="utf-8",
    )
    batch = hubspot.read_export(read_tables([deals]), BERLIN)
    assert batch.won_stages == {"Signed"}
    assert [r.values["status"] for r in batch.records["deals"]] == ["won", "won", "open"]
    assert any("'Signed' taken as won" in n for n in batch.notes)
