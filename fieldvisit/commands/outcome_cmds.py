"""`dismiss --deal ID --reason TEXT [--undo]`: a suggestion that is not relevant, and bringing it
back. Planning and snoozing record their own outcomes (`planning.outcomes`)."""

from __future__ import annotations

import argparse

from fieldvisit.commands.common import add_as_of, as_of_for, open_ws
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import deal_pk_for
from fieldvisit.planning.outcomes import bring_back, dismiss


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "dismiss",
        help="dismiss a deal's visit suggestion as not relevant (with a reason)",
        description="Keep a deal out of suggestions because a visit is not relevant, saying why. "
        "It comes back when the deal changes stage, or with --undo. Impact counts it as a "
        "suggestion not acted on.",
    )
    p.add_argument("--deal", required=True, metavar="ID", help="the deal's id")
    p.add_argument("--reason", default="", help="why a visit is not relevant")
    p.add_argument("--undo", action="store_true", help="bring the deal's suggestion back")
    add_as_of(p, "the day of the decision")
    p.set_defaults(handler=cmd_dismiss)


def cmd_dismiss(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.begin() as conn:
        deal_pk = deal_pk_for(conn, args.deal)
        if args.undo:
            if not bring_back(conn, deal_pk):
                raise FieldVisitError(
                    f"Deal {args.deal} has no dismissed suggestion to bring back."
                )
            print(f"Deal {args.deal} is back among the suggestions.")
            return 0
        dismiss(conn, deal_pk, args.reason, as_of_for(args, conn))
    print(f"Dismissed the suggestion for {args.deal}: {args.reason.strip()}")
    return 0
