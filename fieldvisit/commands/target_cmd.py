"""`target [--exec EMAIL [N|default]] [--json]`: executives' monthly visit targets."""

from __future__ import annotations

import argparse

from fieldvisit.commands.common import open_ws, print_json
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.visit_targets import (
    MAX_TARGET,
    MIN_TARGET,
    VisitTarget,
    find_executive,
    set_visit_target,
    visit_targets,
)
from fieldvisit.settings import load_rules


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "target",
        help="show or set executives' monthly visit targets",
        description="Without --exec, list every executive's monthly visit target. With --exec "
        f"EMAIL and a number from {MIN_TARGET} to {MAX_TARGET}, set that executive's target; "
        "'default' puts them back on the workspace default.",
    )
    p.add_argument("--exec", dest="executive", metavar="EMAIL", help="the executive's e-mail")
    p.add_argument("value", nargs="?", metavar="N", help="visits per month, or 'default'")
    p.add_argument("--json", action="store_true", help="print the targets as JSON")
    p.set_defaults(handler=cmd_target)


def cmd_target(args: argparse.Namespace) -> int:
    if args.value is not None and not args.executive:
        raise FieldVisitError("Name the executive whose target to set: --exec EMAIL N.")
    with open_ws(args) as ws:
        if args.value is not None:
            with ws.begin() as conn:
                default = load_rules(conn).default_monthly_visit_target
                shown = [set_visit_target(conn, args.executive, args.value)]
        else:
            with ws.connect() as conn:
                default = load_rules(conn).default_monthly_visit_target
                found = [find_executive(conn, args.executive)] if args.executive else None
                shown = found if found is not None else visit_targets(conn)
    if args.json:
        print_json(
            [
                {
                    "email": row.email,
                    "name": row.name,
                    "target": row.target,
                    "visits_per_month": row.target if row.target is not None else default,
                }
                for row in shown
            ]
        )
        return 0
    if args.value is not None:
        print(f"{shown[0].name}: {_words(shown[0], default)}.")
        return 0
    for row in shown:
        print(f"{row.name} <{row.email or 'no e-mail'}>: {_words(row, default)}")
    return 0


def _words(row: VisitTarget, default: int) -> str:
    if row.target is None:
        return f"{default} visits per month (the default)"
    return f"{row.target} visit{'s' if row.target != 1 else ''} per month"
