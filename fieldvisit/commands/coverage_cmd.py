"""`coverage` (and `coverage --due`): executives' customer time, strategic accounts, cadence.

Apart from the planning commands so that it imports only the coverage, cadence and friction
modules: not the actions, trips and holiday calendars that `plan` and `suggest` bring (nor, for
`--json`, the words of `planning_text`).
"""

from __future__ import annotations

import argparse

from fieldvisit.commands.common import add_as_of, as_of_for, open_ws, positive_int, print_json
from fieldvisit.planning.cadence import cadence, due_accounts
from fieldvisit.planning.coverage import coverage
from fieldvisit.planning.friction import friction_themes
from fieldvisit.planning.lookup import executive_pk_for
from fieldvisit.planning.serialize import cadence_json, coverage_json
from fieldvisit.settings import load_rules


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("coverage", help="executives' customer time and strategic accounts")
    add_as_of(p)  # the workspace's own date (a demo's) unless given: `store.as_of`
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.add_argument(
        "--accounts", type=positive_int, default=30, help="strategic accounts in the table (30)"
    )
    p.add_argument(
        "--due",
        action="store_true",
        help="accounts due for an executive visit by their tier's cadence: overdue, never met "
        "and due in the next 30 days",
    )
    p.add_argument(
        "--exec", metavar="EMAIL", help="with --due: the accounts this executive met last"
    )
    p.add_argument("--all", action="store_true", help="with --due: also accounts due later")
    p.set_defaults(handler=cmd_coverage)


def cmd_coverage(args: argparse.Namespace) -> int:
    if args.due or args.exec or args.all:
        return cmd_due(args)
    with open_ws(args) as ws, ws.connect() as conn:
        as_of = as_of_for(args, conn)
        rules = load_rules(conn)
        result = coverage(conn, as_of, rules)
        themes = friction_themes(conn, as_of, rules)
        # The JSON has no cadence line: only the text asks for it.
        due = None if args.json else cadence(conn, as_of, rules)
    if args.json:
        print_json(coverage_json(result, themes))
    else:
        from fieldvisit.commands.planning_text import cadence_summary, coverage_text  # words only

        print(coverage_text(result, themes, args.accounts))
        if due is not None:
            print(cadence_summary(due))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    """`coverage --due [--exec EMAIL] [--all]`: the stay-in-touch list, by due date."""
    with open_ws(args) as ws, ws.connect() as conn:
        as_of = as_of_for(args, conn)
        if args.exec:
            executive_pk_for(conn, args.exec)  # an unknown address is an error, not an empty list
        result = cadence(conn, as_of, load_rules(conn))
    accounts = due_accounts(result, executive=args.exec, everything=args.all)
    if args.json:
        print_json(cadence_json(result, accounts, args.exec))
    else:
        from fieldvisit.commands.planning_text import due_text

        print(due_text(result, accounts, args.exec))
    return 0
