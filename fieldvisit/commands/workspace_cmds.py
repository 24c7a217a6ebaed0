"""`init`, `demo`, `check` and `backup`."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldvisit.commands.common import Progress, open_ws, parse_date, workspace_path
from fieldvisit.errors import WorkspaceError
from fieldvisit.store import create_workspace
from fieldvisit.store.backup import backup_workspace
from fieldvisit.store.schema import schema_status
from fieldvisit.store.workspace import check_file, integrity_problems, make_engine


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="create an empty workspace")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="write a demo workspace")
    p.add_argument("--size", choices=["small", "medium", "large"], default="small")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--as-of", type=parse_date, help="the demo's 'today' (default: today)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", help="check the workspace's integrity and schema version")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", help="take a verified backup of the workspace")
    p.set_defaults(handler=cmd_backup)


def cmd_init(args: argparse.Namespace) -> int:
    path = workspace_path(args)
    create_workspace(path).close()
    print(f"Created an empty workspace at {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldvisit.demo import generate_demo

    path = workspace_path(args)
    summary = generate_demo(
        path, size=args.size, seed=args.seed, as_of=args.as_of, progress=Progress()
    )
    print(f"Wrote a {args.size} demo workspace to {path}: {summary}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = workspace_path(args)
    check_file(path)
    # Read-only look: check never upgrades or changes the file.
    engine = make_engine(Path(path), readonly=True)
    try:
        with engine.connect() as conn:
            problems = integrity_problems(conn)
            current, head = schema_status(conn)
    except Exception as exc:  # noqa: BLE001 - any failure here is a finding, reported as one line
        engine.dispose()
        raise WorkspaceError(f"{path} failed its check: {exc}") from exc
    engine.dispose()
    if current != head:
        problems.append(f"schema version is {current}, this Field Visit expects {head}")
    if problems:
        raise WorkspaceError(f"{path}: " + "; ".join(problems[:5]))
    ws = open_ws(args)
    ws.close()
    print(f"{path}: OK (integrity ok, foreign keys ok, schema {head})")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    ws = open_ws(args)  # refuses foreign, corrupt and newer files before copying anything
    ws.close()
    target = backup_workspace(ws.path)
    print(f"Backed up and verified: {target}")
    return 0
