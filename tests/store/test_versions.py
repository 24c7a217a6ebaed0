"""Many people at once, no lost update: every save is versioned, checked and recorded (both engines).

Two people are two workspace objects on the same file or team database, each acting as its
own person (`identity.act_as`), as two laptops would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from fieldvisit.debriefs.data import DebriefData, NextStepItem
from fieldvisit.debriefs.records import load_debrief, save_debrief
from fieldvisit.planning.snoozes import end_snooze, snooze_deal
from fieldvisit.settings import load_rules, save_rules
from fieldvisit.store import Workspace, open_workspace
from fieldvisit.store.identity import act_as
from fieldvisit.store.versions import (
    Change,
    Conflict,
    Newer,
    conflict_message,
    setting_versions,
    stamp,
    version_of,
)
from tests.planning.builders import AS_OF, Builder

START = datetime(2026, 6, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def second(
    workspace: Workspace, engine_name: str, request: pytest.FixtureRequest
) -> Iterator[Workspace]:
    """A second person's workspace on the same file or team database."""
    if engine_name == "postgresql":
        from fieldvisit.store.location import parse_team_url
        from fieldvisit.store.team import open_team_workspace

        login: Callable[..., str] = request.getfixturevalue("team_login")
        other: Workspace = open_team_workspace(
            parse_team_url(login(request.getfixturevalue("team_database")))
        )
    else:
        other = open_workspace(workspace.path)
    act_as(workspace, "Dana")
    act_as(other, "Priya")
    yield other
    other.close()


def _world(ws: Workspace) -> dict[str, int]:
    with ws.begin() as conn:
        b = Builder(conn)
        acct = b.account("Globex")
        ceo = b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        rep = b.rep("rep@us.example")
        deal = b.deal(acct, rep, external_id="D1")
        visit = b.visit(acct, START, deal=deal, execs=(ceo,), status="planned", external_id="V1")
    return {"acct": acct, "deal": deal, "visit": visit}


def _log(ws: Workspace) -> list[tuple[str, str, str, str, str, str]]:
    with ws.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT person, action, entity, entity_key, fields, CAST(version AS TEXT) "
                "FROM change_log ORDER BY id"
            )
        ).all()
    return [tuple(str(v) for v in row) for row in rows]  # type: ignore[misc]


def _agenda(ws: Workspace, visit: int, agenda: str, seen: int | None, **kw: bool) -> int:
    with ws.begin() as conn:
        version = stamp(conn, Change("visit", visit, "changed", ("agenda",), seen, **kw))
        conn.execute(text("UPDATE visit SET agenda = :a WHERE id = :v"), {"a": agenda, "v": visit})
    return version


def test_a_save_from_the_current_version_bumps_it_and_says_who(
    workspace: Workspace, second: Workspace
) -> None:
    w = _world(workspace)
    assert _agenda(workspace, w["visit"], "Roll-out", seen=1) == 2
    with workspace.connect() as conn:
        row = conn.execute(
            text("SELECT row_version, changed_by FROM visit WHERE id = :v"), {"v": w["visit"]}
        ).one()
    assert tuple(row) == (2, "Dana")
    # Field names only: the agenda's text never reaches the trail.
    assert _log(workspace) == [("Dana", "changed", "visit", "V1", "agenda", "2")]


def test_a_save_over_a_newer_version_is_refused_naming_who_what_and_when(
    workspace: Workspace, second: Workspace
) -> None:
    w = _world(workspace)
    with workspace.connect() as conn:
        dana_started_from = version_of(conn, "visit", w["visit"])
    _agenda(second, w["visit"], "Priya's agenda", seen=dana_started_from)
    with pytest.raises(Conflict) as caught:
        _agenda(workspace, w["visit"], "Dana's agenda", seen=dana_started_from)
    found = caught.value
    assert found.person == "Priya"
    assert found.fields == ("agenda",)
    assert found.theirs["agenda"] == "Priya's agenda"
    assert found.version == 2
    assert found.at is not None
    message = str(found)
    assert message.startswith("Priya changed this visit's agenda at ")
    assert message.endswith("; your change was not saved.")
    # Nothing of Dana's was written.
    assert [row[0] for row in _log(workspace)] == ["Priya"]
    # Keep mine: saved again on top of the newer version, recorded as such.
    assert _agenda(workspace, w["visit"], "Dana's agenda", seen=found.version, kept_over=True) == 3
    assert _log(workspace)[-1] == ("Dana", "changed", "visit", "V1", "agenda,kept-over-newer", "3")


