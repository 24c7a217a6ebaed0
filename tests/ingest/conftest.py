"""Fixtures for import tests: CSV files written on the spot, a seeded workspace, table dumps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from fieldvisit.ingest import import_csv
from fieldvisit.store import Workspace
from tests.advisory_waits import team_database_maker  # noqa: F401  (a fixture)
from tests.ingest.crm.fixtures import crm_export  # noqa: F401  (the CRM export routes)
from tests.stored_rows import dump

__all__ = ["dump"]

TODAY = date(2026, 3, 1)

BASE_FILES = {
    "reps": """email,name,region,manager_email
ann@corp.example,Ann Archer,EMEA,
bob@corp.example,Bob Baker,NA,ann@corp.example
""",
    "executives": """email,name,title,level,home_city,home_country,region,monthly_visit_target
ceo@corp.example,Cleo Chen,CEO,C,London,GB,EMEA,4
vp@corp.example,Vic Park,VP Sales,VP,Chicago,US,NA,6
""",
    "accounts": """account_id,name,industry,city,country,tier,owner_email
A1,Acme,Manufacturing,Munich,DE,strategic,ann@corp.example
A2,Globex,Retail,Chicago,US,key,bob@corp.example
""",
    "contacts": """contact_id,account_id,name,title,email,seniority,decision_maker
C1,A1,Hanna Huber,CFO,Hanna.Huber@Acme.example,C,yes
C2,A2,Gus Grant,IT Manager,gus@globex.example,Manager,no
""",
    "deals": """deal_id,account_id,name,owner_email,stage,amount,currency,created_on,stage_entered_on,close_date,status,strategic
D1,A1,Acme expansion,ann@corp.example,Negotiation,250000,EUR,2025-11-01,2026-01-10,2026-04-30,open,yes
D2,A2,Globex pilot,bob@corp.example,Discovery,40000,USD,2026-01-05,2026-02-01,2026-06-30,open,no
""",
}

WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Return a function writing a CSV file (text in an encoding, or raw bytes) into tmp_path."""

    def write(
        name: str, content: str | bytes, encoding: str = "utf-8", newline: str = "\n"
    ) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.replace("\n", newline).encode(encoding))
        return path

    return write


def count(ws: Workspace, table: str) -> int:
    with ws.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)


@pytest.fixture
def seeded(workspace: Workspace, write_csv: WriteCsv) -> Workspace:
    """A workspace holding two reps, two executives, two accounts, two contacts, two deals."""
    for kind in ("reps", "executives", "accounts", "contacts", "deals"):
        import_csv(workspace, kind, write_csv(f"{kind}.csv", BASE_FILES[kind]), today=TODAY)
    return workspace
