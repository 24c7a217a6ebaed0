"""A travel copy for the plane: taken from a team workspace on PostgreSQL, debriefed offline,
synced back (idempotently), conflicts caught and settled by the user."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.debriefs.data import DebriefData
from fieldvisit.debriefs.records import load_debrief, save_debrief
from fieldvisit.planning.actions import set_visit_status
from fieldvisit.store.opening import open_workspace
from tests.planning.builders import AS_OF, Builder
from tests.travel.team_rows import Team, copy_of, sync, team_rows, visit_pk, write_debrief


def test_one_executives_copy_holds_only_their_accounts_with_the_teams_ids(
    team: Team, tmp_path: Path
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    with open_workspace(out) as ws, ws.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT name FROM account"))] == ["Acme"]
        assert {r[0] for r in conn.execute(text("SELECT external_id FROM visit"))} == {
            "V-Acme-1",
            "V-Acme-2",
        }
        source = json.loads(
            conn.execute(text("SELECT value FROM setting WHERE key = 'travel.source'")).scalar_one()
        )
    assert (
        source == team.url
        and "@" in source
        and ":" not in source.split("@")[0].removeprefix("postgresql://")
    )
    ids = team_rows(
        team, "SELECT id, external_id FROM visit WHERE external_id LIKE 'V-Acme-%' ORDER BY 1"
    )
    with open_workspace(out) as ws, ws.connect() as conn:
        assert [
            tuple(r) for r in conn.execute(text("SELECT id, external_id FROM visit ORDER BY 1"))
        ] == ids


def test_a_whole_org_copy_holds_every_account_and_plans_offline(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of(team, tmp_path / "org.fieldvisit")
    with open_workspace(out) as ws, ws.connect() as conn:
        assert sorted(r[0] for r in conn.execute(text("SELECT name FROM account"))) == [
            "Acme",
            "Beta",
        ]
    capsys.readouterr()
    assert main(["--db", str(out), "suggest", "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_a_debrief_written_offline_arrives_after_sync_and_a_second_sync_changes_nothing(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", "They want the pilot in July")
    capsys.readouterr()
    assert sync(out, "--pending") == 0
    assert "new debrief: visit V-Acme-1 at Acme on 2026-06-12" in capsys.readouterr().out

    assert sync(out) == 0
    assert "Pushed 1 change" in capsys.readouterr().out
    summary = team_rows(
        team,
        "SELECT d.summary, n.text, f.category FROM debrief d JOIN visit v ON v.id = d.visit_id "
        "JOIN next_step n ON n.debrief_id = d.id JOIN debrief_friction f ON f.debrief_id = d.id "
        "WHERE v.external_id = 'V-Acme-1'",
    )
    assert summary == [("They want the pilot in July", "Send the proposal", "pricing")]
    snapshot = "SELECT 'd', id, row_version FROM debrief UNION ALL SELECT 'v', id, row_version FROM visit UNION ALL SELECT 'l', id, 0 FROM change_log ORDER BY 1, 2"
    before = team_rows(team, snapshot)
    assert sync(out, "--pending") == 0
    assert "Nothing to push" in capsys.readouterr().out
    assert sync(out) == 0
    assert "Pushed 0 changes" in capsys.readouterr().out
    assert team_rows(team, snapshot) == before


def test_a_visit_marked_done_offline_is_pushed(team: Team, tmp_path: Path) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    with open_workspace(out) as ws:
        pk = visit_pk(ws, "V-Acme-2")
        with ws.begin() as conn:
            set_visit_status(conn, pk, "cancelled")
    assert sync(out) == 0
    assert team_rows(
        team, "SELECT status, sequence, trip_id FROM visit WHERE external_id = 'V-Acme-2'"
    ) == [("cancelled", 1, None)]  # a new SEQUENCE, so calendars drop the event
    assert team_rows(
        team, "SELECT action, entity FROM change_log WHERE entity_key = 'V-Acme-2'"
    ) == [("synced", "visit")]


def _conflicting(team: Team, out: Path) -> None:
    """The copy and the team both change the debrief of V-Acme-1 after the copy was taken."""
    write_debrief(out, "V-Acme-1", "Mine: the pilot in July")
    with team.open() as ws:
        save_debrief(
            ws, DebriefData(visit_id=visit_pk(ws, "V-Acme-1"), summary="Theirs: no budget")
        )


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_conflict_is_reported_not_overwritten_and_settled_by_the_user(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str], keep: str
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    _conflicting(team, out)
    with open_workspace(out) as ws:
        pk = visit_pk(ws, "V-Acme-2")
        with ws.begin() as conn:
            set_visit_status(conn, pk, "done")
    capsys.readouterr()
    assert sync(out) == 1
    said = capsys.readouterr().out
    assert "Conflict: debrief of visit V-Acme-1 at Acme changed on both sides" in said
    assert "Pushed 1 change" in said  # the visit's status went, the conflict did not
    assert team_rows(team, "SELECT status FROM visit WHERE external_id = 'V-Acme-2'") == [("done",)]
    theirs_summary = "SELECT d.summary FROM debrief d JOIN visit v ON v.id = d.visit_id WHERE v.external_id = 'V-Acme-1'"
    assert team_rows(team, theirs_summary) == [("Theirs: no budget",)]
    with open_workspace(out) as ws, ws.connect() as conn:
        assert load_debrief(conn, visit_pk(ws, "V-Acme-1")).summary == "Mine: the pilot in July"  # type: ignore[union-attr]
    assert sync(out) == 1  # still a conflict until settled

    assert sync(out, "--resolve", "V-Acme-1", "--keep", keep) == 0
    wanted = "Mine: the pilot in July" if keep == "mine" else "Theirs: no budget"
    assert team_rows(team, theirs_summary) == [(wanted,)]
    with open_workspace(out) as ws, ws.connect() as conn:
        assert load_debrief(conn, visit_pk(ws, "V-Acme-1")).summary == wanted  # type: ignore[union-attr]
    capsys.readouterr()
    assert sync(out, "--pending") == 0
    assert "Nothing to push" in capsys.readouterr().out


def test_a_travel_copy_never_overwrites_a_file(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ana.fieldvisit"
    out.write_bytes(b"my notes")
    assert main(["--db", team.url, "travel-copy", "-o", str(out)]) == 1
    assert "already exists; a travel copy never overwrites a file" in capsys.readouterr().err
    assert out.read_bytes() == b"my notes"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ana")) == [
        "ana.fieldvisit"
    ]


def test_a_copy_without_the_network_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ana.fieldvisit"
    url = "postgresql://fv_app@no-such-host.invalid:5432/fieldvisit"
    assert main(["--db", url, "travel-copy", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("fieldvisit: postgresql://fv_app@no-such-host.invalid")
    assert "team database" in err and "no-such-host.invalid" in err
    assert not out.exists()


def test_a_visit_planned_offline_is_added_to_the_team_with_its_debrief_even_when_its_id_was_taken(
    team: Team, tmp_path: Path
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    with open_workspace(out) as ws, ws.begin() as conn:
        acme = conn.execute(text("SELECT id FROM account WHERE name = 'Acme'")).scalar_one()
        ana = conn.execute(
            text("SELECT id FROM executive WHERE email = :e"), {"e": team.ana}
        ).scalar_one()
        Builder(conn).visit(acme, AS_OF - timedelta(days=1), execs=(ana,), external_id="V9001")
    write_debrief(out, "V9001", "Met on the way to the airport")
    with team.open() as ws, ws.begin() as conn:  # meanwhile the team planned its own V9001
        beta = conn.execute(text("SELECT id FROM account WHERE name = 'Beta'")).scalar_one()
        Builder(conn).visit(beta, AS_OF + timedelta(days=2), status="planned", external_id="V9001")
    assert sync(out) == 0
    rows = team_rows(
        team,
        "SELECT a.name, v.status, d.summary, e.email FROM visit v JOIN account a ON a.id = v.account_id "
        "LEFT JOIN debrief d ON d.visit_id = v.id LEFT JOIN visit_executive ve ON ve.visit_id = v.id "
        "LEFT JOIN executive e ON e.id = ve.executive_id WHERE v.external_id LIKE 'V9001%' ORDER BY 1",
    )
    assert rows == [
        ("Acme", "done", "Met on the way to the airport", team.ana),
        ("Beta", "planned", None, None),
    ]
    with open_workspace(out) as ws, ws.connect() as conn:  # the pull brought the team's names back
        assert (
            conn.execute(
                text("SELECT count(*) FROM visit WHERE account_id = :a"), {"a": acme}
            ).scalar()
            == 3
        )
    before = team_rows(team, "SELECT id, row_version FROM visit ORDER BY 1")
    assert sync(out) == 0
    assert team_rows(team, "SELECT id, row_version FROM visit ORDER BY 1") == before


def test_every_table_is_either_copied_or_left_out_on_purpose() -> None:
    from fieldvisit.store.models import SQLModel
    from fieldvisit.travel.scope import COPIED_TABLES, LEFT_OUT

    assert set(SQLModel.metadata.tables) == set(COPIED_TABLES) | set(LEFT_OUT)


def test_sync_without_the_network_says_so_in_one_line_and_keeps_the_changes(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", "Written over the Atlantic")
    with open_workspace(out) as ws, ws.begin() as conn:  # the team moved to a host out of reach
        conn.execute(
            text("UPDATE setting SET value = :v WHERE key = 'travel.source'"),
            {"v": json.dumps("postgresql://fv_app@no-such-host.invalid:5432/fieldvisit")},
        )
    capsys.readouterr()
    assert sync(out) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no-such-host.invalid" in err
    assert sync(out, "--pending", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["entity"], p["visit"], p["new"]) for p in listed["pending"]] == [
        ("debrief", "V-Acme-1", True)
    ]


def test_sync_refuses_a_workspace_that_is_no_travel_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.fieldvisit"
    assert main(["--db", str(plain), "init"]) == 0
    capsys.readouterr()
    assert sync(plain) == 1
    assert "is not a travel copy" in capsys.readouterr().err
    assert sync(plain, "--resolve", "V1") == 1
    assert "--resolve VISIT --keep mine|theirs" in capsys.readouterr().err


def test_a_sync_cut_off_after_pushing_writes_nothing_twice(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import fieldvisit.travel.sync as syncing
    from fieldvisit.errors import FieldVisitError

    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", "Pushed, then the Wi-Fi died")

    def cut_off(*_a: object, **_k: object) -> dict[str, int]:
        raise FieldVisitError("The connection dropped.")

    monkeypatch.setattr(syncing, "pull", cut_off)
    assert sync(out) == 1
    monkeypatch.undo()
    snapshot = "SELECT 'd', id, row_version FROM debrief UNION ALL SELECT 'l', id, 0 FROM change_log ORDER BY 1, 2"
    before = team_rows(team, snapshot)
    assert len(before) == 2  # the debrief and its audit row
    capsys.readouterr()
    assert sync(out) == 0
    assert "Pushed 0 changes (1 already in the team workspace)" in capsys.readouterr().out
    assert team_rows(team, snapshot) == before


def test_a_visit_changed_on_both_sides_is_a_conflict_and_theirs_can_be_taken(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    with open_workspace(out) as ws, ws.begin() as conn:
        set_visit_status(conn, visit_pk(ws, "V-Acme-2"), "cancelled")
    with team.open() as ws, ws.begin() as conn:
        set_visit_status(conn, visit_pk(ws, "V-Acme-2"), "done")
    capsys.readouterr()
    assert sync(out) == 1
    assert (
        "Conflict: visit V-Acme-2 at Acme changed on both sides (theirs by "
        in capsys.readouterr().out
    )
    status = "SELECT status FROM visit WHERE external_id = 'V-Acme-2'"
    assert team_rows(team, status) == [("done",)]
    with open_workspace(out) as ws, ws.connect() as conn:
        assert conn.execute(text(status)).scalar() == "cancelled"
    assert sync(out, "--resolve", str(visit_pk(ws, "V-Acme-2")), "--keep", "theirs") == 0
    assert team_rows(team, status) == [("done",)]
    with open_workspace(out) as ws, ws.connect() as conn:
        assert conn.execute(text(status)).scalar() == "done"


def test_one_executives_copy_plans_and_briefs_offline(team: Team, tmp_path: Path) -> None:
    from tests.cli_runs import run_fv

    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    for args in (["suggest", "--json"], ["coverage", "--json"], ["trips"]):
        done = run_fv(out, *args)
        assert done.returncode == 0, (args, done.stderr)
    pdf = tmp_path / "visit.pdf"
    done = run_fv(out, "briefing", "--visit", "V-Acme-2", "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.stat().st_size > 0


def test_an_unknown_executive_is_refused_and_nothing_is_written(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "who.fieldvisit"
    assert main(["--db", team.url, "travel-copy", "-o", str(out), "--exec", "nobody@x.com"]) == 1
    assert "no executive with the e-mail nobody@x.com" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name != "fieldvisit-home"] == []
