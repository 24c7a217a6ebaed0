"""What became of suggestions: dismissals hold a deal back (until its stage changes or --undo),
and Impact's second measure compares stalled deals whose suggestion was acted on with the rest."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.planning import suggestion_board
from fieldvisit.planning.impact import suggestion_impact
from fieldvisit.planning.outcomes import record
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()
PERIOD_START = date(2026, 2, 16)  # the 90 days ending 30 days before AS_OF, as for visits
LONG_AGO = date(2025, 12, 1)


def stalled(b: Builder, acct: int, rep: int, ext: str) -> int:
    deal = b.deal(acct, rep, stage="Proposal", entered=LONG_AGO, created=LONG_AGO, external_id=ext)
    b.stage_change(deal, "Proposal", LONG_AGO)
    return deal


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_dismissed_deal_leaves_the_suggestions_until_undone_or_its_stage_changes(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example")
        rep, acct = b.rep("r@us.example"), b.account("Globex")
        deal = stalled(b, acct, rep, "D-1")
    db, as_of = workspace.label, AS_OF.isoformat()

    def board() -> tuple[list[str], list[tuple[str, str]]]:
        with workspace.connect() as conn:
            found, held = suggestion_board(conn, AS_OF, RULES)
        return [s.deal.deal_id for s in found], [(h.deal.deal_id, h.detail) for h in held]

    assert board() == (["D-1"], [])
    code, _, err = run(capsys, "--db", db, "dismiss", "--deal", "D-1", "--as-of", as_of)
    assert code != 0 and "Say why" in err
    code, out, _ = run(
        capsys, "--db", db, "dismiss", "--deal", "D-1", "--reason", "Reorg", "--as-of", as_of
    )
    assert code == 0 and "Dismissed the suggestion for D-1: Reorg" in out
    assert board() == ([], [("D-1", "Dismissed on 15 Jun as not relevant: Reorg")])

    code, out, _ = run(capsys, "--db", db, "dismiss", "--deal", "D-1", "--undo")
    assert code == 0 and board()[0] == ["D-1"]
    code, _, err = run(capsys, "--db", db, "dismiss", "--deal", "D-1", "--undo")
    assert code != 0 and "no dismissed suggestion" in err

    run(capsys, "--db", db, "dismiss", "--deal", "D-1", "--reason", "Reorg", "--as-of", as_of)
    with workspace.begin() as conn:  # the deal moves on: the dismissal no longer holds
        conn.execute(text("UPDATE deal SET stage = 'Discovery' WHERE id = :d"), {"d": deal})
    assert board()[1] == []


def test_acted_on_against_not_acted_on_with_what_became_of_the_rest(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    acted_day = PERIOD_START + timedelta(days=20)
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep, acct = b.executive("ceo@us.example"), b.rep("r@us.example"), b.account("Globex")
        planned = stalled(b, acct, rep, "PLANNED")
        record(conn, planned, "planned", acted_day, executive_pk=ceo)
        b.stage_change(planned, "Negotiation", acted_day + timedelta(days=12))
        planned_late = stalled(b, acct, rep, "PLANNED-LATE")
        record(conn, planned_late, "planned", acted_day)
        b.stage_change(planned_late, "Negotiation", acted_day + timedelta(days=31))
        snoozed = stalled(b, acct, rep, "SNOOZED")
        record(conn, snoozed, "snoozed", acted_day, reason="budget")
        b.stage_change(snoozed, "Negotiation", PERIOD_START + timedelta(days=5))
        dismissed = stalled(b, acct, rep, "DISMISSED")
        record(conn, dismissed, "dismissed", acted_day, reason="reorg")
        stalled(b, acct, rep, "IGNORED")
        outside = stalled(b, acct, rep, "AFTER")  # acted on after the period: not acted in it
        record(conn, outside, "planned", AS_OF - timedelta(days=5))

        found = suggestion_impact(conn, AS_OF, RULES)
    assert (found.acted.n, found.acted.advanced) == (2, 1)
    assert (found.not_acted.n, found.not_acted.advanced) == (4, 1)
    assert (found.snoozed, found.dismissed, found.ignored) == (1, 1, 2)

    code, out, _ = run(capsys, "--db", workspace.label, "impact", "--as-of", "2026-06-15")
    assert code == 0
    assert "Suggestion acted on" in out and "1 snoozed, 1 dismissed, 2 ignored" in out
    code, out, _ = run(capsys, "--db", workspace.label, "impact", "--as-of", "2026-06-15", "--json")
    shown = json.loads(out)["suggestions"]
    assert shown["acted_on"] == {"n": 2, "advanced": 1, "rate": 0.5}
    assert shown["not_acted_on_by_outcome"] == {"snoozed": 1, "dismissed": 1, "ignored": 2}


def test_planning_and_snoozing_record_what_became_of_the_suggestion(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example")
        rep, acct = b.rep("r@us.example"), b.account("Globex")
        stalled(b, acct, rep, "D-PLAN")
        stalled(b, acct, rep, "D-SNOOZE")
    db, as_of = workspace.label, AS_OF.isoformat()
    assert run(capsys, "--db", db, "plan", "--deal", "D-PLAN", "--as-of", as_of)[0] == 0
    code, _, err = run(
        capsys, "--db", db, "snooze", "--deal", "D-SNOOZE", "--until", "2026-07-01",
        "--reason", "budget freeze", "--as-of", as_of,
    )  # fmt: skip
    assert code == 0, err
    with workspace.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT d.external_id, o.outcome, o.reason, o.visit_id IS NOT NULL, "
            "o.executive_id IS NOT NULL FROM suggestion_outcome o JOIN deal d ON d.id = o.deal_id "
            "ORDER BY d.external_id"
        ).all()
    assert [tuple(r) for r in rows] == [
        ("D-PLAN", "planned", "", 1, 1),
        ("D-SNOOZE", "snoozed", "budget freeze", 0, 0),
    ]
