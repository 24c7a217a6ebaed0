"""`import KIND FILE.csv` (one generic or preset CSV file) and `import-crm CRM PATH…` (a whole
CRM export as downloaded), both all or nothing."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

from fieldvisit.commands.common import Progress, open_ws, print_json
from fieldvisit.errors import FieldVisitError
from fieldvisit.ingest import KIND_NAMES, PRESET_NAMES, import_csv
from fieldvisit.store.locking import current_policy

CRMS = ("salesforce", "hubspot", "pipedrive")
DATE_ORDERS = ("DMY", "MDY", "YMD")


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
    p.add_argument(
        "--zone",
        metavar="ZONE",
        help="time zone of date-times written without an offset, e.g. Europe/Berlin (UTC)",
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "import-crm",
        help="import a CRM export as downloaded (ZIP, folder or files), all or nothing",
        description="Import a Salesforce, HubSpot or Pipedrive export: every file it holds, in "
        "one transaction. Prints what each file was recognised as, what changes, who the "
        "executives are and any problems grouped by cause (then nothing is changed).",
    )
    p.add_argument("crm", choices=CRMS, metavar="CRM", help=", ".join(CRMS))
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="ZIP, folder or files")
    p.add_argument(
        "--dry-run", action="store_true", help="check everything and report what would change"
    )
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.add_argument(
        "--force", action="store_true", help="import even an export older than the workspace's"
    )
    p.add_argument(
        "--executives",
        metavar="EMAIL_OR_NAME=LEVEL;…",
        help="who the executives are (C, SVP, VP, or none); wins over the title rule",
    )
    p.add_argument(
        "--stages",
        metavar="A;B;C",
        help="the pipeline's stage order, when the export does not give it",
    )
    p.add_argument(
        "--date-order",
        choices=DATE_ORDERS,
        type=str.upper,
        help="day-first, month-first or year-first dates, when the files leave it open",
    )
    p.add_argument(
        "--zone",
        metavar="ZONE",
        help="time zone of date-times the export writes without one, e.g. Europe/Berlin",
    )
    p.set_defaults(handler=cmd_import_crm)


def _keeping_ctrl_c_honest(name: str, run: Any) -> int:
    """Run `run()`; after Ctrl-C say truthfully whether the import was saved."""
    policy = current_policy()
    saved_before = policy.commits if policy is not None else 0
    try:
        result: int = run()
        return result
    except KeyboardInterrupt:
        if policy is None or policy.commits == saved_before:
            raise  # rolled back: the command line says nothing was changed
        # Ctrl-C after the commit: the rows are in; saying otherwise would invite a re-import
        # that looks like a second set of changes.
        print(
            f"fieldvisit: interrupted, but the import of {name} had already been saved; "
            "its rows are in the workspace.",
            file=sys.stderr,
        )
        return 130


def cmd_import(args: argparse.Namespace) -> int:
    def run() -> int:
        ws = open_ws(args)
        try:
            report = import_csv(
                ws,
                args.kind,
                args.file,
                preset=args.preset,
                dry_run=args.dry_run,
                progress=Progress(),
                zone=args.zone,
            )
        finally:
            ws.close()
        print(report)
        return 0

    return _keeping_ctrl_c_honest(Path(args.file).name, run)


def read_crm_export(crm: str, paths: list[Path], date_order: str | None, zone: str | None) -> Any:
    """Return the batch the CRM's reader makes of the export at `paths`."""
    from fieldvisit.ingest.crm.batch import ReadOptions
    from fieldvisit.ingest.crm.files import read_tables

    if zone:
        from fieldvisit.zones import zone_named

        try:
            zone_named(zone)
        except ValueError as exc:
            raise FieldVisitError(f"--zone: {exc}.") from None
    export = read_tables(paths)
    reader = importlib.import_module(f"fieldvisit.ingest.crm.{crm}")
    return reader.read_export(export, ReadOptions(date_order=date_order, zone=zone))


def cmd_import_crm(args: argparse.Namespace) -> int:
    from fieldvisit.ingest.crm.engine import ExportRefused, import_export
    from fieldvisit.ingest.crm.people import parse_executives

    declared = parse_executives(args.executives)  # a typo is an error before anything is read
    stages = [s.strip() for s in args.stages.split(";") if s.strip()] if args.stages else None

    def run() -> int:
        batch = read_crm_export(args.crm, args.paths, args.date_order, args.zone)
        ws = open_ws(args)
        try:
            report = import_export(
                ws,
                batch,
                executives=declared,
                stages=stages,
                dry_run=args.dry_run,
                force=args.force,
                progress=None if args.json else Progress(),
            )
            code = 0
        except ExportRefused as refused:
            report, code = refused.report, 1
        finally:
            ws.close()
        if args.json:
            print_json(report.as_json())
        else:
            print(report, file=sys.stdout if code == 0 else sys.stderr)
        return code

    return _keeping_ctrl_c_honest(f"the {args.crm} export", run)
