"""`import KIND FILE.csv`: bring CRM data in, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldvisit.commands.common import Progress, open_ws
from fieldvisit.ingest import KIND_NAMES, PRESET_NAMES, import_csv
from fieldvisit.store.locking import current_policy


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
    policy = current_policy()
    saved_before = policy.commits if policy is not None else 0
    try:
        ws = open_ws(args)
        try:
            report = import_csv(
                ws,
                args.kind,
                args.file,
                preset=args.preset,
                dry_run=args.dry_run,
                progress=Progress(),
            )
        finally:
            ws.close()
        print(report)
    except KeyboardInterrupt:
        if policy is None or policy.commits == saved_before:
            raise  # rolled back: the command line says nothing was changed
        # Ctrl-C after the commit: the rows are in; saying otherwise would invite a re-import
        # that looks like a second set of changes.
        print(
            f"fieldvisit: interrupted, but the import of {Path(args.file).name} had already "
            "been saved; its rows are in the workspace.",
            file=sys.stderr,
        )
        return 130
    return 0
