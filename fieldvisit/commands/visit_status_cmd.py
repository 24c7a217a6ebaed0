"""`visit-status`: mark a visit done, cancelled or planned again.

Apart from the planning commands because its choices come from the store's models, which the
others do not need to import (`suggest`, `coverage` start sooner without them).
"""

from __future__ import annotations

import argparse

from fieldvisit.commands.common import open_ws
from fieldvisit.planning import set_visit_status, visit_pk_for
from fieldvisit.store.models import VISIT_STATUSES


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("visit-status", help="mark a visit done, cancelled or planned again")
    p.add_argument("--visit", required=True, metavar="VISIT_ID")
    p.add_argument("--status", required=True, choices=VISIT_STATUSES)
    p.set_defaults(handler=cmd_visit_status)


def cmd_visit_status(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.begin() as conn:
        visit_pk = visit_pk_for(conn, args.visit)
        set_visit_status(conn, visit_pk, args.status)
    print(f"{args.visit} is now {args.status}")
    return 0
