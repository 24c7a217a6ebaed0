"""`suggest`, `impact`, `plan`, `snooze`, `unsnooze` and `visit-status`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.commands.common import (
    add_as_of,
    as_of_for,
    open_ws,
    parse_date,
    positive_int,
    print_json,
)
from fieldvisit.commands.planning_text import (
    impact_text,
    suggestion_impact_text,
    suggestions_text,
)
from fieldvisit.errors import NotFound
from fieldvisit.gc_pause import gc_paused
from fieldvisit.planning import (
    deal_pk_for,
    executive_pk_for,
    impact,
    plan_from_suggestion,
    readiness,
    snooze_deal,
    suggest_for_deal,
    suggestion_board,
)
from fieldvisit.planning.explain import executive_sentence
from fieldvisit.planning.impact import suggestion_impact
from fieldvisit.planning.periods import stored_utc
from fieldvisit.planning.serialize import (
    held_json,
    impact_json,
    suggestion_impact_json,
    suggestion_json,
)
from fieldvisit.planning.snoozes import end_snooze, running_snooze
from fieldvisit.planning.visit_checks import visit_day_warning
from fieldvisit.planning.visit_rows import attendees, visit_row
from fieldvisit.settings import load_rules
from fieldvisit.zones import zone


def _datetime(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date-time like 2026-06-23T10:00 or 2026-06-23T10:00+02:00"
        ) from None


def _as_of(p: argparse.ArgumentParser) -> None:
    add_as_of(p)  # the workspace's own date (a demo's) unless given: `store.as_of`


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("suggest", help="stalled strategic deals and who should visit them")
    _as_of(p)
    p.add_argument("--limit", type=positive_int, help="only the N best suggestions")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.add_argument(
        "--verbose", action="store_true", help="also show the weights and points behind each"
    )
    p.add_argument(
        "--include-held",
        action="store_true",
        help="also list stalled deals held back because planned or snoozed",
    )
    p.set_defaults(handler=cmd_suggest)

    p = sub.add_parser("impact", help="did executive visits move stalled deals?")
    _as_of(p)
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_impact)

    p = sub.add_parser("plan", help="plan a visit (the suggestion unless told otherwise)")
    p.add_argument("--deal", required=True, metavar="DEAL_ID")
    p.add_argument("--exec", metavar="EMAIL", help="the executive (default: the suggested one)")
    p.add_argument(
        "--start",
        type=_datetime,
        metavar="ISO_DATETIME",
        help="start; without an offset it is local time at the account (default: 10:00 on the "
        "first day of the suggested window)",
    )
    p.add_argument("--minutes", type=positive_int, help="length (default: the workspace's setting)")
    p.add_argument(
        "--contacts", metavar="ID;ID", help="customer contacts (default: decision makers)"
    )
    _as_of(p)
    p.set_defaults(handler=cmd_plan)

    p = sub.add_parser(
        "snooze", help="keep a deal out of suggestions until a date (replaces its snooze)"
    )
    p.add_argument("--deal", required=True, metavar="DEAL_ID")
    p.add_argument("--until", required=True, type=parse_date, metavar="DATE")
    p.add_argument("--reason", required=True, metavar="TEXT")
    _as_of(p)
    p.set_defaults(handler=cmd_snooze)

    p = sub.add_parser("unsnooze", help="end a deal's snooze: it is suggested again")
    p.add_argument("--deal", required=True, metavar="DEAL_ID")
    _as_of(p)
    p.set_defaults(handler=cmd_unsnooze)


def cmd_suggest(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.connect() as conn:
        as_of = as_of_for(args, conn)
        rules = load_rules(conn)
        with_held = args.include_held or not args.json
        found, held = suggestion_board(conn, as_of, rules, args.limit, with_held=with_held)
        ready = readiness(conn)
    if args.json:
        with gc_paused():  # a dict per suggestion, none in a cycle (`fieldvisit.gc_pause`)
            print_json([suggestion_json(s) for s in found] + [held_json(h) for h in held])
        for line in ready.lines():  # the list stays as documented; the reason goes to stderr
            print(f"fieldvisit: {line}", file=sys.stderr)
    else:
        text = suggestions_text(
            found, held, as_of.isoformat(), missing=ready.lines(), verbose=args.verbose
        )
        print(text)
    return 0


def cmd_impact(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.connect() as conn:
        as_of = as_of_for(args, conn)
        rules = load_rules(conn)
        result = impact(conn, as_of, rules)
        acted = suggestion_impact(conn, as_of, rules)
    if args.json:
        print_json({**impact_json(result), "suggestions": suggestion_impact_json(acted)})
    else:
        print(impact_text(result))
        print()
        print(suggestion_impact_text(acted))
    return 0


def _contacts(conn: Connection, raw: str) -> list[int]:
    """Return contact pks for a `;`-separated list of contact ids."""
    ids = [part.strip() for part in raw.split(";") if part.strip()]
    pks = []
    for contact_id in ids:
        pk = conn.execute(
            text("SELECT id FROM contact WHERE external_id = :x"), {"x": contact_id}
        ).scalar()
        if pk is None:
            raise NotFound(f"No contact {contact_id!r} in this workspace.")
        pks.append(int(pk))
    return pks


def _local(conn: Connection, start: datetime, account_pk: int) -> datetime:
    """Return `start` made aware: a naive time is local time at the account (UTC if unknown)."""
    if start.tzinfo is not None:
        return start
    tz = conn.execute(text("SELECT tz FROM account WHERE id = :a"), {"a": account_pk}).scalar()
    return start.replace(tzinfo=zone(tz))


def cmd_plan(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.begin() as conn:
        as_of = as_of_for(args, conn)
        rules = load_rules(conn)
        deal_pk = deal_pk_for(conn, args.deal)
        exec_pk = executive_pk_for(conn, args.exec) if args.exec else None
        suggestion = suggest_for_deal(conn, deal_pk, as_of, rules, executive_pk=exec_pk)
        start = _local(conn, args.start, suggestion.deal.account_pk) if args.start else None
        contacts = _contacts(conn, args.contacts) if args.contacts else None
        visit_pk = plan_from_suggestion(
            conn,
            suggestion,
            start=start,
            minutes=args.minutes,
            contact_pks=contacts,
            rules=rules,
            as_of=as_of,
        )
        planned = visit_row(conn, visit_pk)
        warning = visit_day_warning(
            conn,
            planned["account_id"],
            attendees(conn, visit_pk)[0],
            stored_utc(planned["start"]),
            rules,
        )
        visit_id, stored_start, tz, n_contacts = conn.execute(
            text(
                "SELECT v.external_id, v.start, a.tz, "
                "(SELECT COUNT(*) FROM visit_contact WHERE visit_id = :v) "
                "FROM visit v JOIN account a ON a.id = v.account_id WHERE v.id = :v"
            ),
            {"v": visit_pk},
        ).one()
    deal = suggestion.deal
    utc_start = stored_utc(stored_start)
    when = f"{utc_start:%a %d %b %Y, %H:%M} UTC"
    if tz:
        local = utc_start.astimezone(zone(tz))
        when = f"{local:%a %d %b %Y, %H:%M} {tz.split('/')[-1].replace('_', ' ')} time ({utc_start:%H:%M} UTC)"
    print(
        f"Planned a visit by {suggestion.executive.name} to {deal.account_name} "
        f"({deal.deal_id} {deal.deal_name}) on {when}, "
        f"with {suggestion.rep_email or 'no rep'} and {n_contacts} customer contact(s)."
    )
    if suggestion.executive.reasons:
        print("Why: " + executive_sentence(suggestion.executive))
    if warning:  # planned anyway: a weekend or holiday is the user's call
        print(f"fieldvisit: warning: {warning} Planned anyway.", file=sys.stderr)
    print(visit_id)
    return 0


def cmd_snooze(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.begin() as conn:
        as_of = as_of_for(args, conn)
        deal_pk = deal_pk_for(conn, args.deal)
        before = running_snooze(conn, deal_pk, as_of)
        snooze_deal(conn, deal_pk, args.until, args.reason, as_of=as_of)
    was = (
        f" (was until {before.until.isoformat()})" if before and before.until != args.until else ""
    )
    print(f"Snoozed {args.deal} until {args.until.isoformat()}{was}: {args.reason.strip()}")
    return 0


def cmd_unsnooze(args: argparse.Namespace) -> int:
    with open_ws(args) as ws, ws.begin() as conn:
        as_of = as_of_for(args, conn)
        ended = end_snooze(conn, deal_pk_for(conn, args.deal), as_of=as_of)
    if ended is None:
        print(f"{args.deal} is not snoozed; nothing to end.")
    else:
        print(
            f"Ended the snooze of {args.deal} (was until {ended.until.isoformat()}: "
            f"{ended.reason}); it can be suggested again."
        )
    return 0
