"""Files as spreadsheets really save them: Excel's code page, a BOM, semicolons, CRLF, line breaks."""

from __future__ import annotations

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import import_csv
from fieldvisit.store import Workspace
from tests.ingest.conftest import TODAY, WriteCsv
from tests.stored_rows import stored_rows


def _accounts(ws: Workspace) -> dict[str, tuple[object, ...]]:
    rows = stored_rows(
        ws,
        "SELECT external_id, name, industry, city, country, tier, lat IS NOT NULL, tz FROM account",
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def test_excel_cp1252_file_with_accents_and_euro_sign(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    text = "account_id;name;industry;city;country\nA3;Société Générale;Banque €;Zürich;CH\n"
    path = write_csv("accounts.csv", text, encoding="cp1252", newline="\r\n")
    report = import_csv(seeded, "accounts", path, today=TODAY)
    assert report.inserted == 1
    assert _accounts(seeded)["A3"] == (
        "Société Générale",
        "Banque €",
        "Zürich",
        "CH",
        "standard",
        1,
        "Europe/Zurich",
    )


def test_utf8_file_with_bom_and_mixed_case_header(seeded: Workspace, write_csv: WriteCsv) -> None:
    text = "\ufeff Account_ID ,NAME,City,Country,Tier\nA3,Łódź Tools,Łódź,Poland,KEY\n"
    report = import_csv(seeded, "accounts", write_csv("accounts.csv", text), today=TODAY)
    assert report.inserted == 1
    assert report.warning_total == 0
    assert _accounts(seeded)["A3"][:5] == ("Łódź Tools", None, "Łódź", "Poland", "key")


def test_semicolons_with_commas_inside_cells(seeded: Workspace, write_csv: WriteCsv) -> None:
    text = "account_id;name;industry\nA3;Wayne, Inc.;Defense, aerospace\nA4;Stark;Energy\n"
    report = import_csv(seeded, "accounts", write_csv("accounts.csv", text), today=TODAY)
    assert report.inserted == 2
    assert _accounts(seeded)["A3"][:2] == ("Wayne, Inc.", "Defense, aerospace")


def test_tab_separated_file(seeded: Workspace, write_csv: WriteCsv) -> None:
    text = "account_id\tname\nA3\tTabbed Ltd\n"
    assert import_csv(seeded, "accounts", write_csv("a.csv", text), today=TODAY).inserted == 1


def test_crlf_file_with_a_quoted_line_break_counts_spreadsheet_rows(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    text = (
        "account_id,name,industry\n"
        'A3,"Multi\nLine Corp",Retail\n'
        "A4,Trailing Corp,Retail,\n"  # a trailing empty cell is fine
        "A5,Fine Corp,Retail\n"
    )
    path = write_csv("accounts.csv", text, newline="\r\n")
    report = import_csv(seeded, "accounts", path, today=TODAY)
    assert report.rows == 3
    assert _accounts(seeded)["A3"][0] == "Multi\r\nLine Corp"
    # rows are counted as a spreadsheet shows them: the quoted line break stays in row 2
    bad = write_csv(
        "bad.csv",
        'account_id,name,tier\nA6,"Two\nlines",key\nA7,Next,gold\n',
        newline="\r\n",
    )
    with pytest.raises(ImportProblem) as refused:
        import_csv(seeded, "accounts", bad, today=TODAY)
    assert refused.value.problems == [
        "bad.csv:3:tier: 'gold' is not one of strategic, key, standard"
    ]


def test_unknown_columns_are_ignored_with_one_warning(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    # (Website and domains are read since calendar capture; Phone and Employees are not.)
    text = "account_id,name,Phone,Employees\nA3,Initech,+1 512 555 0100,200\n"
    report = import_csv(seeded, "accounts", write_csv("accounts.csv", text), today=TODAY)
    assert report.inserted == 1
    assert report.warnings == [
        "accounts.csv:1: columns not used for accounts, ignored: Phone, Employees"
    ]


def test_unknown_city_is_a_warning_not_an_error(seeded: Workspace, write_csv: WriteCsv) -> None:
    text = "account_id,name,city,country\nA3,Initech,Atlantis,US\nA4,Hooli,Chicago,US\n"
    report = import_csv(seeded, "accounts", write_csv("accounts.csv", text), today=TODAY)
    assert report.inserted == 2
    assert report.warnings == [
        "accounts.csv:2:city: unknown city 'Atlantis' (US); kept without coordinates"
    ]
    accounts = _accounts(seeded)
    assert accounts["A3"][5:] == (0, None)
    assert accounts["A4"][5:] == (1, "America/Chicago")


def test_blank_lines_at_the_end_are_not_rows(seeded: Workspace, write_csv: WriteCsv) -> None:
    text = "account_id,name\nA3,Initech\n\n,\n\n"
    report = import_csv(seeded, "accounts", write_csv("accounts.csv", text), today=TODAY)
    assert (report.rows, report.inserted) == (1, 1)
