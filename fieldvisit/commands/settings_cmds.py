"""`pipeline [--set "A;B;C"]` and `currency [--set CODE] [--rate CODE=RATE]`: the pipeline's
stage order, and the workspace currency with its conversion rates."""

from __future__ import annotations

import argparse

from fieldvisit.commands.common import open_ws, print_json
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.money import check_rates, missing_rates
from fieldvisit.settings import load_rules, save_rules, set_pipeline


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
    register_currency(sub)


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


def register_currency(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "currency",
        help="show or set the workspace currency and conversion rates",
        description="Deals keep their own currency; the strategic amount and priorities compare "
        "amounts converted into the workspace currency. A rate says what one unit of another "
        "currency is worth in it (EUR=1.08 when the workspace counts in USD).",
    )
    p.add_argument(
        "--set", dest="currency", metavar="CODE", help="the workspace currency, e.g. EUR"
    )
    p.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="CODE=RATE",
        help="a conversion rate (repeat for more; RATE 0 removes it)",
    )
    p.add_argument("--json", action="store_true", help="print currency, rates and gaps as JSON")
    p.set_defaults(handler=cmd_currency)


def _rate_pairs(raw: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in raw:
        code, sep, value = item.partition("=")
        if not sep or not code.strip():
            raise FieldVisitError(f"--rate {item!r} should read CODE=RATE, e.g. EUR=1.08.")
        pairs[code.strip().upper()] = value.strip()
    return pairs


def cmd_currency(args: argparse.Namespace) -> int:
    pairs = _rate_pairs(args.rate)
    with open_ws(args) as ws:
        if args.currency is not None or pairs:
            with ws.begin() as conn:
                rules = load_rules(conn)
                rates: dict[str, object] = dict(rules.currency_rates)
                for code, value in pairs.items():
                    rates = {k: v for k, v in rates.items() if k.upper() != code}
                    if value not in ("0", "0.0", ""):
                        rates[code] = value
                home, cleaned = check_rates(args.currency or rules.currency, rates)
                save_rules(conn, {"currency": home, "currency_rates": cleaned})
        with ws.connect() as conn:
            rules = load_rules(conn)
            gaps = missing_rates(conn, rules)
    if args.json:
        print_json(
            {
                "currency": rules.currency,
                "rates": rules.currency_rates,
                "without_rate": {code: n for code, n in gaps},
            }
        )
        return 0
    print(f"Workspace currency: {rules.currency}")
    for name, rate in sorted(rules.currency_rates.items()):
        print(f"  1 {name} = {rate:g} {rules.currency}")
    for code, n in gaps:
        print(
            f"No rate for {code} ({n} open deal{'s' if n != 1 else ''}): compared as if in "
            f"{rules.currency}. Add one with --rate {code}=RATE."
        )
    return 0
