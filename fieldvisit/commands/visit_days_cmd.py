"""`visit-days`: show or change when suggestions propose visits (closures, hours, notice, cap)."""

from __future__ import annotations

import argparse
from typing import Any

from fieldvisit.commands.common import open_ws, print_json
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.visit_days import check_visit_days, visit_day_values
from fieldvisit.settings import load_rules, save_rules


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "visit-days",
        help="show or set company closures, visit hours, notice and the weekly maximum",
        description="Suggestions propose a working day at the customer and at the executive's "
        "home (weekends, public holidays and company closures left out), within business hours "
        "at the customer, with more notice the farther the executive lives, and at most a "
        "weekly number of visits per executive unless they are all in one place.",
    )
    p.add_argument("--close", action="append", default=[], metavar="DATE", help="add a closure")
    p.add_argument("--reopen", action="append", default=[], metavar="DATE", help="remove a closure")
    p.add_argument("--hours", metavar="START-END", help="business hours at the customer, e.g. 9-17")
    p.add_argument(
        "--notice",
        metavar="NEAR,MID,FAR",
        help="working days of notice for a nearby, farther and far customer, e.g. 1,3,10",
    )
    p.add_argument(
        "--notice-km", metavar="NEAR,MID", help="where nearby and farther end, e.g. 300,3000"
    )
    p.add_argument("--weekly-max", type=int, metavar="N", help="visits per executive per week")
    p.add_argument("--json", action="store_true", help="print the rules as JSON")
    p.set_defaults(handler=cmd_visit_days)


def _numbers(raw: str, count: int, option: str, example: str) -> list[float]:
    parts = [p.strip() for p in raw.replace("-", ",").split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != count:
        raise FieldVisitError(f"{option} {raw!r} should read like {example}.")
    return values


def _edits(args: argparse.Namespace, values: dict[str, Any]) -> dict[str, Any]:
    """Return the stored rules with the command line's changes on top."""
    out = dict(values)
    closures = {str(d) for d in values["company_closures"]}
    closures |= set(args.close)
    reopen = set(args.reopen)
    out["company_closures"] = [d for d in closures if d not in reopen]
    if args.hours is not None:
        start, end = _numbers(args.hours, 2, "--hours", "9-17")
        out["visit_hours_start"], out["visit_hours_end"] = start, end
    if args.notice is not None:
        near, mid, far = _numbers(args.notice, 3, "--notice", "1,3,10")
        out["lead_days_near"], out["lead_days_mid"], out["lead_days_far"] = near, mid, far
    if args.notice_km is not None:
        out["lead_near_km"], out["lead_mid_km"] = _numbers(
            args.notice_km, 2, "--notice-km", "300,3000"
        )
    if args.weekly_max is not None:
        out["weekly_visit_max"] = args.weekly_max
    return out


def cmd_visit_days(args: argparse.Namespace) -> int:
    changing = any((args.close, args.reopen, args.hours, args.notice, args.notice_km)) or (
        args.weekly_max is not None
    )
    with open_ws(args) as ws:
        if changing:
            with ws.begin() as conn:
                values = visit_day_values(load_rules(conn))
                cleaned = check_visit_days(_edits(args, values))
                save_rules(conn, {k: v for k, v in cleaned.items() if v != values[k]})
        with ws.connect() as conn:
            shown = visit_day_values(load_rules(conn))
    if args.json:
        print_json(shown)
        return 0
    closures = ", ".join(shown["company_closures"]) or "none"
    print(f"Business hours at the customer: {shown['visit_hours_start']}:00 to "
          f"{shown['visit_hours_end']}:00")  # fmt: skip
    near, mid, far = (shown[f"lead_days_{k}"] for k in ("near", "mid", "far"))
    print(
        f"Notice: {near} working day{'s' if near != 1 else ''} within "
        f"{shown['lead_near_km']:g} km, {mid} within {shown['lead_mid_km']:g} km, {far} beyond"
    )
    print(f"At most {shown['weekly_visit_max']} visits per executive per week, unless one trip")
    print(f"Company closures: {closures}")
    return 0
