"""CRM exports import as they come out of Salesforce, HubSpot and Pipedrive."""

from __future__ import annotations

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import import_csv
from fieldvisit.store import Workspace
from tests.ingest.conftest import BASE_FILES, TODAY, WriteCsv, dump
from tests.stored_rows import stored_rows

DEAL_COLUMNS = (
    "SELECT external_id, a.external_id, d.name, r.email, stage, amount, currency, created_on, "
    "stage_entered_on, close_date, status FROM deal d JOIN account a ON a.id = d.account_id "
    "JOIN rep r ON r.id = d.owner_rep_id ORDER BY 1"
)


def _deals(ws: Workspace) -> list[tuple[object, ...]]:
    return stored_rows(ws, DEAL_COLUMNS.replace("SELECT external_id", "SELECT d.external_id"))


@pytest.fixture
def with_reps(workspace: Workspace, write_csv: WriteCsv) -> Workspace:
    import_csv(workspace, "reps", write_csv("reps.csv", BASE_FILES["reps"]), today=TODAY)
    return workspace


def test_salesforce_report_export(with_reps: Workspace, write_csv: WriteCsv) -> None:
    accounts = (
        '"Account Owner","Account Name","Type","Billing City","Billing State/Province",'
        '"Billing Country","Industry","Account ID"\n'
        '"Ann Archer","Acme GmbH","Customer","München","Bayern","Germany","Manufacturing",'
        '"0015g00000ABCDEAA1"\n'
    )
    report = import_csv(
        with_reps, "accounts", write_csv("accounts.csv", accounts), preset="salesforce"
    )
    assert report.inserted == 1
    assert report.warnings == [
        "accounts.csv:1: columns not used for accounts, ignored: Type, Billing State/Province"
    ]
    contacts = (
        '"Contact ID","Account ID","First Name","Last Name","Title","Email","Mailing City"\n'
        '"0035g00000XYZAAA1","0015g00000ABCDEAA1","Hanna","Huber","CFO","H.Huber@acme.example","München"\n'
    )
    import_csv(with_reps, "contacts", write_csv("contacts.csv", contacts), preset="salesforce")
    deals = (
        '"Opportunity Owner","Account Name","Opportunity Name","Stage","Fiscal Period","Amount",'
        '"Probability (%)","Close Date","Created Date","Closed","Won","Opportunity ID","Account ID"\n'
        '"Ann Archer","Acme GmbH","Acme expansion","Negotiation/Review","Q2-2026","250000",'
        '"90","4/30/2026","11/1/2025","0","0","0065g00000OPP1AAA","0015g00000ABCDEAA1"\n'
        '"Bob Baker","Acme GmbH","Acme renewal","Closed Won","Q1-2026","80000.50",'
        '"100","1/15/2026","10/3/2025","1","1","0065g00000OPP2AAA","0015g00000ABCDEAA1"\n'
    )
    report = import_csv(
        with_reps, "deals", write_csv("deals.csv", deals), preset="salesforce", today=TODAY
    )
    assert report.inserted == 2
    assert report.new_stages == ["Negotiation/Review"]
    assert _deals(with_reps) == [
        ("0065g00000OPP1AAA", "0015g00000ABCDEAA1", "Acme expansion", "ann@corp.example",
         "Negotiation/Review", 250000.0, None, "2025-11-01", "2026-03-01", "2026-04-30", "open"),
        ("0065g00000OPP2AAA", "0015g00000ABCDEAA1", "Acme renewal", "bob@corp.example",
         "Closed Won", 80000.5, None, "2025-10-03", "2026-03-01", "2026-01-15", "won"),
    ]  # fmt: skip
    with with_reps.connect() as conn:
        assert conn.exec_driver_sql("SELECT name, email FROM contact").all() == [
            ("Hanna Huber", "h.huber@acme.example")
        ]


