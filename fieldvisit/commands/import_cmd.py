"""`import KIND FILE.csv`: bring CRM data in, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldvisit.commands.common import Progress, open_ws
from fieldvisit.ingest import KIND_NAMES, PRESET_NAMES, import_csv


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="import a CSV file (all or nothing; re-importing is safe)",
        description="Import a CSV file into the workspace. A bad file is refused with its "
        "problems listed as file:row:column lines, and nothing is changed.",
    )
    p.add_argument("kind", choices=KIND_NAMES, metavar="KIND", help=", ".join(KIND_NAMES))
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument("--preset", choices=PRESET_NAMES, default="generic", help="CRM export format")
    p.add_argument(
        "--dry-run", action="store_true", help="check the file and report what would change"
    )
    p.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    ws = open_ws(args)
    try:
        report = import_csv(
            ws, args.kind, args.file, preset=args.preset, dry_run=args.dry_run, progress=Progress()
        )
    finally:
        ws.close()
    print(report)
    return 0
