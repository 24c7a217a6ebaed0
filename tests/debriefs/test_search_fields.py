"""Debrief search finds words in every field of a debrief, next steps included, also in a
workspace written before the index covered them (upgraded from schema 0006)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import text

from fieldvisit.debriefs import (
    DebriefData,
    NextStepItem,
    count_debriefs,
    list_debriefs,
    save_debrief,
)
from fieldvisit.demo import generate_demo
from fieldvisit.store import Workspace, open_workspace
from fieldvisit.store.schema import alembic_config, current_revision, head_revision
from fieldvisit.store.workspace import make_engine
from tests.planning.builders import AS_OF, Builder

PHRASE = "liability redlines"


def _visit(ws: Workspace) -> int:
    with ws.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", name="Cee Oh")
        return b.visit(b.account("Globex"), AS_OF, execs=(ceo,))


def _debrief(visit: int, steps: list[str], **fields: object) -> DebriefData:
    return DebriefData(
        visit_id=visit,
        summary="Good meeting about the platform renewal.",
        next_steps=[NextStepItem(text=s, owner="Dana Legal", due_on=None) for s in steps],
        **fields,  # type: ignore[arg-type]
    )


def _found(ws: Workspace, typed: str) -> int:
    with ws.connect() as conn:
        return count_debriefs(conn, typed)


def test_a_phrase_only_in_next_steps_is_found_and_highlighted(workspace: Workspace) -> None:
    visit = _visit(workspace)
    save_debrief(workspace, _debrief(visit, ["Get legal to answer the liability redlines"]))
    assert _found(workspace, PHRASE) == 1
    assert _found(workspace, f'"{PHRASE}"') == 1, "as a quoted phrase too"
    with workspace.connect() as conn:
        (row,) = list_debriefs(conn, PHRASE)
    assert "<b>liability</b> <b>redlines</b>" in row.snippet_html


def test_the_index_follows_next_steps_as_they_change(workspace: Workspace) -> None:
    visit = _visit(workspace)
    save_debrief(workspace, _debrief(visit, ["Get legal to answer the liability redlines"]))
    save_debrief(workspace, _debrief(visit, ["Book the security review"]))
    assert _found(workspace, PHRASE) == 0, "a removed next step is no longer found"
    assert _found(workspace, "security review") == 1
    with workspace.begin() as conn:
        conn.execute(text("UPDATE next_step SET text = 'Send the liability redlines'"))
    assert _found(workspace, PHRASE) == 1, "an edited next step is found by its new words"
    with workspace.begin() as conn:
        conn.execute(text("DELETE FROM visit"))  # the debrief and its steps go with it
    assert _found(workspace, PHRASE) == 0


def test_every_text_field_is_searchable(workspace: Workspace) -> None:
    visit = _visit(workspace)
    data = _debrief(
        visit,
        ["Send the pricing sheet"],
        people_met="Carla Quintero (CFO)",
        learned="They run Kubernetes everywhere",
        challenges="Procurement freeze",
        friction_categories=["Slow security questionnaire"],
        field_friction="Waited weeks for the questionnaire",
        competitors="Initrode",
        current_vendor="Umbrella",
        budget="Approved in Q3",
    )
    save_debrief(workspace, data)
    for typed in (
        "platform renewal",  # summary
        "Quintero",  # people met
        "Kubernetes",  # learned
        "Procurement",  # challenges
        "questionnaire",  # friction notes and category
        "Slow security",  # friction category
        "Initrode",  # competitors
        "Umbrella",  # current vendor
        "Approved",  # budget
        "pricing sheet",  # next step
        "Dana Legal",  # next step owner
    ):
        assert _found(workspace, typed) == 1, typed


def _downgrade_to_0006(path: Path) -> None:
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0006")
    finally:
        engine.dispose()


def test_an_upgraded_0006_workspace_keeps_every_debrief_and_finds_next_steps(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.fieldvisit"
    generate_demo(path, "small", seed=7, as_of=date(2026, 6, 15))
    _downgrade_to_0006(path)
    engine = make_engine(path)
    with engine.connect() as conn:
        assert current_revision(conn) == "0006"
        debriefs = conn.execute(text("SELECT count(*) FROM debrief")).scalar_one()
        with_phrase = conn.execute(
            text("SELECT count(DISTINCT debrief_id) FROM next_step WHERE text LIKE :p"),
            {"p": f"%{PHRASE}%"},
        ).scalar_one()
        assert with_phrase > 0, "the demo has next steps about liability redlines"
        assert count_debriefs(conn, PHRASE) < with_phrase, "0006's index misses next steps"
    engine.dispose()

    ws = open_workspace(path)  # upgrades, after a backup
    try:
        with ws.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert conn.execute(text("SELECT count(*) FROM debrief")).scalar_one() == debriefs
            assert count_debriefs(conn, "") == debriefs
            assert count_debriefs(conn, PHRASE) == with_phrase
            indexed = conn.execute(text("SELECT count(*) FROM debrief_fts")).scalar_one()
            assert indexed == debriefs
        # A debrief written after the upgrade is found by its next steps too.
        with ws.connect() as conn:
            visit = conn.execute(
                text(
                    "SELECT v.id FROM visit v WHERE v.status = 'done' AND NOT EXISTS "
                    "(SELECT 1 FROM debrief d WHERE d.visit_id = v.id) LIMIT 1"
                )
            ).scalar_one()
        save_debrief(
            ws,
            _debrief(visit, ["Walk their counsel through the liability redlines"]),
            now=datetime(2026, 6, 15, 12, tzinfo=UTC),
        )
        assert _found(ws, PHRASE) == with_phrase + 1
    finally:
        ws.close()
