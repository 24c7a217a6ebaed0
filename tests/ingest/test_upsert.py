"""Re-importing is safe: upsert by external id, differences become history, dry runs write nothing."""

from __future__ import annotations

from datetime import date

import pytest

from fieldvisit.errors import Cancelled
from fieldvisit.ingest import import_csv
from fieldvisit.settings import load_rules
from fieldvisit.store import Workspace
from tests.ingest.conftest import BASE_FILES, TODAY, WriteCsv, count, dump
from tests.stored_rows import stored_rows

ACTIVITIES = """activity_id,type,occurred_on,deal_id,account_id,contact_ids,rep_email
X1,Call,2026-02-01,D1,,C1,ann@corp.example
X2,meeting,2026-02-03,,A2,C2,
X3,email,2026-02-04,D2,A2,,bob@corp.example
"""
VISITS = """visit_id,account_id,deal_id,executive_emails,rep_emails,contact_ids,start,end,location,mode,status
V1,A1,D1,CEO@corp.example,ann@corp.example,C1,2026-03-10T10:00:00+01:00,2026-03-10T11:30:00+01:00,Munich HQ,In Person,planned
V2,A2,,ceo@corp.example;vp@corp.example,,,2026-02-10T15:00:00Z,,,video,done
"""
STAGE_HISTORY = """deal_id,stage,entered_on
D1,Discovery,2025-11-01
D1,Proposal,2025-12-01
D1,Negotiation,2026-01-10
"""


def _rows(ws: Workspace, sql: str) -> list[tuple[object, ...]]:
    return stored_rows(ws, sql)


def test_first_import_stores_values_and_records_the_current_stage(seeded: Workspace) -> None:
    assert _rows(
        seeded,
        "SELECT external_id, stage, amount, currency, stage_entered_on, close_date, status, "
        "strategic FROM deal ORDER BY external_id",
    ) == [
        ("D1", "Negotiation", 250000.0, "EUR", "2026-01-10", "2026-04-30", "open", 1),
        ("D2", "Discovery", 40000.0, "USD", "2026-02-01", "2026-06-30", "open", 0),
    ]
    assert _rows(
        seeded,
        "SELECT d.external_id, s.stage, s.entered_on FROM stage_change s "
        "JOIN deal d ON d.id = s.deal_id ORDER BY 1",
    ) == [("D1", "Negotiation", "2026-01-10"), ("D2", "Discovery", "2026-02-01")]
    assert _rows(seeded, "SELECT email, decision_maker FROM contact ORDER BY 1") == [
        ("gus@globex.example", 0),
        ("hanna.huber@acme.example", 1),
    ]
    assert _rows(seeded, "SELECT email, level, tz FROM executive ORDER BY 1") == [
        ("ceo@corp.example", "C", "Europe/London"),
        ("vp@corp.example", "VP", "America/Chicago"),
    ]


def test_reimporting_every_kind_changes_nothing(seeded: Workspace, write_csv: WriteCsv) -> None:
    files = {
        **BASE_FILES,
        "activities": ACTIVITIES,
        "visits": VISITS,
        "stage-history": STAGE_HISTORY,
    }
    for kind in ("activities", "visits", "stage-history"):
        import_csv(seeded, kind, write_csv(f"{kind}.csv", files[kind]), today=TODAY)
    before = dump(seeded)
    for kind, text in files.items():
        report = import_csv(seeded, kind, write_csv(f"{kind}.csv", text), today=date(2026, 4, 1))
        assert (report.inserted, report.updated, report.history_entries) == (0, 0, 0), kind
        assert report.unchanged == report.rows
    assert dump(seeded) == before


