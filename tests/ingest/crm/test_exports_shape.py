"""The CRM export test data is what it claims to be: files, encodings, footers, ids, stamps, answers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.ingest.crm import ROUTES, route, snapshot
from tests.ingest.crm.answers import CLOSE_PUSHES, IDLE_DAYS, STAGE_LIMIT_DAYS, last_past_activity
from tests.ingest.crm.fixtures import WriteExport
from tests.ingest.crm.salesforce_ids import EMPTY_LOOKUP, checksum

ROUTE_NAMES = [r.name for r in ROUTES]
DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def rows_of(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def table(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[dict[str, str]]:
    rows = rows_of(path.read_bytes().decode(encoding), delimiter)
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:] if r and len(r) == len(rows[0])]


def member(archive: Path, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(archive) as z:
        rows = rows_of(z.read(name).decode("iso-8859-1"))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_every_route_writes_the_same_files_at_both_export_times(
    crm_export: WriteExport, name: str
) -> None:
    first, second = crm_export(name), crm_export(name, time=2)
    assert first and len(first) == len(second)
    assert all(p.is_file() and p.stat().st_size > 100 for p in first + second)
    if route(name).crm == "hubspot":
        assert all("2026-06-01" in p.name for p in first) and all(
            "2026-06-22" in p.name for p in second
        )


@pytest.mark.parametrize(
    "name", ["salesforce-reports", "salesforce-reports-no-ids", "salesforce-reports-multicurrency"]
)
def test_salesforce_reports_are_quoted_lf_files_ending_in_the_footer(
    crm_export: WriteExport, name: str
) -> None:
    for path in crm_export(name):
        assert re.fullmatch(r"report\d{13}\.csv", path.name)
        data = path.read_bytes()
        assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
        lines = data.decode("utf-8").split("\n")
        assert lines[-1] == ""  # the file ends with a line break
        body, footer = lines[:-6], lines[-6:-1]
        assert footer[0] == "" and footer[2] == ""
        assert footer[1] == f'"Grand Totals ({len(body) - 1} records)"'
        assert footer[3] == '"Confidential Information - Do Not Distribute"'
        assert footer[4] == '"Copyright © 2000-2026 salesforce.com, inc. All rights reserved."'
        assert all(line.startswith('"') and line.endswith('"') for line in body)


def test_en_us_reports_write_us_numbers_and_dates_and_multicurrency_columns(
    crm_export: WriteExport,
) -> None:
    pipeline = table(crm_export("salesforce-reports-multicurrency")[0])
    deal = next(
        r for r in pipeline if r["Opportunity Name"] == "Brightwater - Demand Forecasting Platform"
    )
    assert (deal["Amount Currency"], deal["Amount"], deal["Close Date"]) == (
        "CHF",
        "410,000.00",
        "8/8/2026",
    )
    assert (deal["Amount (converted) Currency"], deal["Amount (converted)"]) == (
        "USD",
        "459,200.00",
    )
    columns = list(pipeline[0])
    start = columns.index("Amount Currency")
    assert columns[start : start + 4] == [
        "Amount Currency",
        "Amount",
        "Amount (converted) Currency",
        "Amount (converted)",
    ]
    assert "Opportunity ID" not in table(crm_export("salesforce-reports-no-ids")[0])[0]


def test_german_reports_are_latin1_with_german_labels_numbers_and_dates(
    crm_export: WriteExport,
) -> None:
    pipeline_path = crm_export("salesforce-reports-de")[0]
    with pytest.raises(UnicodeDecodeError):
        pipeline_path.read_bytes().decode("utf-8")
    text = pipeline_path.read_bytes().decode("iso-8859-1")
    assert text.startswith('"Opportunity-Inhaber","Accountname","Opportunity-Name","Phase"')
    assert '"410.000,00"' in text and '"08.08.2026"' in text and "Geschlossen und gewonnen" in text
    assert text.endswith('"Copyright © 2000-2026 salesforce.com, inc. Alle Rechte vorbehalten."\n')


def test_german_excel_resave_uses_semicolons_cp1252_crlf_and_padded_footer(
    crm_export: WriteExport,
) -> None:
    path = crm_export("salesforce-reports-de-excel")[0]
    text = path.read_bytes().decode("cp1252")
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "") and lines[0].startswith(
        "Opportunity-Inhaber;Accountname;"
    )
    width = lines[0].count(";")
    assert all(line.count(";") == width for line in lines[:-1])
    assert lines[-6] == ";" * width and lines[-5].startswith("Gesamtsummen (30 Datensätze);")
    assert ";410000;" in text and '"' not in lines[1]


def test_report_ids_are_the_first_15_characters_of_the_export_ids(crm_export: WriteExport) -> None:
    pipeline = table(crm_export("salesforce-reports")[0])
    archive = crm_export("salesforce-data-export")[0]
    long_ids = {r["Id"] for r in member(archive, "Opportunity.csv")}
    for row in pipeline:
        short = row["Opportunity ID"]
        assert len(short) == 15 and short + checksum(short) in long_ids
    atlas = {
        r["Billing City"]: r["Account ID"]
        for r in table(crm_export("salesforce-reports")[1])
        if r["Account Name"] == "Atlas Maschinenbau GmbH"
    }
    assert (
        atlas["Stuttgart"] != atlas["Linz"] and atlas["Stuttgart"].lower() == atlas["Linz"].lower()
    )


@pytest.mark.parametrize(
    "real_id",
    [
        "0064600000J5S5TAAV",
        "0014600001TvgfZAAR",
        "0058a00000L2IR7AAN",
        "00T8a00007WIWY0EAP",
        "0RE8a00000LIqwhGAD",
    ],
)
def test_the_case_safe_suffix_is_salesforces(real_id: str) -> None:
    # ids from real Data Export files in public repositories (see README.md)
    assert checksum(real_id[:15]) == real_id[15:]


def test_data_export_zip_holds_latin1_csvs_with_18_character_ids(crm_export: WriteExport) -> None:
    (archive,) = crm_export("salesforce-data-export")
    assert re.fullmatch(r"WE_00D\w{15}_1\.ZIP", archive.name)
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        raw = {n: z.read(n) for n in names}
    assert {
        "User.csv",
        "Account.csv",
        "Contact.csv",
        "Opportunity.csv",
        "OpportunityHistory.csv",
        "Task.csv",
        "Event.csv",
        "EventRelation.csv",
        "Attachment.csv",
        "ContentVersion.csv",
    } <= names
    assert all(
        not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data.split(b"\n", 1)[0]
        for data in raw.values()
    )
    accounts = member(archive, "Account.csv")
    assert any(a["Name"] == "?ód? Precision Sp. z o.o." for a in accounts)  # outside Latin-1 → '?'
    assert any("\r\n" in a["Description"] for a in accounts)  # text keeps its line breaks
    for name in (
        "Account.csv",
        "Contact.csv",
        "Opportunity.csv",
        "User.csv",
        "Task.csv",
        "Event.csv",
    ):
        for row in member(archive, name):
            assert len(row["Id"]) == 18 and row["Id"][15:] == checksum(row["Id"][:15])
            assert all(
                DATETIME.match(row[k])
                for k in ("CreatedDate", "LastModifiedDate", "SystemModstamp")
                if k in row
            )
    freya = next(c for c in member(archive, "Contact.csv") if c["LastName"] == "Nilsen")
    assert freya["AccountId"] == EMPTY_LOOKUP
    deals = member(archive, "Opportunity.csv")
    assert {d["IsClosed"] for d in deals} == {"0", "1"} and all(d["StageSortOrder"] for d in deals)
    assert "Email" not in deals[0] and "OwnerId" in deals[0]
    assert len(member(archive, "Attachment.csv")) == 0


def test_data_loader_extracts_use_upper_case_names_and_api_values(crm_export: WriteExport) -> None:
    paths = {p.name: p for p in crm_export("salesforce-data-loader")}
    deals = table(paths["Opportunity_extract.csv"], "utf-8")
    assert all(k == k.upper() for k in deals[0]) and "OWNER.EMAIL" in deals[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", deals[0]["CREATEDDATE"])
    assert {d["ISWON"] for d in deals} == {"true", "false"} and deals[0]["CLOSEDATE"].count(
        "-"
    ) == 2
    stages = table(paths["OpportunityStage_extract.csv"], "utf-8")
    assert [s["MASTERLABEL"] for s in sorted(stages, key=lambda s: int(s["SORTORDER"]))][-2:] == [
        "Closed Won",
        "Closed Lost",
    ]


def test_hubspot_exports_carry_bom_labels_pipelines_and_primary_associations(
    crm_export: WriteExport,
) -> None:
    paths = {p.name: p for p in crm_export("hubspot")}
    deals_path = paths["hubspot-crm-exports-all-deals-2026-06-01.csv"]
    assert deals_path.read_bytes().startswith(b'\xef\xbb\xbf"Record ID","Deal Name"')
    deals = table(deals_path)
    assert (
        'Date entered "Contract Sent (Sales Pipeline)"' in deals[0]
        and 'Date entered "Churned (Renewals)"' in deals[0]
    )
    rollout = next(d for d in deals if d["Deal Name"] == "Müller & Söhne - Store Analytics Rollout")
    listed = rollout["Associated Company IDs"].split(";")
    assert (
        len(listed) == 2 and listed[0] != rollout["Associated Company IDs (Primary)"] == listed[1]
    )
    assert rollout["Deal Stage"] == "Presentation Scheduled (Sales Pipeline)"
    users = table(paths["hubspot-users-export-2026-06-01.csv"])
    assert len(users) == 10 and not any("title" in k.lower() for k in users[0])
    internal = [p.name for p in crm_export("hubspot-internal-values")]
    assert internal[0] == "hubspot-crm-exports-all-deals-2026-06-01-1.csv"
    internal_deals = table(crm_export("hubspot-internal-values")[0])
    assert {"qualifiedtobuy", "default"} <= {v for d in internal_deals for v in d.values()}


def test_unicode_text_resave_is_utf16_with_tabs_and_us_dates(crm_export: WriteExport) -> None:
    path = crm_export("hubspot-unicode-text")[0]
    assert path.suffix == ".txt" and path.read_bytes().startswith(b"\xff\xfe")
    text = path.read_bytes().decode("utf-16")
    rows = rows_of(text, "\t")
    assert rows[0][:2] == ["Record ID", "Deal Name"] and "\r\n" in text
    deal = dict(
        zip(
            rows[0],
            next(r for r in rows if r[1] == "Brightwater - Demand Forecasting Platform"),
            strict=True,
        )
    )
    assert (deal["Close Date"], deal["Amount"]) == ("8/8/2026", "410000")


def test_pipedrive_links_by_name_joins_emails_and_lists_deleted_deals(
    crm_export: WriteExport,
) -> None:
    paths = {p.name.split("-")[0]: p for p in crm_export("pipedrive")}
    assert set(paths) == {"deals", "organizations", "people", "activities", "notes"}
    deals = table(paths["deals"])
    assert "Deal - Organization" in deals[0] and not any(
        k.endswith("Organization ID") for k in deals[0]
    )
    assert any(d["Deal - Status"] == "Deleted" for d in deals)
    people = table(paths["people"])
    grant = next(p for p in people if p["Person - Name"] == "Oliver Grant")
    assert grant["Person - Email - Work"].count(",") == 1
    assert any("<p>" in n["Content"] for n in table(paths["notes"]))
    assert {a["Activity - Done"] for a in table(paths["activities"])} == {"Done", "To do"}


@pytest.mark.parametrize("name", [r.name for r in ROUTES if r.needs_openpyxl])
def test_xlsx_routes_open_as_workbooks(crm_export: WriteExport, name: str) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    for path in crm_export(name):
        sheet = openpyxl.load_workbook(path).active
        values = [row for row in sheet.iter_rows(values_only=True)]
        if name == "salesforce-reports-xlsx":
            assert values[5][0] in ("Opportunity Owner", "Account ID", "Full Name")
            assert values[-1][0].startswith("Copyright ©")
        elif name == "pipedrive-xlsx":
            header = list(values[0])
            created = [c for c in header if c.endswith(("created", "Person created"))][0]
            assert isinstance(values[1][header.index(created)], float)
        else:
            assert isinstance(values[1][0], int)


def test_the_second_export_is_newer_by_the_crms_own_stamps(crm_export: WriteExport) -> None:
    def latest(rows: list[dict[str, str]], key: str) -> str:
        return max(r[key] for r in rows)

    one, two = crm_export("salesforce-data-export")[0], crm_export("salesforce-data-export", 2)[0]
    assert latest(member(one, "Opportunity.csv"), "LastModifiedDate") < latest(
        member(two, "Opportunity.csv"), "SystemModstamp"
    )
    pd1, pd2 = crm_export("pipedrive")[0], crm_export("pipedrive", 2)[0]
    assert latest(table(pd1), "Deal - Update time") < latest(table(pd2), "Deal - Update time")
    r1, r2 = crm_export("salesforce-reports")[0], crm_export("salesforce-reports", 2)[0]
    assert int(r1.stem[6:16]) < int(r2.stem[6:16]) and r1.name != r2.name


@pytest.mark.parametrize("time", [1, 2])
@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_answers_stay_clear_of_every_stall_threshold(name: str, time: int) -> None:
    chosen, snap = route(name), snapshot(time)
    carries = chosen.carries
    for state in snap.live_deals():
        if state.status != "open":
            continue
        if carries.stage_dates != "none":
            assert abs((snap.as_of - state.stage_entered.date()).days - STAGE_LIMIT_DAYS) >= 3, (
                state.deal.name
            )
        last = (
            last_past_activity(snap, state.deal.key, carries.activities)
            or state.deal.created.date()
        )
        assert abs((snap.as_of - last).days - IDLE_DAYS) >= 3, state.deal.name
        assert abs((state.close_date - snap.as_of).days) >= 3, state.deal.name
    expected = chosen.answers(time)
    assert (
        expected.as_of == snap.as_of and 0 < len(expected.stalled_deals) < expected.open_deals + 1
    )
    assert CLOSE_PUSHES == 2


def test_answers_match_what_the_files_hold(crm_export: WriteExport) -> None:
    answer = route("salesforce-data-export").answers()
    archive = crm_export("salesforce-data-export")[0]
    deals = member(archive, "Opportunity.csv")
    assert sum(d["IsClosed"] == "0" for d in deals) == answer.open_deals == 20
    titles = {u["Email"]: u["Title"] for u in member(archive, "User.csv")}
    assert {titles[e] for e in answer.executive_levels} == {
        "CEO & Co-Founder",
        "EVP Global Sales",
        "Vice President, EMEA",
        "Vizepr\u00e4sident Vertrieb",
        "Chief Financial Officer",
    }
    assert answer.executive_levels["marcus.okafor@northwind.example"] == "SVP"
    assert len(answer.stalled_deals) == 9 and len(answer.reps) == 4
    assert route("salesforce-reports-no-ids").answers().ambiguous_account_names == (
        "Atlas Maschinenbau GmbH",
    )
    assert route("pipedrive").answers().skipped_deals == (
        "Orchard Health - Patient Flow (duplicate)",
    )
    later = route("hubspot").answers(time=2)
    assert later.open_deals == 19 and later.won_deals == 7 and later.lost_deals == 5
    moves = route("hubspot").changes()
    assert moves.won == ("Harbor & Pine - Embedded BI OEM",) and moves.new_deals == (
        "Müller & Söhne - Forecasting Add-on",
    )
    assert all(isinstance(m.at, datetime) for m in moves.stage_moves)
