"""`init`, `demo`, `check`, `backup` and `restore`."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldvisit.commands.common import (
    Progress,
    open_ws,
    parse_date,
    terminal_prompt,
    workspace_location,
)
from fieldvisit.errors import WorkspaceError
from fieldvisit.logs import log_file
from fieldvisit.store.backup import backup_workspace, list_backups
from fieldvisit.store.location import TeamAddress, location_label
from fieldvisit.store.opening import create_location
from fieldvisit.store.recovery import (
    INTERRUPTED,
    header_application_id,
    roll_back_interrupted_change,
)
from fieldvisit.store.schema import known_revisions, schema_status
from fieldvisit.store.team import TeamWorkspace
from fieldvisit.store.workspace import (
    APPLICATION_ID,
    check_file,
    damaged_error,
    integrity_problems,
    is_damage,
    make_engine,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "init", help="create an empty workspace (a file, or the schema in an empty team database)"
    )
    p.add_argument(
        "--grant",
        metavar="ROLE",
        help="team workspace: let this PostgreSQL role read and write rows (not the schema)",
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="write a demo workspace")
    p.add_argument("--size", choices=["small", "medium", "large"], default="small")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--as-of", type=parse_date, help="the demo's 'today' (default: today)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser(
        "check",
        help="check the workspace's integrity and schema version (a team workspace: the "
        "connection, schema and the role's rights)",
    )
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "backup",
        help="take a verified backup of the workspace (a team workspace: a SQLite snapshot)",
    )
    p.add_argument("--list", action="store_true", help="list the workspace's backups instead")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the workspace with one of its backups (the current file is kept); a team "
        "workspace: load a snapshot into an empty team database",
    )
    p.add_argument("backup", type=Path, metavar="BACKUP", help="the backup file to restore")
    p.set_defaults(handler=cmd_restore)


def cmd_init(args: argparse.Namespace) -> int:
    location = workspace_location(args)
    create_location(location, grant=args.grant, prompt=terminal_prompt()).close()
    if isinstance(location, TeamAddress):
        granted = f"; {args.grant} may read and write rows" if args.grant else ""
        print(f"Created a team workspace in {location.label}{granted}")
    else:
        print(f"Created an empty workspace at {location}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldvisit.demo import generate_demo

    # A team address goes to the same generator, which fills an empty team database.
    location = workspace_location(args)
    summary = generate_demo(
        location, size=args.size, seed=args.seed, as_of=args.as_of, progress=Progress()
    )
    print(f"Wrote a {args.size} demo workspace to {location_label(location)}: {summary}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    location = workspace_location(args)
    if isinstance(location, TeamAddress):
        from fieldvisit.store.team_check import check_team

        for line in check_team(location, prompt=terminal_prompt()).lines():
            print(line)
        _say_log()
        return 0
    path = location
    check_file(path)
    _refuse_foreign(path)
    # After a crash mid-change a hot journal is normal: SQLite's own recovery (a read-write
    # open) rolls it back. The read-only look below could not, and would fail.
    if roll_back_interrupted_change(path):
        print(f"{path}: {INTERRUPTED}.")
    # Read-only look: check never upgrades or changes the file.
    engine = make_engine(Path(path), readonly=True)
    try:
        with engine.connect() as conn:
            problems = integrity_problems(conn)
            current, head = schema_status(conn)
    except Exception as exc:  # noqa: BLE001 - any failure here is a finding, reported as one line
        engine.dispose()
        if is_damage(exc):
            raise damaged_error(path) from exc
        reason = getattr(exc, "orig", exc)
        raise WorkspaceError(f"{path} failed its check: {reason}") from exc
    engine.dispose()
    if problems:
        raise WorkspaceError(
            f"{path}: " + "; ".join(problems[:5]) + f". Restore a backup: `fieldvisit --db {path} "
            "backup --list`, then `restore BACKUP`."
        )
    if current != head:
        if current not in known_revisions():
            raise WorkspaceError(
                f"{path} was written by a newer version of Field Visit (schema {current}); "
                "update Field Visit to open it. The file was left as it is."
            )
        # An older schema is no fault: opening upgrades it after a verified backup.
        print(
            f"{path}: OK (integrity ok, foreign keys ok, schema {current}; it is upgraded to "
            f"{head} the next time it is opened, after a verified backup)"
        )
        _say_log()
        return 0
    ws = open_ws(args)
    ws.close()
    print(f"{path}: OK (integrity ok, foreign keys ok, schema {head})")
    _say_log()
    return 0


def _say_log() -> None:
    """Tell where errors are logged (the place to look when something went wrong)."""
    where = log_file()
    print(f"Log file: {where}" if where is not None else "Log file: none (it cannot be written)")


def _refuse_foreign(path: Path) -> None:
    """Refuse a SQLite file of another program before anything (even a rollback) touches it."""
    if header_application_id(path) not in (APPLICATION_ID, None):
        raise WorkspaceError(
            f"{path} is a SQLite database but not a Field Visit workspace; it was left untouched."
        )


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        return _list_backups(workspace_location(args))
    ws = open_ws(args)  # refuses foreign, corrupt and newer files before copying anything
    if isinstance(ws, TeamWorkspace):
        from fieldvisit.store.snapshot import snapshot_team

        try:
            target = snapshot_team(ws, progress=Progress())
        finally:
            ws.close()
        print(f"Wrote a verified snapshot of {ws.label}: {target}")
        return 0
    ws.close()
    target = backup_workspace(ws.path)
    print(f"Backed up and verified: {target}")
    return 0


def _list_backups(path: Path | TeamAddress) -> int:
    found = list_backups(path)
    if not found:
        where = location_label(path)
        print(f"{where} has no backups yet; take one with `fieldvisit --db {where} backup`.")
        return 0
    for backup in found:
        when = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{when}  {_size(backup.size):>9}  {backup.label:<15} {backup.path}")
    return 0


def _size(size: int) -> str:
    amount, unit = float(size), "bytes"
    for bigger in ("KB", "MB", "GB"):
        if amount < 1024:
            break
        amount, unit = amount / 1024, bigger
    return f"{size} bytes" if unit == "bytes" else f"{amount:,.1f} {unit}"


def cmd_restore(args: argparse.Namespace) -> int:
    from fieldvisit.store.restore import restore_workspace

    location = workspace_location(args)
    if isinstance(location, TeamAddress):
        return _restore_team(location, args.backup)
    path = location
    done = restore_workspace(path, args.backup, progress=Progress())
    if done.rolled_back:
        print(f"{path}: {INTERRUPTED}.")
    print(f"Restored {path} from {done.backup}; it passed its checks.")
    if done.kept is not None:
        what = "moved aside as it was (unreadable)" if done.kept_damaged else "kept as a backup"
        print(f"The replaced file was {what}: {done.kept}")
    return 0


def _restore_team(address: TeamAddress, snapshot: Path) -> int:
    from fieldvisit.store.opening import open_location
    from fieldvisit.store.team_restore import restore_into_team

    ws = open_location(address, prompt=terminal_prompt())
    assert isinstance(ws, TeamWorkspace)
    try:
        done = restore_into_team(ws, snapshot, progress=Progress())
    finally:
        ws.close()
    print(f"Restored {address.label} from {done.snapshot}: {done.rows} rows, checked per table.")
    return 0
