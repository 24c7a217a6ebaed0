"""The accounts import's optional `domains` and `website` columns (for calendar capture)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import import_csv
from fieldvisit.store import create_workspace, open_workspace


def _import(tmp_path: Path, body: str, name: str = "accounts.csv") -> Path:
    db = tmp_path / "ws.fieldvisit"
    if not db.exists():
        create_workspace(db).close()
    csv = tmp_path / name
    csv.write_text(body, encoding="utf-8")
    with open_workspace(db) as ws:
        import_csv(ws, "accounts", csv)
    return db


def _domains(db: Path) -> list[tuple[str, str | None, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT external_id, domains, website FROM account ORDER BY external_id"
        ).fetchall()
    finally:
        conn.close()


def test_domains_and_websites_are_stored_as_plain_domains(tmp_path: Path) -> None:
    db = _import(
        tmp_path,
        "account_id,name,domains,website\n"
        'A1,Globex,"Globex.com; globex.de",https://www.globex.com/\n'
        "A2,Initech,,initech.com/about\n"
        "A3,Acme,,\n"
        "A4,Umbrella,,http://www2.umbrella.co.uk:8080/en\n",
    )
    assert _domains(db) == [
        ("A1", "globex.com;globex.de", "globex.com"),
        ("A2", None, "initech.com"),
        ("A3", None, None),
        ("A4", None, "umbrella.co.uk"),
    ]
    # A later file without the columns leaves them as they are.
    _import(tmp_path, "account_id,name\nA1,Globex Corp\n", "again.csv")
    assert _domains(db)[0] == ("A1", "globex.com;globex.de", "globex.com")


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (
            "website",
            "not a website",
            "'not a website' is not a website like https://www.globex.com/",
        ),
        ("domains", "globex.com;@@", "'@@' is not a domain like globex.com"),
    ],
)
def test_a_bad_domain_or_website_is_a_problem_naming_the_cell(
    tmp_path: Path, column: str, value: str, reason: str
) -> None:
    with pytest.raises(ImportProblem) as caught:
        _import(tmp_path, f"account_id,name,{column}\nA1,Globex,{value}\n")
    assert caught.value.problems == [f"accounts.csv:2:{column}: {reason}"]
