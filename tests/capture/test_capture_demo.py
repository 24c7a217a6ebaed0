"""Outlook, Google and Apple calendars captured into the small demo: every case as expected, and
coverage, the heat map and suggestions moving as a person checking by hand would expect."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from fieldvisit.capture import CaptureReport, FileSource, capture
from fieldvisit.errors import CalendarProblem
from fieldvisit.planning import coverage, held_deals, suggest_visits
from fieldvisit.settings import load_rules
from fieldvisit.store import open_workspace
from tests.capture.calendars.bad import BAD_INPUTS, write_bad_inputs
from tests.capture.calendars.cases import CASES
from tests.capture.calendars.expected import Expected, Scenario, scenario
from tests.capture.capture_builders import dump, event, ics
from tests.ui.demo_files import AS_OF, small_demo_copy

NOW = datetime.combine(AS_OF, time(12), UTC)
# The test data names the review reasons by the cases; the capture's words for them.
REVIEW_REASON = {"two_accounts": "several_accounts"}


def _capture_all(sc: Scenario, files: dict[str, list[Path]]) -> dict[str, CaptureReport]:
    reports = {}
    for email, paths in files.items():
        for path in paths:
            with open_workspace(sc.workspace) as ws:
                reports[path.name] = capture(ws, email, FileSource(path), now=NOW)
    return reports


def _query(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)


def _visits_of(db: Path, uids: list[str]) -> list[sqlite3.Row]:
    marks = ",".join("?" * len(uids))
    return _query(
        db,
        "SELECT v.*, (SELECT group_concat(e.email) FROM visit_executive ve JOIN executive e "
        "ON e.id = ve.executive_id WHERE ve.visit_id = v.id) AS execs, "
        "(SELECT group_concat(c.email) FROM visit_contact vc JOIN contact c "
        "ON c.id = vc.contact_id WHERE vc.visit_id = v.id) AS contacts, "
        "(SELECT group_concat(p.email) FROM captured_person p WHERE p.visit_id = v.id) AS people, "
        "(SELECT group_concat(DISTINCT c.reason) FROM captured_event c "
        " WHERE c.visit_id = v.id AND c.uid IN (" + marks + ")) AS reasons "
        "FROM visit v WHERE v.id IN (SELECT visit_id FROM captured_event WHERE uid IN ("
        + marks
        + ")) ORDER BY v.start",
        *uids,
        *uids,
    )


def _split(value: str | None) -> set[str]:
    return set(value.split(",")) if value else set()


def _check_captured(db: Path, sc: Scenario, exp: Expected) -> None:
    case = exp.case
    found = _visits_of(db, list(exp.uids.values()))
    assert found, f"{case.key}: no visit"
    assert {v["account_id"] for v in found} == {exp.account.id}, case.key  # type: ignore[union-attr]
    if case.capture == "merged":
        assert [v["id"] for v in found] == [sc.cast.merge_visit.id], case.key
        assert set(exp.executives) <= _split(found[0]["execs"]), case.key
        return
    got = [(_utc(v["start"]), _utc(v["end"]), v["status"]) for v in found]
    assert got == [(x.start, x.end, x.status) for x in exp.visits], case.key
    for v in found:
        assert v["mode"] == case.mode, case.key
        assert _split(v["execs"]) == set(exp.executives), case.key
        assert _split(v["contacts"]) == set(exp.contacts), case.key
        assert _split(v["people"]) == set(exp.new_people), case.key
        if case.private:
            assert (v["objective"], v["location"]) == (None, None), case.key
        reason = str(v["reasons"])
        if case.rule == "contact_email":
            assert reason.startswith("contact "), (case.key, reason)
        elif case.rule == "domain":
            assert reason.startswith("domain ") and "(" not in reason.split(" is ")[0], reason
        elif case.rule == "subdomain":
            assert reason.startswith("domain ") and "(" in reason.split(" is ")[0], reason


def _review_rows(db: Path, uids: list[str]) -> list[sqlite3.Row]:
    marks = ",".join("?" * len(uids))
    return _query(
        db, f"SELECT reason, facts, state FROM capture_review WHERE uid IN ({marks})", *uids
    )


def _check_review(db: Path, exp: Expected) -> None:
    case = exp.case
    rows = _review_rows(db, list(exp.uids.values()))
    assert [r["state"] for r in rows] == ["open"], case.key
    facts = json.loads(rows[0]["facts"])
    assert rows[0]["reason"] == REVIEW_REASON.get(str(case.reason), case.reason), case.key
    assert set(facts["candidates"]) == {a.id for a in exp.accounts}, case.key
    assert facts["domains"] == list(exp.domains), case.key
    assert _visits_of(db, list(exp.uids.values())) == [], case.key


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    db = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "small.fieldvisit")
    return scenario(db, AS_OF)


def test_every_case_of_three_calendars_and_a_second_capture_later(
    demo: Scenario, tmp_path: Path
) -> None:
    db = demo.workspace
    reports = _capture_all(demo, demo.write(tmp_path / "first", 1))
    skipped: Counter[str] = Counter()
    for report in reports.values():
        skipped.update(report.skipped)
    expected = demo.all_expected()
    checked: Counter[str] = Counter()
    for key, exp in expected.items():
        checked[exp.case.outcome] += 1
        case = exp.case
        if case.outcome == "captured":
            _check_captured(db, demo, exp)
        elif case.outcome == "review":
            _check_review(db, exp)
        elif case.outcome == "skipped":
            assert skipped[str(case.reason)] >= 1, key
            assert _visits_of(db, list(exp.uids.values())) == [], key
            assert not _review_rows(db, list(exp.uids.values())), key

    assert checked == Counter(c.outcome for c in CASES)

    # Captured again, the same files change nothing.
    before = dump(db)
    again = _capture_all(demo, demo.write(tmp_path / "again", 1))
    assert all(not r.changed for r in again.values()), {k: r.as_json() for k, r in again.items()}
    assert dump(db) == before

    # Exported again a day later: a moved meeting moved its visit, a deleted one cancelled it.
    _capture_all(demo, demo.write(tmp_path / "second", 2))
    for exp in expected.values():
        if exp.case.time2 is None:
            continue
        found = _visits_of(db, list(exp.uids.values()))
        if exp.time2_visits == ():
            assert [v["status"] for v in found] == ["cancelled"], exp.case.key
        else:
            assert exp.time2_visits is not None
            got = [(_utc(v["start"]), _utc(v["end"]), v["status"]) for v in found]
            assert got == [(x.start, x.end, x.status) for x in exp.time2_visits], exp.case.key


def test_coverage_heat_map_and_suggestions_move_as_expected(demo: Scenario, tmp_path: Path) -> None:
    db = demo.workspace
    with open_workspace(db) as ws, ws.connect() as conn:
        rules = load_rules(conn)
        cov_before = coverage(conn, AS_OF, rules)
        suggested_before = {s.deal.deal_pk for s in suggest_visits(conn, AS_OF, rules)}
    _capture_all(demo, demo.write(tmp_path / "first", 1))
    with open_workspace(db) as ws, ws.connect() as conn:
        cov_after = coverage(conn, AS_OF, rules)
        suggested_after = {s.deal.deal_pk for s in suggest_visits(conn, AS_OF, rules)}
        held = {h.deal.deal_pk: h for h in held_deals(conn, AS_OF, rules)}

    # By hand: each new done visit in the last 30 days adds one to each executive counted on it.
    first_day = AS_OF - timedelta(days=29)
    added: Counter[str] = Counter()
    weekly: Counter[str] = Counter()
    weeks = cov_after.heat_map.weeks
    latest: dict[int, datetime] = {}
    for exp in demo.all_expected().values():
        if exp.case.outcome != "captured" or exp.case.capture == "merged":
            continue
        for v in exp.visits:
            if v.status != "done":
                continue
            assert exp.account is not None
            latest[exp.account.id] = max(latest.get(exp.account.id, v.start), v.start)
            for email in exp.executives:
                if first_day <= v.start.date() <= AS_OF:
                    added[email] += 1
                if weeks[0] <= v.start.date() < weeks[-1] + timedelta(days=7):
                    weekly[email] += 1
    before = {e.email: e for e in cov_before.executives}
    for e in cov_after.executives:
        assert e.visits_30d == before[e.email].visits_30d + added[e.email], e.email
    rows_before = {r.email: sum(r.counts) for r in cov_before.heat_map.rows}
    for row in cov_after.heat_map.rows:
        assert sum(row.counts) == rows_before[row.email] + weekly[row.email], row.email
    accounts_before = {a.account_pk: a for a in cov_before.strategic_accounts}
    for a in cov_after.strategic_accounts:
        if a.account_pk in latest:
            previous = accounts_before[a.account_pk].last_exec_visit_on
            assert a.last_exec_visit_on == max(
                filter(None, [previous, latest[a.account_pk].date()])
            )
        else:
            assert a.last_exec_visit_on == accounts_before[a.account_pk].last_exec_visit_on

    # A deal with a captured planned executive visit is held as planned, not suggested.
    planned = _query(
        db,
        "SELECT DISTINCT v.deal_id FROM visit v JOIN captured_event c ON c.visit_id = v.id "
        "WHERE v.status = 'planned' AND v.deal_id IS NOT NULL",
    )
    planned_deals = {r["deal_id"] for r in planned}
    assert planned_deals, "the scenario plans visits on deals"
    assert not planned_deals & suggested_after
    for deal_pk in planned_deals & suggested_before:
        assert held[deal_pk].status == "planned"
    assert suggested_after <= suggested_before

    # The suggested executive's calendar: a meeting booked with a stalled deal's customer holds
    # the deal as planned; a meeting held last week with another ends its "no executive touch".
    with open_workspace(db) as ws, ws.connect() as conn:
        board = suggest_visits(conn, AS_OF, rules)
        single = {
            r[0] for r in conn.exec_driver_sql(
                "SELECT account_id FROM deal WHERE status = 'open' GROUP BY account_id "
                "HAVING count(*) = 1"
            )
        }  # fmt: skip
        booked, touched = [
            s for s in board
            if s.deal.account_pk in single
            and any(x.code == "no_exec_touch" for x in s.deal.signals)
        ][:2]  # fmt: skip
        emails = {
            a: conn.exec_driver_sql(
                f"SELECT email FROM contact WHERE account_id = {a} ORDER BY id LIMIT 1"
            ).scalar()
            for a in (booked.deal.account_pk, touched.deal.account_pk)
        }
    soon = (AS_OF + timedelta(days=3)).strftime("%Y%m%dT150000Z")
    soon_end = (AS_OF + timedelta(days=3)).strftime("%Y%m%dT160000Z")
    last = (AS_OF - timedelta(days=5)).strftime("%Y%m%dT150000Z")
    last_end = (AS_OF - timedelta(days=5)).strftime("%Y%m%dT160000Z")
    for choice, start, end, uid in (
        (booked, soon, soon_end, "booked"),
        (touched, last, last_end, "touched"),
    ):
        calendar = tmp_path / f"{uid}.ics"
        calendar.write_bytes(
            ics(event(uid, start, end, organizer=choice.executive.email,
                      attendees=(emails[choice.deal.account_pk],)))
        )  # fmt: skip
        with open_workspace(db) as ws:
            report = capture(ws, choice.executive.email, FileSource(calendar), now=NOW)
        assert report.new == 1, report.as_json()
    with open_workspace(db) as ws, ws.connect() as conn:
        board = {s.deal.deal_pk: s for s in suggest_visits(conn, AS_OF, rules)}
        held = {h.deal.deal_pk: h for h in held_deals(conn, AS_OF, rules)}
    assert booked.deal.deal_pk not in board
    assert held[booked.deal.deal_pk].status == "planned"
    signals = board[touched.deal.deal_pk].deal.signals if touched.deal.deal_pk in board else ()
    assert "no_exec_touch" not in {x.code for x in signals}


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=[b.name for b in BAD_INPUTS])
def test_bad_files_name_the_file_and_event_and_change_nothing(
    demo: Scenario, tmp_path: Path, bad: object
) -> None:
    files = write_bad_inputs(tmp_path / "bad")
    path = files[bad.name]  # type: ignore[attr-defined]
    before = dump(demo.workspace)
    owner = demo.owner("outlook").email
    with open_workspace(demo.workspace) as ws, pytest.raises(CalendarProblem) as caught:
        capture(ws, owner, FileSource(path), now=NOW)
    message = str(caught.value)
    assert "\n" not in message and path.name in message
    if bad.uid:  # type: ignore[attr-defined]
        assert bad.uid in message  # type: ignore[attr-defined]
    assert dump(demo.workspace) == before
