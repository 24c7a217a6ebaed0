"""The command line: capture-calendar, capture-review and capture-settings as a person runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.capture.capture_builders import CASEY, attendee, dump, event, ics, make_workspace, visits
from tests.cli_runs import digest, run_fv, stderr_lines

CALENDAR = ics(
    event("m1", "20260601T150000Z", "20260601T160000Z", attendees=("anna@globex.com",)),
    event(
        "pair",
        "20260602T150000Z",
        "20260602T160000Z",
        attendees=("ada@acme.com", "uma@umbrella.com"),
    ),
    event(
        "tent",
        "20260603T150000Z",
        "20260603T160000Z",
        organizer="ian@initech.com",
        attendees=(attendee(CASEY, "TENTATIVE"), "ian@initech.com"),
    ),
    event("internal", "20260604T150000Z", "20260604T160000Z", attendees=()),
    event("future", "20260701T150000Z", "20260701T160000Z", attendees=("newbie@acme.com",)),
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_capture_calendar_json_then_review_and_settle(db: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "Calendar.ics"
    calendar.write_bytes(CALENDAR)
    base = ("capture-calendar", "--exec", CASEY.upper(), str(calendar), "--as-of", "2026-06-15")
    before = digest(db)
    dry = run_fv(db, *base, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["new"] == 2 and digest(db) == before

    done = run_fv(db, *base, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {k: report[k] for k in ("new", "updated", "merged", "cancelled")} == {
        "new": 2, "updated": 0, "merged": 0, "cancelled": 0,
    }  # fmt: skip
    assert report["skipped"] == {"internal": 1}
    assert [{k: r[k] for k in ("uid", "start", "reason", "domains")} for r in report["review"]] == [
        {"uid": "pair", "start": "2026-06-02T15:00:00+00:00", "reason": "several_accounts",
         "domains": ["acme.com", "umbrella.com"]},
        {"uid": "tent", "start": "2026-06-03T15:00:00+00:00", "reason": "tentative",
         "domains": ["initech.com"]},
    ]  # fmt: skip
    statuses = {v["account"]: v["status"] for v in visits(db)}
    assert statuses == {"A1": "done", "A3": "planned"}

    listed = run_fv(db, "capture-review")
    assert listed.returncode == 0
    assert "its attendees match more than one account" in listed.stdout
    assert "accounts: Acme (A3), Umbrella (A4)" in listed.stdout

    assigned = run_fv(db, "capture-review", "--assign", "pair", "A4", "--json")
    assert assigned.returncode == 0, assigned.stderr
    assert json.loads(assigned.stdout) == {
        "settled": 1,
        "new": 1,
        "merged": 0,
        "visits": ["V000003"],
    }
    ignored = run_fv(db, "capture-review", "--ignore-domain", "initech.com")
    assert ignored.returncode == 0 and ignored.stdout.startswith("Settled 1 meeting")
    assert json.loads(run_fv(db, "capture-review", "--json").stdout)["count"] == 0

    people = run_fv(db, "capture-review", "--new-people")
    assert "newbie@acme.com" in people.stdout
    added = run_fv(db, "capture-review", "--add-contact", "V000002", "newbie@acme.com")
    assert added.returncode == 0 and "is now contact C000007" in added.stdout
    gone = run_fv(db, "capture-review", "--did-not-happen", "V000001")
    assert gone.returncode == 0 and "did not happen" in gone.stdout

    again = run_fv(db, *base, "--json")
    assert json.loads(again.stdout)["new"] == 0 and json.loads(again.stdout)["review"] == []
    assert {v["external_id"]: v["status"] for v in visits(db)}["V000001"] == "cancelled"


def test_errors_are_one_line_and_change_nothing(db: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.ics"
    page.write_text("<html>Sign in</html>", encoding="utf-8")
    before = dump(db)
    bad = run_fv(db, "capture-calendar", "--exec", CASEY, str(page))
    assert bad.returncode == 1
    assert stderr_lines(bad) == [
        "fieldvisit: page.ics is not an iCalendar (.ics) file; nothing was captured."
    ]
    nobody = run_fv(db, "capture-calendar", "--exec", "who@northwind.example", str(page))
    assert stderr_lines(nobody) == [
        "fieldvisit: No executive with the e-mail 'who@northwind.example' in this workspace."
    ]
    nothing = run_fv(db, "capture-calendar", "--exec", CASEY)
    assert nothing.returncode == 1 and "No calendar given for" in nothing.stderr
    both = run_fv(db, "capture-calendar", "--exec", CASEY, str(page), "--caldav", "http://x/")
    assert both.returncode == 1 and "not both" in both.stderr
    unknown = run_fv(db, "capture-review", "--assign", "nope", "A1")
    assert stderr_lines(unknown) == [
        "fieldvisit: No meeting with the UID 'nope' is waiting for review."
    ]
    assert dump(db) == before


def test_capture_settings_remember_a_source_and_our_domains(db: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "Calendar.ics"
    calendar.write_bytes(CALENDAR)
    setting = run_fv(
        db, "capture-settings", "--exec", CASEY, "--source", str(calendar),
        "--company-domains", "northwind.example; northwind-labs.example", "--json",
    )  # fmt: skip
    assert setting.returncode == 0, setting.stderr
    stored = json.loads(setting.stdout)
    assert stored["company_domains"] == ["northwind.example", "northwind-labs.example"]
    assert stored["calendar_sources"] == {CASEY: {"path": str(calendar.resolve())}}
    captured = run_fv(db, "capture-calendar", "--exec", CASEY, "--as-of", "2026-06-15", "--json")
    assert captured.returncode == 0, captured.stderr
    assert json.loads(captured.stdout)["new"] == 2
