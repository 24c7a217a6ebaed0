"""Hand-built CRM batches for engine tests: a small company as a reader would hand it over.

`company()` returns a Salesforce-like batch (users with titles, accounts, contacts, deals, stage
history, activities, a visit); tests change what they need before importing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fieldvisit.ingest.crm.batch import Batch, FileFinding, Origin, Record, User
from fieldvisit.store import Workspace
from tests.stored_rows import stored_rows

EXPORTED = datetime(2026, 6, 1, 7, 45, tzinfo=UTC)
TODAY = date(2026, 6, 1)


def at(text: str) -> datetime:
    """Return a UTC moment written like 2026-05-20 10:00."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def rec(file: str, row: int, values: dict[str, str], *, names: dict[str, str] | None = None,
        modified: str | None = None) -> Record:  # fmt: skip
    return Record(values, Origin(file, row), dict(names or {}), at(modified) if modified else None)


def company(crm: str = "salesforce", exported: datetime = EXPORTED) -> Batch:
    """Return a batch: 4 users (CEO, EVP, two reps, a system user), 3 accounts, 2 contacts,
    3 deals (one won), stage history, 2 activities and a meeting with the CEO."""
    b = Batch(crm, exported_at=exported)
    b.files = [
        FileFinding("User.csv", "users", 5),
        FileFinding("Account.csv", "accounts", 3),
        FileFinding("Opportunity.csv", "deals", 3),
    ]
    users = [
        ("U1", "Helena Brandt", "helena@northwind.example", "CEO & Co-Founder", False),
        ("U2", "Marcus Okafor", "marcus@northwind.example", "EVP Global Sales", False),
        ("U3", "Tom Becker", "tom@northwind.example", "Account Executive", False),
        ("U4", "Léa Moreau", "lea@northwind.example", "Senior Account Executive", False),
        ("S1", "Integration User", "noreply@salesforce.example", "", True),
    ]
    for row, (key, name, email, title, system) in enumerate(users, 2):
        b.users.append(User(key, name, email, title, system=system, origin=Origin("User.csv", row)))
    accounts = [
        ("A1", "Atlas Maschinenbau GmbH", "Stuttgart", "Germany", "U3"),
        ("A2", "Kestrel Logistics GmbH", "Hamburg", "Germany", "U3"),
        ("A3", "Café Lumière SARL", "Paris", "France", "U4"),
    ]
    for row, (key, name, city, country, owner) in enumerate(accounts, 2):
        b.add("accounts", rec("Account.csv", row, {"account_id": key, "name": name, "city": city,
              "country": country, "tier": "strategic"}, names={"owner_email": owner},
              modified="2026-05-01 09:00"))  # fmt: skip
    b.add("contacts", rec("Contact.csv", 2, {"contact_id": "C1", "account_id": "A1",
          "name": "Andreas Huber", "title": "CFO", "decision_maker": "1"}))  # fmt: skip
    b.add("contacts", rec("Contact.csv", 3, {"contact_id": "C2", "account_id": "A2",
          "name": "Greta Sand", "title": "COO"}))  # fmt: skip
    deals = [
        ("D1", "A1", "Atlas - Predictive Maintenance", "U3", "Proposal", "520000", "2026-02-10",
         "2026-08-08", "2026-05-20 10:00"),
        ("D2", "A2", "Kestrel - Fleet Telemetry", "U3", "Qualification", "265000", "2026-05-25",
         "2026-09-30", "2026-05-25 08:00"),
        ("D3", "A3", "Café - Loyalty Insights", "U4", "Closed Won", "90000", "2026-04-02",
         "2026-04-02", "2026-04-02 16:00"),
    ]  # fmt: skip
    for row, (key, acc, name, owner, stage, amount, entered, close, modified) in enumerate(
        deals, 2
    ):
        b.add("deals", rec("Opportunity.csv", row, {"deal_id": key, "account_id": acc,
              "name": name, "stage": stage, "amount": amount, "currency": "EUR",
              "created_on": "2026-01-15", "stage_entered_on": entered, "close_date": close},
              names={"owner_email": owner}, modified=modified))  # fmt: skip
    for row, (deal, stage, day) in enumerate(
        [("D1", "Prospecting", "2026-01-15"), ("D1", "Qualification", "2026-01-30"),
         ("D1", "Proposal", "2026-02-10")], 2):  # fmt: skip
        b.add("stage-history", rec("OpportunityHistory.csv", row,
              {"deal_id": deal, "stage": stage, "entered_on": day}))  # fmt: skip
    b.add("activities", rec("Task.csv", 2, {"activity_id": "T1", "type": "call",
          "occurred_on": "2026-03-01", "deal_id": "D1", "contact_ids": "C1"},
          names={"rep_email": "U3"}))  # fmt: skip
    b.add("activities", rec("Task.csv", 3, {"activity_id": "T2", "type": "email",
          "occurred_on": "2026-05-26", "deal_id": "D2"}, names={"rep_email": "U1"}))  # fmt: skip
    b.add("visits", rec("Event.csv", 2, {"visit_id": "E1", "account_id": "A2", "deal_id": "D2",
          "start": "2026-05-21 09:00:00", "status": "done", "executive_emails": "U1;U3"}))  # fmt: skip
    b.add("visits", rec("Event.csv", 3, {"visit_id": "E2", "account_id": "A1",
          "start": "2026-05-22 09:00:00", "status": "done", "executive_emails": "U3"}))  # fmt: skip
    b.stage_order = ["Prospecting", "Qualification", "Closed Won", "Closed Lost", "Proposal"]
    b.won_stages = {"Closed Won"}
    b.lost_stages = {"Closed Lost"}
    return b


def rows(ws: Workspace, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Return the rows of a query, as the workspace file holds them (either engine)."""
    return stored_rows(ws, sql, *params)