def test_salesforce_data_loader_export(with_reps: Workspace, write_csv: WriteCsv) -> None:
    import_csv(
        with_reps,
        "accounts",
        write_csv("a.csv", '"ID","NAME"\n"001A","Acme"\n'),
        preset="salesforce",
    )
    deals = (
        '"ID","ACCOUNTID","NAME","STAGENAME","AMOUNT","CURRENCYISOCODE","CLOSEDATE","CREATEDDATE",'
        '"ISCLOSED","ISWON","OWNER.EMAIL"\n'
        '"006A","001A","Acme lost","Closed Lost","1200.0","EUR","2026-02-28",'
        '"2025-12-01T09:15:00.000Z","true","false","Bob@Corp.example"\n'
    )
    import_csv(with_reps, "deals", write_csv("d.csv", deals), preset="salesforce", today=TODAY)
    assert _deals(with_reps) == [
        ("006A", "001A", "Acme lost", "bob@corp.example", "Closed Lost", 1200.0, "EUR",
         "2025-12-01", "2026-03-01", "2026-02-28", "lost"),
    ]  # fmt: skip


def test_salesforce_day_first_dates_are_refused_not_guessed(
    with_reps: Workspace, write_csv: WriteCsv
) -> None:
    import_csv(
        with_reps,
        "accounts",
        write_csv("a.csv", '"ID","NAME"\n"001A","Acme"\n'),
        preset="salesforce",
    )
    deals = (
        '"Opportunity ID","Account ID","Opportunity Name","Stage","Close Date","Opportunity Owner"\n'
        '"006A","001A","Acme","Prospecting","30/04/2026","Ann Archer"\n'
    )
    before = dump(with_reps)
    with pytest.raises(ImportProblem) as refused:
        import_csv(with_reps, "deals", write_csv("d.csv", deals), preset="salesforce")
    assert refused.value.problems == [
        "d.csv:2:Close Date: '30/04/2026' is not a date like 2026-03-14"
    ]
    assert dump(with_reps) == before


def test_hubspot_export(with_reps: Workspace, write_csv: WriteCsv) -> None:
    companies = (
        "Record ID,Company name,Company owner,Create Date,Phone Number,City,Country/Region,Industry\n"
        "9001,Globex,Bob Baker,2025-06-01 09:12,+1 312 555 0100,Chicago,United States,RETAIL\n"
        "9002,Initech,Ann Archer,2025-06-02 10:00,,Austin,United States,COMPUTER_SOFTWARE\n"
    )
    import_csv(with_reps, "accounts", write_csv("companies.csv", companies), preset="hubspot")
    contacts = (
        "Record ID,First Name,Last Name,Email,Job Title,Associated Company IDs\n"
        "501,Gus,Grant,gus@globex.example,IT Manager,9001\n"
    )
    import_csv(with_reps, "contacts", write_csv("contacts.csv", contacts), preset="hubspot")
    deals = (
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,Pipeline,"
        "Associated Company IDs\n"
        "7001,Globex pilot,contractsent,2026-04-30,Bob Baker,40000,2026-01-05 10:22,Sales Pipeline,9001\n"
        "7002,Initech deal,Closed Won (Sales Pipeline),2026-01-31,Ann Archer,15000,2025-12-01 08:00,"
        "Sales Pipeline,9002;9001\n"
        "7003,Globex lost,closedlost,2026-02-01,ann@corp.example,,2025-11-01 08:00,Sales Pipeline,9001\n"
    )
    report = import_csv(
        with_reps, "deals", write_csv("deals.csv", deals), preset="hubspot", today=TODAY
    )
    assert report.inserted == 3
    assert _deals(with_reps) == [
        ("7001", "9001", "Globex pilot", "bob@corp.example", "Contract Sent", 40000.0, None,
         "2026-01-05", "2026-03-01", "2026-04-30", "open"),
        ("7002", "9002", "Initech deal", "ann@corp.example", "Closed Won", 15000.0, None,
         "2025-12-01", "2026-03-01", "2026-01-31", "won"),
        ("7003", "9001", "Globex lost", "ann@corp.example", "Closed Lost", None, None,
         "2025-11-01", "2026-03-01", "2026-02-01", "lost"),
    ]  # fmt: skip
    assert report.new_stages == ["Contract Sent"]


