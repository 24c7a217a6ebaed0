"""Loading a SQLite snapshot (or any workspace file) into an empty team database (`restore`).

All or nothing: the rows go in through `snapshot.copy_tables` in one transaction, which checks
first that the team database holds no rows and last that every table got the snapshot's rows,
then moves the id sequences past the copied ids. A database with rows is refused untouched:
restoring over other people's work is not something a command should do.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exists, select

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.snapshot import advance_sequences, copy_tables, row_counts, workspace_tables
from fieldvisit.store.workspace import Workspace, make_engine

if TYPE_CHECKING:
    from fieldvisit.store.team import TeamWorkspace

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class TeamRestored:
    """What a restore into a team database did."""

    snapshot: Path
    rows: int  # rows loaded, over every table
    schema: str  # the snapshot's schema revision (an older one is upgraded on a copy first)


def restore_into_team(
    ws: TeamWorkspace, snapshot: Path, *, progress: Progress | None = None
) -> TeamRestored:
    """Load the workspace file `snapshot` into the empty team workspace `ws`, in one transaction."""
    from fieldvisit.store.restore import verify_backup
    from fieldvisit.store.team import take_lock

    snapshot = Path(snapshot)
    report = progress or (lambda _f, _m: None)
    report(0.0, "Checking the snapshot")
    schema = verify_backup(snapshot)
    with _current_copy(snapshot, schema) as source_ws, source_ws.connect() as source:
        expected = row_counts(source)
        with ws.begin() as target:
            take_lock(target, "import")  # no import or capture writes while the rows go in
            filled = [
                table.name
                for table in workspace_tables()
                if target.execute(select(exists().select_from(table))).scalar()
            ]
            if filled:
                raise WorkspaceError(
                    f"{ws.label} is not empty ({', '.join(filled[:3])} have rows); a snapshot is "
                    "restored only into an empty team database, which was left untouched."
                )
            copy_tables(source, target, progress=lambda f, m: report(0.1 + 0.8 * f, m))
            advance_sequences(target)
            found = row_counts(target)
            wrong = [t for t, n in expected.items() if found.get(t) != n]
            if wrong:
                raise WorkspaceError(
                    f"Restoring {snapshot} into {ws.label} gave other row counts ({wrong[0]}: "
                    f"{found.get(wrong[0])} instead of {expected[wrong[0]]}); nothing was kept."
                )
    report(1.0, "Restored")
    return TeamRestored(snapshot, sum(expected.values()), schema)


@contextmanager
def _current_copy(snapshot: Path, schema: str) -> Iterator[Workspace]:
    """Yield the snapshot opened read-only at the current schema (an older one upgraded on a copy)."""
    from fieldvisit.store.schema import HEAD_REVISION

    with tempfile.TemporaryDirectory(prefix="fieldvisit-restore-") as folder:
        source = snapshot
        if schema != HEAD_REVISION:  # upgrade a throw-away copy: the snapshot stays as it was
            from fieldvisit.store.schema import upgrade_to_head

            source = Path(folder) / snapshot.name
            shutil.copyfile(snapshot, source)
            # Foreign keys off, as for any upgrade: the migrations' table copies would cascade.
            engine = make_engine(source, foreign_keys=False)
            try:
                with engine.begin() as conn:
                    upgrade_to_head(conn)
            finally:
                engine.dispose()
        ws = Workspace(source, make_engine(source, readonly=True))
        try:
            yield ws
        finally:
            ws.close()
