"""Taking a travel copy: a new local workspace file with a team workspace's rows, ids kept.

The file is written under a temporary name beside the target and linked into place only when
complete, so a failed or cancelled copy leaves nothing, and an existing file is never replaced.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.store.leftovers import SIDE_SUFFIXES, temporary_name
from fieldvisit.store.workspace import Workspace
from fieldvisit.travel import pending
from fieldvisit.travel.scope import COPIED_TABLES, Scope
from fieldvisit.travel.tables import IsCancelled, Progress, clear_tables, copy_tables


@dataclass(frozen=True)
class CopyReport:
    """What a travel copy holds: where, for whom, how many rows of each table, how big."""

    path: Path
    source: str
    scope: Scope
    counts: dict[str, int]
    size_bytes: int
    seconds: float

    @property
    def words(self) -> str:
        accounts = self.counts.get("account", 0)
        visits = self.counts.get("visit", 0)
        return (
            f"Wrote {self.path}: {self.scope.words} from {self.source} ({accounts} accounts, "
            f"{visits} visits, {self.size_bytes / 1e6:.1f} MB in {self.seconds:.1f} s)."
        )


def executive_id(conn: Connection, email: str) -> int:
    """Return the id of the executive with this e-mail (any case); refuse an unknown one."""
    found = conn.execute(
        text("SELECT id FROM executive WHERE lower(email) = lower(:e)"), {"e": email.strip()}
    ).scalar()
    if found is None:
        raise NotFound(f"There is no executive with the e-mail {email} in the team workspace.")
    return int(found)


def refuse_existing(out: Path) -> None:
    """Refuse a target that exists, or whose folder does not."""
    if out.exists():
        raise FieldVisitError(f"{out} already exists; a travel copy never overwrites a file.")
    if not out.parent.is_dir():
        raise FieldVisitError(f"The folder {out.parent} does not exist.")


def read_consistently(conn: Connection) -> None:
    """Make the rest of a PostgreSQL read see one moment (every table as of the same commit)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def fill_copy(
    source: Connection,
    target: Connection,
    scope: Scope,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> dict[str, int]:
    """Replace the copy's rows with the team's rows in `scope` (the copy's bookkeeping kept)."""
    params = {}
    if scope.executive is not None:
        params["exec_id"] = executive_id(source, scope.executive)
    clear_tables(target, list(COPIED_TABLES), keep=pending.KEEP_ON_PULL)
    return copy_tables(
        source, target, scope.filters(), params, progress=progress, cancelled=cancelled
    )


def take_travel_copy(
    team: Workspace,
    out: Path,
    scope: Scope,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> CopyReport:
    """Write a new travel copy of `team` at `out` for `scope`; refuse an existing file."""
    from fieldvisit.store.opening import create_workspace

    started = time.perf_counter()
    out = Path(out)
    refuse_existing(out)
    partial = temporary_name(out, "copying")
    copy = create_workspace(partial)
    try:
        with team.connect() as source:
            read_consistently(source)
            with copy.begin() as target:
                counts = fill_copy(source, target, scope, progress=progress, cancelled=cancelled)
                pending.write_setting(target, pending.SOURCE_KEY, team.label)  # sslmode kept
                pending.write_setting(target, pending.SCOPE_KEY, {"executive": scope.executive})
                pending.write_setting(target, pending.TAKEN_KEY, pending.now_text())
                pending.write_setting(target, pending.CONFLICTS_KEY, {})
                pending.record_bases(target)
        copy.close()
        _link_into_place(partial, out)
    except BaseException:
        copy.close()
        for leftover in (partial, *(Path(f"{partial}{s}") for s in SIDE_SUFFIXES)):
            leftover.unlink(missing_ok=True)
        raise
    return CopyReport(
        out, team.label, scope, counts, out.stat().st_size, time.perf_counter() - started
    )


def _link_into_place(partial: Path, out: Path) -> None:
    """Give the finished file its name without ever replacing a file that appeared meanwhile."""
    try:
        os.link(partial, out)
    except FileExistsError:
        raise FieldVisitError(
            f"{out} already exists; a travel copy never overwrites a file."
        ) from None
    except OSError:  # a file system without hard links
        if out.exists():
            raise FieldVisitError(
                f"{out} already exists; a travel copy never overwrites a file."
            ) from None
        os.replace(partial, out)
    partial.unlink(missing_ok=True)
