"""`trips`: planned trips with their add-on deals, and "Add to trip" (`--add-to TRIP --deal DEAL`)."""

from __future__ import annotations

import argparse
from datetime import date

from sqlalchemy import text

from fieldvisit.commands.common import add_as_of, as_of_for, open_ws, print_json
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import deal_pk_for, trips
from fieldvisit.planning.add_to_trip import add_to_trip
from fieldvisit.planning.periods import stored_utc
from fieldvisit.planning.results import TripPlan
from fieldvisit.planning.serialize import trip_json
from fieldvisit.planning.wording import count, weekday_day
from fieldvisit.settings import load_rules
from fieldvisit.store.dialect import dialect_of
from fieldvisit.zones import zone


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "trips",
        help="planned trips and the stalled deals nearby (add-ons); --add-to plans one",
        description="Without --add-to, list planned trips (id, executive, city, days, visits) "
        "and their add-ons: stalled strategic deals near a stop, offered to that executive. "
        "With --add-to TRIP_ID --deal DEAL_ID, plan that add-on on the trip's days.",
    )
    add_as_of(p)
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.add_argument("--add-to", metavar="TRIP_ID", help="plan an add-on deal on this trip")
    p.add_argument("--deal", metavar="DEAL_ID", help="the add-on deal (with --add-to)")
    p.set_defaults(handler=cmd_trips)


def cmd_trips(args: argparse.Namespace) -> int:
    if (args.add_to is None) != (args.deal is None):
        raise FieldVisitError("trips: --add-to TRIP_ID and --deal DEAL_ID go together.")
    if args.add_to is not None:
        return _add(args)
    with open_ws(args) as ws, ws.connect() as conn:
        as_of = as_of_for(args, conn)
        found = trips(conn, as_of, load_rules(conn))
    if args.json:
        print_json([trip_json(t) for t in found])
    else:
        print(trips_text(found, as_of))
    return 0


def _add(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.begin() as conn:
        as_of = as_of_for(args, conn)
        rules = load_rules(conn)
        deal_pk = deal_pk_for(conn, args.deal)
        visit_pk = add_to_trip(conn, args.add_to, deal_pk, as_of, rules)
        visit_id, start, tz, executive, account = conn.execute(
            text(
                "SELECT v.external_id, v.start, a.tz, "
                f"(SELECT {dialect_of(conn).group_concat_by('e.name', ', ', 've.executive_id')} "
                "FROM visit_executive ve "
                " JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id), a.name "
                "FROM visit v JOIN account a ON a.id = v.account_id WHERE v.id = :v"
            ),
            {"v": visit_pk},
        ).one()
    moment = stored_utc(start)
    when = f"{moment:%a %d %b %Y, %H:%M} UTC"
    if tz:
        local = moment.astimezone(zone(tz))
        when = f"{local:%a %d %b %Y, %H:%M} {tz.split('/')[-1].replace('_', ' ')} time"
    print(f"Added {args.deal} ({account}) to trip {args.add_to}: {executive}, {when}.")
    print(visit_id)
    return 0


def trips_text(found: list[TripPlan], as_of: date) -> str:
    """Return each trip with its visits and add-ons, as readable lines."""
    if not found:
        return f"No trips planned from {as_of.isoformat()} on."
    lines: list[str] = []
    for t in found:
        days = weekday_day(t.starts_on, as_of)
        if t.ends_on != t.starts_on:
            days += f" – {weekday_day(t.ends_on, as_of)}"
        lines.append(
            f"{t.trip_id}  {t.executive_name} <{t.executive_email}>  {t.city or 'several places'}"
            f"  {days}  {count(len(t.visits), 'visit')}"
        )
        for v in t.visits:
            deal = f" ({v.deal_id})" if v.deal_id else ""
            lines.append(f"    {v.visit_id}  {v.start:%a %d %b %H:%M} UTC  {v.account_name}{deal}")
        if not t.add_ons:
            lines.append("    No add-ons: no other stalled strategic deal nearby.")
        for a in t.add_ons:
            d = a.deal
            why = "; ".join(s.detail for s in d.signals if s.stalls)
            lines.append(f"  + {d.deal_id}  {d.account_name} · {d.deal_name} · {d.stage}")
            lines.append(f"      Stalled: {why}")
            lines.append(f"      Near: {a.reason}")
            lines.append(
                f"      Add to trip: fieldvisit trips --add-to {t.trip_id} --deal {d.deal_id}"
            )
        lines.append("")
    return "\n".join(lines).rstrip()
