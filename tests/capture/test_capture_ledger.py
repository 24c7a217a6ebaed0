"""Captured meetings in the ledger: idempotent, honest about changes, never duplicated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fieldvisit.capture import did_not_happen
from fieldvisit.planning import plan_visit, visit_pk_for
from tests.capture.capture_builders import (
    CASEY,
    NOW,
    ROBIN,
    attendee,
    dump,
    event,
    ics,
    rows,
    run,
    visits,
)
from tests.either_engine import reopen


def _meetings(*, moved: bool = False, deleted: bool = False) -> bytes:
    found = [
        event("past", "20260601T150000Z", "20260601T160000Z", attendees=("anna@globex.com",)),
        event(
            "future",
            "20260622T150000Z" if moved else "20260620T150000Z",
            "20260622T160000Z" if moved else "20260620T160000Z",
            attendees=("ada@acme.com",),
        ),
        event("last", "20260630T150000Z", "20260630T160000Z", attendees=("uma@umbrella.com",)),
    ]
    if not deleted:
        found.insert(
            1,
            event("doomed", "20260605T150000Z", "20260605T160000Z", attendees=("ian@initech.com",)),
        )
    return ics(*found)


def test_capturing_the_same_file_again_changes_nothing(db: Path) -> None:
    first = run(db, _meetings())
    assert first.new == 4
    before = dump(db)
    again = run(db, _meetings())
    assert (again.new, again.updated, again.merged, again.cancelled, again.unchanged) == (
        0,
        0,
        0,
        0,
        4,
    )
    assert dump(db) == before


def test_a_moved_meeting_moves_its_visit_and_a_deleted_one_cancels_it(db: Path) -> None:
    run(db, _meetings())
    report = run(db, _meetings(moved=True, deleted=True))
    assert (report.updated, report.cancelled) == (1, 1)
    by_account = {v["account"]: v for v in visits(db)}
    assert by_account["A3"]["start"] == "2026-06-22 15:00:00.000000"
    assert by_account["A3"]["sequence"] == 1
    assert by_account["A2"]["status"] == "cancelled"
    # A deleted meeting that comes back brings its visit back.
    back = run(db, _meetings(moved=True))
    assert back.updated == 1
    assert {v["account"]: v["status"] for v in visits(db)}["A2"] == "done"


def test_deletions_count_only_inside_the_window_read(db: Path) -> None:
    run(db, _meetings())
    # An export of June 10 onwards says nothing about June 5.
    later = ics(
        event("future", "20260620T150000Z", "20260620T160000Z", attendees=("ada@acme.com",)),
        event("last", "20260630T150000Z", "20260630T160000Z", attendees=("uma@umbrella.com",)),
    )
    assert run(db, later).cancelled == 0
    # Asked for June 1-30, the same file says the meetings of June 1 and 5 are gone.
    assert run(db, later, since=date(2026, 6, 1), until=date(2026, 6, 30)).cancelled == 2


def test_a_meeting_cancelled_in_the_calendar_cancels_its_visit(db: Path) -> None:
    run(db, _meetings())
    cancelled = _meetings().replace(b"UID:doomed\r\n", b"UID:doomed\r\nSTATUS:CANCELLED\r\n")
    report = run(db, cancelled)
    assert report.cancelled == 1 and report.skipped == {"cancelled": 1}


def test_a_visit_planned_in_the_app_is_merged_into_and_never_cancelled_by_a_capture(
    db: Path,
) -> None:
    with reopen(db) as ws, ws.begin() as conn:
        deal = conn.exec_driver_sql("SELECT id FROM deal WHERE external_id = 'D1'").scalar()
        casey = conn.exec_driver_sql(f"SELECT id FROM executive WHERE email = '{CASEY}'").scalar()
        pk = plan_visit(
            conn,
            deal_pk=deal,
            executive_pks=[casey],
            rep_pks=[],
            contact_pks=[],
            start=datetime(2026, 6, 20, 14, 30, tzinfo=UTC),
            minutes=90,
        )
    meeting = ics(
        event("m", "20260620T150000Z", "20260620T160000Z", attendees=("anna@globex.com",))
    )
    report = run(db, meeting)
    assert (report.new, report.merged) == (0, 1)
    (visit,) = visits(db)
    assert visit["id"] == pk and visit["contacts"] == ["C1"]
    assert visit["start"] == "2026-06-20 14:30:00.000000"  # the app's time stays
    gone = run(db, ics(event("other", "20260621T150000Z", "20260621T160000Z", attendees=(ROBIN,))),
               since=date(2026, 6, 1), until=date(2026, 6, 30))  # fmt: skip
    assert gone.cancelled == 0
    assert visits(db)[0]["status"] == "planned"


def test_a_visit_imported_from_csv_is_merged_into(db: Path, tmp_path: Path) -> None:
    from fieldvisit.ingest import import_csv

    csv = tmp_path / "visits.csv"
    csv.write_text(
        "visit_id,account_id,executive_emails,start,end,status\n"
        f"V900001,A3,{CASEY},2026-06-03T08:00:00Z,2026-06-03T10:00:00Z,done\n",
        encoding="utf-8",
    )
    with reopen(db) as ws:
        import_csv(ws, "visits", csv)
    report = run(
        db, ics(event("m", "20260603T090000Z", "20260603T100000Z", attendees=("otto@acme.de",)))
    )
    assert report.merged == 1
    (visit,) = visits(db)
    assert visit["external_id"] == "V900001" and visit["contacts"] == ["C4"]


def test_the_same_meeting_in_two_executives_calendars_is_one_visit(
    db: Path, tmp_path: Path
) -> None:
    shared = event(
        "shared-uid",
        "20260608T150000Z",
        "20260608T160000Z",
        attendees=("anna@globex.com", attendee(ROBIN)),
    )
    assert run(db, ics(shared), CASEY, name="casey.ics").new == 1
    assert run(db, ics(shared), ROBIN, name="robin.ics").merged == 1
    (visit,) = visits(db)
    assert visit["executives"] == sorted([CASEY, ROBIN])
    # Two invitations (two UIDs) with the same start and the same people from outside: one visit.
    casey = event("uid-1", "20260609T150000Z", "20260609T160000Z", attendees=("ada@acme.com",))
    robin = event("uid-2", "20260609T150000Z", "20260609T161500Z", organizer=ROBIN,
                  attendees=("ada@acme.com",))  # fmt: skip
    run(db, ics(casey), CASEY, name="casey2.ics")
    assert run(db, ics(robin), ROBIN, name="robin2.ics").merged == 1
    assert len(visits(db)) == 2
    # Both calendars captured again: nothing changes.
    before = dump(db)
    run(db, ics(shared), CASEY, name="casey.ics")
    run(db, ics(shared), ROBIN, name="robin.ics")
    assert dump(db) == before


def test_a_meeting_field_visit_invited_to_is_that_visit(db: Path) -> None:
    with reopen(db) as ws, ws.begin() as conn:
        deal = conn.exec_driver_sql("SELECT id FROM deal WHERE external_id = 'D4'").scalar()
        robin = conn.exec_driver_sql(f"SELECT id FROM executive WHERE email = '{ROBIN}'").scalar()
        pk = plan_visit(conn, deal_pk=deal, executive_pks=[robin], rep_pks=[], contact_pks=[],
                        start=datetime(2026, 6, 25, 15, tzinfo=UTC), minutes=60)  # fmt: skip
        uid = conn.exec_driver_sql(f"SELECT external_uid FROM visit WHERE id = {pk}").scalar()
    # Casey was added to the invite in the calendar, at another time than planned.
    run(db, ics(event(uid, "20260626T090000Z", "20260626T100000Z", attendees=("ian@initech.com",))))
    (visit,) = visits(db)
    assert visit["executives"] == sorted([CASEY, ROBIN])


def test_a_dry_run_changes_nothing(db: Path) -> None:
    before = dump(db)
    report = run(db, _meetings(), dry_run=True)
    assert report.new == 4 and report.dry_run
    assert dump(db) == before


def test_it_did_not_happen_cancels_a_captured_past_visit_for_good(db: Path) -> None:
    from fieldvisit.debriefs import debriefs_due

    run(db, _meetings())
    with reopen(db) as ws, ws.connect() as conn:
        due = debriefs_due(conn, NOW.date())
    assert [d.account_name for d in due] == ["Initech", "Globex"]
    with reopen(db) as ws, ws.begin() as conn:
        did_not_happen(conn, visit_pk_for(conn, "V000001"), now=NOW)
    assert run(db, _meetings()).updated == 0
    assert visits(db)[0]["status"] == "cancelled"
    with reopen(db) as ws, ws.connect() as conn:
        assert [d.account_name for d in debriefs_due(conn, NOW.date())] == ["Initech"]


def test_a_planned_captured_visit_becomes_done_once_its_time_has_passed(db: Path) -> None:
    run(db, _meetings())
    assert {v["account"]: v["status"] for v in visits(db)}["A3"] == "planned"
    from fieldvisit.capture import FileSource, capture

    with reopen(db) as ws:
        capture(ws, CASEY, FileSource(db.parent / "calendar.ics"),
                now=datetime(2026, 6, 21, tzinfo=UTC))  # fmt: skip
    assert {v["account"]: v["status"] for v in visits(db)}["A3"] == "done"
    assert rows(db, "SELECT count(*) FROM captured_event WHERE gone = TRUE") == [(0,)]


def test_progress_is_told_and_a_cancel_changes_nothing(db: Path) -> None:
    from fieldvisit.errors import Cancelled

    told: list[float] = []
    run(db, _meetings(), progress=lambda fraction, message: told.append(fraction))
    assert told == sorted(told) and told[-1] == 1.0 and len(told) >= 4
    before = dump(db)
    for late in (1, 2, 3):
        calls = iter(range(100))

        def cancel(late: int = late, calls: Iterator[int] = calls) -> bool:
            return next(calls) >= late

        with pytest.raises(Cancelled, match="Capture cancelled; nothing was changed."):
            run(db, _meetings(moved=True, deleted=True), cancel=cancel)
        assert dump(db) == before