def test_pipedrive_export(with_reps: Workspace, write_csv: WriteCsv) -> None:
    orgs = (
        '"Organization - ID","Organization - Name","Organization - Owner",'
        '"Organization - City/town of Address","Organization - Country of Address"\n'
        '"12","Umbrella AG","Ann Archer","Berlin","Germany"\n'
    )
    import_csv(with_reps, "accounts", write_csv("orgs.csv", orgs), preset="pipedrive")
    people = (
        '"Person - ID","Person - Name","Person - Email - Work","Organization - ID"\n'
        '"77","Ida Ivers","ida@umbrella.example, ida.private@mail.example","12"\n'
    )
    import_csv(with_reps, "contacts", write_csv("people.csv", people), preset="pipedrive")
    deals = (
        '"Deal - ID","Deal - Title","Deal - Creator","Deal - Owner","Deal - Value",'
        '"Deal - Currency","Deal - Organization","Organization - ID","Deal - Stage",'
        '"Deal - Status","Deal - Deal created","Deal - Expected close date",'
        '"Deal - Last stage change"\n'
        '"301","Umbrella rollout","Ann Archer","Ann Archer","99000","EUR","Umbrella AG","12",'
        '"Proposal Made","open","2026-01-05 10:22:11","2026-05-15","2026-02-10 16:00:00"\n'
        '"302","Umbrella old","Ann Archer","Ann Archer","5","EUR","Umbrella AG","12",'
        '"Qualified","deleted","2025-01-05 10:22:11","","2025-02-10 16:00:00"\n'
    )
    report = import_csv(
        with_reps, "deals", write_csv("deals.csv", deals), preset="pipedrive", today=TODAY
    )
    assert (report.rows, report.inserted, report.skipped) == (2, 1, 1)
    assert "deals.csv:3: a deleted deal; left out" in report.warnings
    assert _deals(with_reps) == [
        ("301", "12", "Umbrella rollout", "ann@corp.example", "Proposal Made", 99000.0, "EUR",
         "2026-01-05", "2026-02-10", "2026-05-15", "open"),
    ]  # fmt: skip
    with with_reps.connect() as conn:
        assert conn.exec_driver_sql("SELECT email FROM contact").all() == [
            ("ida@umbrella.example",)
        ]
        assert conn.exec_driver_sql("SELECT city, tz FROM account").all() == [
            ("Berlin", "Europe/Berlin")
        ]


def test_preset_problems_name_the_exports_own_column(
    with_reps: Workspace, write_csv: WriteCsv
) -> None:
    deals = "Record ID,Deal Name,Deal Stage,Deal owner,Amount,Associated Company IDs\n7001,X,closedwon,Bob Baker,12k,404\n"
    with pytest.raises(ImportProblem) as refused:
        import_csv(with_reps, "deals", write_csv("deals.csv", deals), preset="hubspot")
    assert refused.value.problems == [
        "deals.csv:2:Associated Company IDs: no account '404' in the workspace (import accounts first)",
        "deals.csv:2:Amount: '12k' is not a number like 1234.5",
    ]


def test_preset_without_a_map_for_the_kind_says_which_kinds_it_reads(
    with_reps: Workspace, write_csv: WriteCsv
) -> None:
    with pytest.raises(ImportProblem, match="The hubspot preset reads deals, accounts, contacts"):
        import_csv(with_reps, "visits", write_csv("v.csv", "a\n1\n"), preset="hubspot")


def test_preset_file_missing_a_required_column_says_which_headers_would_do(
    with_reps: Workspace, write_csv: WriteCsv
) -> None:
    deals = "Record ID,Deal Name,Deal Stage,Associated Company IDs\n7001,X,closedwon,404\n"
    with pytest.raises(ImportProblem) as refused:
        import_csv(with_reps, "deals", write_csv("deals.csv", deals), preset="hubspot")
    assert refused.value.problems == [
        "deals.csv:1:owner_email: this required column is missing "
        "(the hubspot preset reads it from 'deal owner email' or 'deal owner')"
    ]
