"""Deterministic demo workspaces of any size (`fieldvisit demo`, `fieldvisit --demo`).

The same seed and as-of date always give the same rows. Every date is relative to the as-of date,
so a demo made today looks current. The file is built under a temporary name next to the target
and renamed into place only after a successful commit: a cancelled or failed run leaves nothing.
A team workspace (`fieldvisit.demo.team`) is filled in one transaction instead, only when empty.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit.demo.activity import write_activities
from fieldvisit.demo.deals import write_deals
from fieldvisit.demo.names import OUR_COMPANY, OUR_DOMAIN
from fieldvisit.demo.org import write_org
from fieldvisit.demo.outcomes import write_outcomes
from fieldvisit.demo.plans import planned_visits, snoozes
from fieldvisit.demo.visits import VisitRows, past_visits
from fieldvisit.demo.world import SCALES, Scale, World
from fieldvisit.demo.writer import BulkWriter, Days
from fieldvisit.errors import WorkspaceError
from fieldvisit.settings import save_rules
from fieldvisit.store.as_of import local_today, store_as_of
from fieldvisit.store.leftovers import remove_leftovers, temporaries_of, temporary_name
from fieldvisit.store.location import TeamAddress
from fieldvisit.store.opening import create_workspace
from fieldvisit.store.workspace import APPLICATION_ID, SQLITE_HEADER, Workspace

SIZES = tuple(SCALES)
SIDE_FILES = ("-wal", "-shm", "-journal")
# Page cache for the build only: index upkeep on million-row tables stays in memory.
BUILD_CACHE_KIB = 196_608


@dataclass(frozen=True)
class DemoSummary:
    """How many of each thing a demo workspace holds."""

    executives: int
    reps: int
    accounts: int
    contacts: int
    open_deals: int
    closed_deals: int
    activities: int
    past_visits: int
    debriefs: int
    planned_visits: int
    trips: int
    snoozes: int

    def __str__(self) -> str:
        return (
            f"{self.executives:,} executives, {self.reps:,} reps, {self.accounts:,} accounts, "
            f"{self.contacts:,} contacts, {self.open_deals:,} open deals "
            f"(+{self.closed_deals:,} closed), {self.activities:,} activities, "
            f"{self.past_visits:,} past visits ({self.debriefs:,} debriefed), "
            f"{self.planned_visits:,} planned visits ({self.trips:,} trips), "
            f"{self.snoozes:,} snoozed deals"
        )


def generate_demo(
    path: Path | TeamAddress,
    size: str = "small",
    seed: int = 7,
    as_of: date | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    replace: bool = False,
) -> DemoSummary:
    """Write a demo workspace at `path` and return what it holds.

    Given an `as_of` day, the workspace keeps it (`store.as_of`): the command line and the app
    then plan the demo as of that day; without one the demo is built as of today and, like any
    workspace, plans as of whatever day it is opened. An existing file is refused, unless
    `replace` is set and the file is a Field Visit workspace (the app's `--demo` refreshes its
    own demo file that way). Raises Cancelled when `cancel()` returns True; nothing is left
    behind then.
    """
    if size not in SCALES:
        raise ValueError(f"unknown demo size {size!r}; choose one of {', '.join(SIZES)}")
    if isinstance(path, TeamAddress):
        from fieldvisit.demo.team import fill_team_demo

        day = as_of or local_today()
        world = World(day, SCALES[size], seed, Days(day))
        summary = fill_team_demo(path, world, progress, cancel, keep_as_of=as_of is not None)
        if progress is not None:
            progress(1.0, "Done")
        return summary
    path = Path(path)
    _refuse_existing(path, replace)
    if not path.parent.is_dir():
        raise WorkspaceError(f"The folder {path.parent} does not exist.")
    day = as_of or local_today()
    world = World(day, SCALES[size], seed, Days(day))
    # A killed run leaves its temporary file (hundreds of MB for a large demo): the next run
    # here removes those whose writer is gone, never one another live process is writing.
    remove_leftovers(path.parent, temporaries_of(path, "building"))
    tmp = temporary_name(path, "building")
    try:
        ws = create_workspace(tmp)
        try:
            summary = _fill(ws, world, progress, cancel, keep_as_of=as_of is not None)
        finally:
            ws.close()
        _settle(tmp)
        _move_into_place(tmp, path, replace)
    except BaseException:
        _remove(tmp)
        raise
    if progress is not None:
        progress(1.0, "Done")
    return summary


def _expected_rows(scale: Scale) -> int:
    """Return roughly how many rows a scale writes (for the progress fraction)."""
    return (
        scale.accounts * 6
        + (scale.open_deals + scale.closed_deals) * 5
        + scale.activities * 2
        + (scale.past_visits + scale.planned_visits) * 8
    )


def _fill(
    ws: Workspace,
    world: World,
    progress: Callable[[float, str], None] | None,
    cancel: Callable[[], bool] | None,
    *,
    keep_as_of: bool = False,
) -> DemoSummary:
    """Write every demo row in one transaction on the temporary workspace."""
    with ws.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        # The temporary file is thrown away on any failure, so durability waits for the rename.
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute(f"PRAGMA cache_size=-{BUILD_CACHE_KIB}")
        with conn.begin():
            writer = BulkWriter(raw.cursor(), _expected_rows(world.scale), progress, cancel)
            rows = write_rows(conn, world, writer, raw.cursor(), keep_as_of=keep_as_of)
    return summary_of(world, writer, rows)


def write_rows(
    conn: Connection, world: World, writer: BulkWriter, cursor: Any, *, keep_as_of: bool
) -> VisitRows:
    """Write every demo row through `writer` (and `cursor`, the same transaction as `conn`)."""
    writer.check()
    write_org(world, writer)
    write_deals(world, writer)
    write_activities(world, writer)
    rows = VisitRows()
    past_visits(world, rows)
    planned = planned_visits(world, rows)
    snoozes(world, rows, planned)
    rows.write(writer)
    write_outcomes(cursor, world.as_of, f"{world.as_of.isoformat()} 17:00:00.000000")
    save_rules(
        conn,
        {
            "company_name": OUR_COMPANY,
            "organizer_name": "Jordan Avery",
            "organizer_email": f"jordan.avery@{OUR_DOMAIN}",
        },
        recorded=False,  # the demo's own data: the same seed gives the same file, no trail
    )
    if keep_as_of:
        store_as_of(conn, world.as_of)
    writer.label = "Saving"
    writer.check()  # last chance to cancel before the commit
    return rows


def summary_of(world: World, writer: BulkWriter, rows: VisitRows) -> DemoSummary:
    """Return what a demo written through `writer` holds."""
    statuses = [row[9] for row in rows.visit]
    counts = writer.counts
    return DemoSummary(
        executives=counts["executive"],
        reps=counts["rep"],
        accounts=counts["account"],
        contacts=counts["contact"],
        open_deals=world.scale.open_deals,
        closed_deals=world.scale.closed_deals,
        activities=counts["activity"],
        past_visits=statuses.count("done"),
        debriefs=counts["debrief"],
        planned_visits=statuses.count("planned"),
        trips=counts["trip"],
        snoozes=counts["snooze"],
    )


def is_workspace_file(path: Path) -> bool:
    """Return True when `path` is a SQLite file stamped with Field Visit's application id."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
    except (OSError, sqlite3.DatabaseError):
        return False
    return bool(app_id == APPLICATION_ID)


def _refuse_existing(path: Path, replace: bool) -> None:
    if not path.exists() and not path.is_symlink():
        return
    if not replace:
        raise WorkspaceError(
            f"{path} already exists; a demo is only written to a new file (it was left untouched)."
        )
    if path.is_dir() or not is_workspace_file(path):
        raise WorkspaceError(
            f"{path} exists and is not a Field Visit workspace; it was left untouched."
        )


def _settle(tmp: Path) -> None:
    """Fold any write-ahead log into the temporary file so renaming it moves every page."""
    if Path(f"{tmp}-wal").exists():
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()


def _move_into_place(tmp: Path, path: Path, replace: bool) -> None:
    if replace:
        # The old file's journal belongs to the old file: left behind, SQLite would replay it
        # into the new one.
        for suffix in SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif path.exists():
        raise WorkspaceError(f"{path} appeared while the demo was being written; not replaced.")
    os.replace(tmp, path)


def _remove(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    for suffix in SIDE_FILES:
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)


__all__ = ["DemoSummary", "SIZES", "generate_demo", "is_workspace_file"]