def test_reimport_turns_a_stage_change_and_a_pushed_close_date_into_history(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    later = """deal_id,account_id,name,owner_email,stage,close_date
D1,A1,Acme expansion,ann@corp.example,closed won,2026-05-31
D2,A2,Globex pilot,bob@corp.example,Discovery,2026-06-15
"""
    report = import_csv(seeded, "deals", write_csv("deals.csv", later), today=date(2026, 3, 20))
    assert (report.updated, report.unchanged) == (2, 0)
    assert (report.stage_changes, report.close_date_pushes, report.close_date_pulls) == (1, 1, 1)
    assert _rows(
        seeded,
        "SELECT stage, status, stage_entered_on, amount FROM deal WHERE external_id = 'D1'",
    ) == [("Closed Won", "won", "2026-03-20", 250000.0)]  # no amount column: amount kept
    assert _rows(
        seeded,
        "SELECT stage, entered_on FROM stage_change WHERE deal_id = 1 ORDER BY entered_on",
    ) == [("Negotiation", "2026-01-10"), ("Closed Won", "2026-03-20")]
    assert _rows(
        seeded,
        "SELECT d.external_id, old_date, new_date, changed_on FROM close_date_change c "
        "JOIN deal d ON d.id = c.deal_id ORDER BY 1",
    ) == [
        ("D1", "2026-04-30", "2026-05-31", "2026-03-20"),
        ("D2", "2026-06-30", "2026-06-15", "2026-03-20"),
    ]
    again = import_csv(seeded, "deals", write_csv("deals.csv", later), today=date(2026, 3, 21))
    assert (again.updated, again.history_entries) == (0, 0)


def test_stage_entered_on_from_the_file_dates_the_stage_change(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    text = BASE_FILES["deals"].replace(
        "Discovery,40000,USD,2026-01-05,2026-02-01", "Proposal,40000,USD,2026-01-05,2026-02-20"
    )
    import_csv(seeded, "deals", write_csv("deals.csv", text), today=TODAY)
    assert _rows(
        seeded, "SELECT stage, entered_on FROM stage_change WHERE deal_id = 2 ORDER BY 2"
    ) == [
        ("Discovery", "2026-02-01"),
        ("Proposal", "2026-02-20"),
    ]


def test_dry_run_reports_what_would_change_and_writes_nothing(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    text = BASE_FILES["deals"].replace("Negotiation", "Mystery stage") + (
        "D3,A2,New deal,bob@corp.example,Proposal,10,USD,,,,,\n"
    )
    before = dump(seeded)
    report = import_csv(seeded, "deals", write_csv("deals.csv", text), dry_run=True, today=TODAY)
    assert report.dry_run
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 1)
    assert report.new_stages == ["Mystery stage"]
    assert "Dry run: nothing was written to the workspace." in report.lines()
    assert "would be added" in str(report)
    assert dump(seeded) == before


def test_unknown_stage_is_added_to_the_pipeline_before_the_closed_stages_with_a_warning(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    text = BASE_FILES["deals"].replace("Discovery", "Security review")
    report = import_csv(seeded, "deals", write_csv("deals.csv", text), today=TODAY)
    assert report.warnings == [
        "deals.csv:3:stage: unknown stage 'Security review' added to the workspace's pipeline "
        "before its closed stages (set the order with `fieldvisit pipeline --set`)"
    ]
    with seeded.connect() as conn:
        # Not after Closed Won/Lost: a deal moving into it must not count as going backwards.
        assert load_rules(conn).pipeline[-3:] == ["Security review", "Closed Won", "Closed Lost"]
    # a known stage in another case is stored in the pipeline's spelling, without a warning
    again = import_csv(
        seeded, "deals", write_csv("deals.csv", text.replace("Security review", "SECURITY REVIEW"))
    )
    assert again.warning_total == 0
    assert again.updated == 0


def test_stage_history_is_inserted_once(seeded: Workspace, write_csv: WriteCsv) -> None:
    path = write_csv("history.csv", STAGE_HISTORY)
    first = import_csv(seeded, "stage-history", path, today=TODAY)
    # D1 entering Negotiation on 2026-01-10 was already recorded by the deals import
    assert (first.inserted, first.unchanged) == (2, 1)
    second = import_csv(seeded, "stage-history", path, today=TODAY)
    assert (second.inserted, second.unchanged) == (0, 3)
    assert count(seeded, "stage_change") == 4


def test_activities_link_contacts_and_replace_them_on_update(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    import_csv(seeded, "activities", write_csv("a.csv", ACTIVITIES), today=TODAY)
    links = "SELECT a.external_id, c.external_id FROM activity_contact l JOIN activity a ON a.id = l.activity_id JOIN contact c ON c.id = l.contact_id ORDER BY 1, 2"
    assert _rows(seeded, links) == [("X1", "C1"), ("X2", "C2")]
    # an activity given only its deal belongs to the deal's account
    assert _rows(
        seeded, "SELECT type, account_id, rep_id FROM activity WHERE external_id = 'X1'"
    ) == [("call", 1, 1)]
    changed = ACTIVITIES.replace("X1,Call,2026-02-01,D1,,C1,", "X1,Call,2026-02-01,D1,,C1;C2,")
    report = import_csv(seeded, "activities", write_csv("a.csv", changed), today=TODAY)
    assert (report.updated, report.unchanged) == (1, 2)
    assert _rows(seeded, links) == [("X1", "C1"), ("X1", "C2"), ("X2", "C2")]


def test_visits_get_stable_calendar_uids_and_a_new_sequence_on_change(
    seeded: Workspace, write_csv: WriteCsv, workspace_path: object
) -> None:
    import_csv(seeded, "visits", write_csv("v.csv", VISITS), today=TODAY)
    rows = _rows(
        seeded,
        'SELECT external_id, start, "end", mode, status, internal_uid, external_uid, sequence '
        "FROM visit ORDER BY 1",
    )
    assert rows[0][:5] == (
        "V1",
        "2026-03-10 09:00:00.000000",
        "2026-03-10 10:30:00.000000",
        "in_person",
        "planned",
    )
    uids = [(r[5], r[6]) for r in rows]
    assert len({u for pair in uids for u in pair}) == 4
    assert _rows(
        seeded,
        "SELECT v.external_id, e.email FROM visit_executive l JOIN visit v ON v.id = l.visit_id "
        "JOIN executive e ON e.id = l.executive_id ORDER BY 1, 2",
    ) == [("V1", "ceo@corp.example"), ("V2", "ceo@corp.example"), ("V2", "vp@corp.example")]
    moved = VISITS.replace("2026-03-10T10:00:00+01:00", "2026-03-10T09:00:00+01:00")
    report = import_csv(seeded, "visits", write_csv("v.csv", moved), today=TODAY)
    assert (report.updated, report.unchanged) == (1, 1)
    after = _rows(
        seeded, "SELECT internal_uid, external_uid, sequence FROM visit ORDER BY external_id"
    )
    assert [(a, b) for a, b, _ in after] == uids
    assert [s for _, _, s in after] == [1, 0]

    # the same visit id in another workspace gets the same UIDs (derived from the id)
    from fieldvisit.ingest.upsert import visit_uids

    assert visit_uids("V1") == uids[0]


def test_cancel_rolls_everything_back(seeded: Workspace, write_csv: WriteCsv) -> None:
    before = dump(seeded)
    with pytest.raises(Cancelled):
        import_csv(
            seeded, "activities", write_csv("a.csv", ACTIVITIES), cancel=lambda: True, today=TODAY
        )
    assert dump(seeded) == before


def test_progress_is_reported_up_to_done(seeded: Workspace, write_csv: WriteCsv) -> None:
    rows = "".join(f"Y{i},note,2026-01-01,,A1,,\n" for i in range(12_000))
    seen: list[float] = []
    report = import_csv(
        seeded,
        "activities",
        write_csv("a.csv", ACTIVITIES.splitlines()[0] + "\n" + rows),
        progress=lambda fraction, _message: seen.append(fraction),
        today=TODAY,
    )
    assert report.inserted == 12_000
    assert seen == sorted(seen)
    assert len(seen) >= 3
    assert seen[-1] == 1.0


def test_deal_owner_can_be_given_by_name(seeded: Workspace, write_csv: WriteCsv) -> None:
    text = "deal_id,account_id,name,owner_email,stage\nD3,A1,Named,  bob  baker ,Proposal\n"
    import_csv(seeded, "deals", write_csv("d.csv", text), today=TODAY)
    assert _rows(seeded, "SELECT owner_rep_id FROM deal WHERE external_id = 'D3'") == [(2,)]
