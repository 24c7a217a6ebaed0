"""A bad file is refused with file, row and column named, and the workspace stays exactly as it was."""

from __future__ import annotations

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import import_csv
from fieldvisit.store import Workspace
from tests.ingest.conftest import TODAY, WriteCsv, dump

DEALS_HEADER = "deal_id,account_id,name,owner_email,stage,amount,close_date\n"

# (kind, file text, a line the refusal must list)
BAD_FILES = {
    "missing required column": (
        "deals",
        "deal_id,account_id,name,stage\nD9,A1,New deal,Proposal\n",
        "bad.csv:1:owner_email: this required column is missing",
    ),
    "bad date": (
        "deals",
        DEALS_HEADER + "D9,A1,New,ann@corp.example,Proposal,100,2026-02-30\n",
        "bad.csv:2:close_date: '2026-02-30' is not a real date",
    ),
    "date in another format": (
        "deals",
        DEALS_HEADER + "D9,A1,New,ann@corp.example,Proposal,100,14/03/2026\n",
        "bad.csv:2:close_date: '14/03/2026' is not a date like 2026-03-14",
    ),
    "non-numeric amount": (
        "deals",
        DEALS_HEADER + "D9,A1,New,ann@corp.example,Proposal,12abc,2026-05-01\n",
        "bad.csv:2:amount: '12abc' is not a number like 1234.5",
    ),
    "amount with a thousands separator": (
        "deals",
        DEALS_HEADER + 'D9,A1,New,ann@corp.example,Proposal,"1,234.50",2026-05-01\n',
        "bad.csv:2:amount: '1,234.50' is not a number like 1234.5 (write 1234.5",
    ),
    "unknown enum value": (
        "accounts",
        "account_id,name,tier\nA9,Initech,platinum\n",
        "bad.csv:2:tier: 'platinum' is not one of strategic, key, standard",
    ),
    "duplicate id in one file": (
        "deals",
        DEALS_HEADER
        + "D9,A1,New,ann@corp.example,Proposal,100,2026-05-01\n"
        + "D8,A1,Other,ann@corp.example,Proposal,100,2026-05-01\n"
        + "D9,A2,Again,bob@corp.example,Proposal,100,2026-05-01\n",
        "bad.csv:4:deal_id: duplicate id 'D9': row 2 has it too",
    ),
    "missing account": (
        "deals",
        DEALS_HEADER + "D9,A404,New,ann@corp.example,Proposal,100,2026-05-01\n",
        "bad.csv:2:account_id: no account 'A404' in the workspace (import accounts first)",
    ),
    "missing deal": (
        "stage-history",
        "deal_id,stage,entered_on\nD404,Proposal,2026-01-01\n",
        "bad.csv:2:deal_id: no deal 'D404' in the workspace (import deals first)",
    ),
    "missing contact": (
        "activities",
        "activity_id,type,occurred_on,deal_id,contact_ids\nX1,call,2026-02-01,D1,C1;C404\n",
        "bad.csv:2:contact_ids: no contact 'C404' in the workspace (import contacts first)",
    ),
    "missing executive": (
        "visits",
        "visit_id,account_id,executive_emails,start\n"
        "V1,A1,ceo@corp.example;cto@corp.example,2026-03-10T10:00:00+01:00\n",
        "bad.csv:2:executive_emails: no executive 'cto@corp.example' in the workspace",
    ),
    "missing rep": (
        "deals",
        DEALS_HEADER + "D9,A1,New,zed@corp.example,Proposal,100,2026-05-01\n",
        "bad.csv:2:owner_email: no rep with e-mail 'zed@corp.example' in the workspace",
    ),
    "missing rep on an activity": (
        "activities",
        "activity_id,type,occurred_on,account_id,rep_email\nX1,call,2026-02-01,A1,zed@corp.example\n",
        "bad.csv:2:rep_email: no rep 'zed@corp.example' in the workspace (import reps first)",
    ),
    "date-time that is not one": (
        "visits",
        "visit_id,account_id,executive_emails,start\nV1,A1,ceo@corp.example,2026-03-10T25:00:00\n",
        "bad.csv:2:start: '2026-03-10T25:00:00' is not a date-time like 2026-03-14T09:30:00+01:00",
    ),
    "visit ending before it starts": (
        "visits",
        "visit_id,account_id,executive_emails,start,end\n"
        "V1,A1,ceo@corp.example,2026-03-10T10:00:00Z,2026-03-10T09:00:00Z\n",
        "bad.csv:2:end: ends before it starts",
    ),
    "visit without executives": (
        "visits",
        "visit_id,account_id,executive_emails,start\nV1,A1, ; ,2026-03-10T10:00:00Z\n",
        "bad.csv:2:executive_emails: needs at least one executive",
    ),
    "unbalanced quote": (
        "deals",
        DEALS_HEADER
        + "D9,A1,New,ann@corp.example,Proposal,100,2026-05-01\n"
        + 'D8,A1,"Broken,ann@corp.example,Proposal,100,2026-05-01\n'
        + "D7,A1,Fine,ann@corp.example,Proposal,100,2026-05-01\n",
        "bad.csv:3: a quoted cell starting here (line 3 of the file) never ends: unbalanced quote",
    ),
    "stray quote inside a cell": (
        "deals",
        DEALS_HEADER + 'D9,A1,"New" deal,ann@corp.example,Proposal,100,2026-05-01\n',
        "bad.csv:2: a quote inside a cell is not doubled (line 2 of the file)",
    ),
    "row with too many cells": (
        "deals",
        DEALS_HEADER + "D9,A1,New,ann@corp.example,Proposal,1,234.5,2026-05-01\n",
        "bad.csv:2: has 8 cells but the header has 7",
    ),
    "empty required cell": (
        "deals",
        DEALS_HEADER + "D9,A1,,ann@corp.example,Proposal,100,2026-05-01\n",
        "bad.csv:2:name: is empty; a value is required",
    ),
    "bad yes/no": (
        "contacts",
        "contact_id,account_id,name,decision_maker\nC9,A1,Ida,maybe\n",
        "bad.csv:2:decision_maker: 'maybe' is not yes or no",
    ),
    "bad e-mail": (
        "reps",
        "email,name\nnot-an-address,Zed\n",
        "bad.csv:2:email: 'not-an-address' is not an e-mail address",
    ),
    "unknown manager": (
        "reps",
        "email,name,manager_email\ncy@corp.example,Cy,nobody@corp.example\n",
        "bad.csv:2:manager_email: no rep or executive 'nobody@corp.example'",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_file_is_refused_with_row_and_column_and_changes_nothing(
    case: str, seeded: Workspace, write_csv: WriteCsv
) -> None:
    kind, text, expected = BAD_FILES[case]
    before = dump(seeded)
    with pytest.raises(ImportProblem) as refused:
        import_csv(seeded, kind, write_csv("bad.csv", text), today=TODAY)
    assert any(line.startswith(expected) for line in refused.value.problems), refused.value.problems
    assert str(refused.value).startswith("bad.csv: ")
    assert str(refused.value).endswith("nothing was imported.")
    assert dump(seeded) == before


def test_good_rows_before_a_bad_one_are_not_written(seeded: Workspace, write_csv: WriteCsv) -> None:
    """All or nothing: 12,000 good rows followed by one bad row leave no trace."""
    rows = [f"X{i},call,2026-02-01,D1" for i in range(12_000)]
    rows.append("X-bad,call,2026-02-31,D1")
    path = write_csv("acts.csv", "activity_id,type,occurred_on,deal_id\n" + "\n".join(rows))
    before = dump(seeded)
    with pytest.raises(ImportProblem) as refused:
        import_csv(seeded, "activities", path, today=TODAY)
    assert refused.value.problems == [
        "acts.csv:12002:occurred_on: '2026-02-31' is not a real date "
        "(expected a date like 2026-03-14)"
    ]
    assert dump(seeded) == before


def test_twenty_five_bad_rows_list_twenty_and_count_all(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    rows = "".join(
        f"D{i},A1,Deal {i},ann@corp.example,Proposal,lots,2026-05-01\n" for i in range(25)
    )
    before = dump(seeded)
    with pytest.raises(ImportProblem) as refused:
        import_csv(seeded, "deals", write_csv("deals.csv", DEALS_HEADER + rows), today=TODAY)
    assert len(refused.value.problems) == 20
    assert refused.value.total == 25
    assert str(refused.value) == "deals.csv: 25 problems; nothing was imported."
    assert refused.value.problems[0] == "deals.csv:2:amount: 'lots' is not a number like 1234.5"
    assert dump(seeded) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf  \r\n\r\n", "is empty"),
        (DEALS_HEADER.encode(), "has a header but no data rows"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00",
            "is not a CSV text file",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00workbook", "is not a CSV text file (it looks like an Excel"),
        (b"deal_id,name\n" + bytes(range(1, 32)) * 4, "is not a CSV text file"),
        (b"deal_id,name\nD1,\x81\x8d\x8f\x90\xc3\n", "is neither UTF-8 nor Windows-1252"),
    ],
    ids=["empty", "blank", "header only", "png", "xlsx", "control bytes", "undecodable"],
)
def test_file_that_is_not_csv_text_is_refused(
    content: bytes, reason: str, seeded: Workspace, write_csv: WriteCsv
) -> None:
    before = dump(seeded)
    with pytest.raises(ImportProblem) as refused:
        import_csv(seeded, "deals", write_csv("in.csv", content), today=TODAY)
    assert str(refused.value).startswith(f"in.csv: {reason}")
    assert dump(seeded) == before


def test_missing_file_and_unknown_kind_are_clear(seeded: Workspace, write_csv: WriteCsv) -> None:
    with pytest.raises(ImportProblem, match="nowhere.csv: does not exist"):
        import_csv(seeded, "deals", write_csv("x.csv", "a\n1\n").parent / "nowhere.csv")
    with pytest.raises(ImportProblem, match="'opportunities' is not a kind of import file"):
        import_csv(seeded, "opportunities", write_csv("y.csv", "a\n1\n"))