def test_the_message_names_every_field_and_the_day_when_not_today() -> None:
    newer = Newer("Priya", datetime(2026, 6, 5, 12, 2, tzinfo=UTC), ("time", "agenda"))
    message = conflict_message("visit", "V1", newer, now=datetime(2026, 6, 9, tzinfo=UTC))
    local = newer.at.astimezone()  # type: ignore[union-attr]
    assert message == (
        f"Priya changed this visit's time and agenda on {local.day} {local:%b} at "
        f"{local:%H:%M}; your change was not saved."
    )


def _debrief(visit: int, learned: str, steps: tuple[str, ...] = ()) -> DebriefData:
    return DebriefData(
        visit_id=visit, learned=learned, next_steps=[NextStepItem(text=s) for s in steps]
    )


def test_a_debrief_written_meanwhile_is_a_conflict_and_keep_mine_saves_over_it(
    workspace: Workspace, second: Workspace
) -> None:
    w = _world(workspace)
    save_debrief(second, _debrief(w["visit"], "Budget moved to Q3", ("Send pricing",)), seen=0)
    # Dana started from no debrief at all.
    with pytest.raises(Conflict) as caught:
        save_debrief(workspace, _debrief(w["visit"], "Legal is the blocker"), seen=0)
    assert caught.value.person == "Priya"
    assert set(caught.value.fields) == {"learned", "next_steps"}
    assert caught.value.theirs["learned"] == "Budget moved to Q3"
    with workspace.connect() as conn:
        kept = load_debrief(conn, w["visit"])
    assert kept is not None and kept.learned == "Budget moved to Q3"
    save_debrief(
        workspace,
        _debrief(w["visit"], "Legal is the blocker", ("Send pricing",)),
        seen=caught.value.version,
        kept_over=True,
    )
    assert _log(workspace) == [
        ("Priya", "debrief", "debrief", "V1", "learned,next_steps", "1"),
        ("Dana", "debrief", "debrief", "V1", "learned,kept-over-newer", "2"),
    ]


def test_a_debrief_saved_from_its_current_version_records_only_what_changed(
    workspace: Workspace, second: Workspace
) -> None:
    w = _world(workspace)
    save_debrief(workspace, _debrief(w["visit"], "Budget moved"), seen=0)
    with second.connect() as conn:
        seen = version_of(conn, "debrief", w["visit"])
    save_debrief(second, _debrief(w["visit"], "Budget moved", ("Call CFO",)), seen=seen)
    assert _log(workspace)[-1] == ("Priya", "debrief", "debrief", "V1", "next_steps", "2")


def test_a_stale_setting_is_refused_and_an_unchanged_one_is_not_written(
    workspace: Workspace, second: Workspace
) -> None:
    _world(workspace)
    with workspace.connect() as conn:
        dana_seen = setting_versions(conn)
    with second.begin() as conn:
        save_rules(conn, {"idle_days": 30}, seen=setting_versions(conn))
    with pytest.raises(Conflict) as caught, workspace.begin() as conn:
        save_rules(conn, {"idle_days": 45}, seen=dana_seen)
    assert str(caught.value).startswith("Priya changed the setting “idle_days” at ")
    with workspace.begin() as conn:
        save_rules(conn, {"idle_days": 30}, seen=dana_seen)  # the same value: nothing to save
        assert load_rules(conn).idle_days == 30
    assert [(r[0], r[1], r[3]) for r in _log(workspace)] == [("Priya", "setting", "idle_days")]


def test_a_snooze_changed_meanwhile_is_refused(workspace: Workspace, second: Workspace) -> None:
    w = _world(workspace)
    with workspace.begin() as conn:
        pk = snooze_deal(conn, w["deal"], date(2026, 7, 1), "Budget freeze", as_of=AS_OF, seen=0)
    with second.begin() as conn:
        snooze_deal(conn, w["deal"], date(2026, 8, 1), "Waiting on legal", as_of=AS_OF, seen=1)
    with pytest.raises(Conflict) as caught, workspace.begin() as conn:
        end_snooze(conn, w["deal"], as_of=AS_OF, seen=1)
    assert caught.value.person == "Priya"
    assert str(caught.value).startswith("Priya changed this snooze's end date and reason at ")
    assert [(r[0], r[2], r[3]) for r in _log(workspace)] == [
        ("Dana", "snooze", str(pk)),
        ("Priya", "snooze", str(pk)),
    ]


def test_a_new_snooze_over_one_set_meanwhile_is_refused(
    workspace: Workspace, second: Workspace
) -> None:
    w = _world(workspace)
    with second.begin() as conn:
        snooze_deal(conn, w["deal"], date(2026, 8, 1), "Waiting on legal", as_of=AS_OF)
    with pytest.raises(Conflict), workspace.begin() as conn:
        snooze_deal(conn, w["deal"], date(2026, 7, 1), "Budget freeze", as_of=AS_OF, seen=0)
