"""`pipeline [--set "A;B;C"]`: show or change the order of the workspace's pipeline stages."""

from __future__ import annotations

import argparse

from fieldvisit.commands.common import open_ws, print_json
from fieldvisit.settings import load_rules, set_pipeline


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "pipeline",
        help="show or set the order of the pipeline's stages",
        description="Show the workspace's pipeline stages in order, or set the order. Impact "
        "counts a deal as advanced when it enters a later stage; won and lost stages go last.",
    )
    p.add_argument(
        "--set", dest="order", metavar="A;B;C", help="the stages in order, ';'-separated"
    )
    p.add_argument("--json", action="store_true", help="print the stages as a JSON list")
    p.set_defaults(handler=cmd_pipeline)


def cmd_pipeline(args: argparse.Namespace) -> int:
    with open_ws(args) as ws:
        if args.order is not None:
            with ws.begin() as conn:
                stages = set_pipeline(conn, [s for s in args.order.split(";") if s.strip()])
        else:
            with ws.connect() as conn:
                stages = load_rules(conn).pipeline
    if args.json:
        print_json(stages)
    else:
        for i, stage in enumerate(stages, 1):
            print(f"{i:2d}. {stage}")
    return 0
