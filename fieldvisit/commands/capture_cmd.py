"""`capture-calendar`, `capture-review` and `capture-settings`: the ledger from executives' calendars.

The CalDAV password comes from FIELDVISIT_CALDAV_PASSWORD, the keychain or a prompt in a terminal
(`fieldvisit.secrets`), and is asked for before the workspace is touched: no lock is held while
a person types or the server answers.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldvisit.commands.common import Progress, open_ws, parse_date, print_json
from fieldvisit.errors import FieldVisitError

ENV_CALDAV = "FIELDVISIT_CALDAV_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "capture-calendar",
        help="capture an executive's customer meetings from a calendar (.ics, folder, zip, CalDAV)",
        description="Read an executive's calendar and write its customer meetings as visits "
        "(past: done, future: planned), all or nothing. Unsure meetings are listed for review "
        "(`capture-review`). Only reads the calendar; never writes to it.",
    )
    p.add_argument("--exec", required=True, metavar="EMAIL", help="whose calendar it is")
    p.add_argument(
        "path", nargs="?", type=Path, metavar="FILE_OR_FOLDER_OR_ZIP", help="the exported calendar"
    )
    p.add_argument("--caldav", metavar="URL", help="a CalDAV calendar's address instead of a file")
    p.add_argument("--user", metavar="NAME", help="the CalDAV login")
    p.add_argument("--since", type=parse_date, metavar="DATE", help="first day read")
    p.add_argument("--until", type=parse_date, metavar="DATE", help="last day read")
    p.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help="capture as if it were noon UTC that day (past meetings: done; later: planned)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="report what would change; change nothing"
    )
    p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    p.set_defaults(handler=cmd_capture)

    p = sub.add_parser(
        "capture-review",
        help="list the meetings a capture was unsure about, and settle them",
        description="Without an action: list the meetings waiting for review. Each action "
        "settles meetings and is remembered for later captures.",
    )
    act = p.add_mutually_exclusive_group()
    act.add_argument(
        "--assign", nargs=2, metavar=("UID", "ACCOUNT_ID"), help="this meeting is with this account"
    )
    act.add_argument(
        "--map-domain",
        nargs=2,
        metavar=("DOMAIN", "ACCOUNT_ID"),
        help="people at this domain are this account's",
    )
    act.add_argument("--ignore-domain", metavar="DOMAIN", help="people at this domain never count")
    act.add_argument("--dismiss", metavar="UID", help="not a customer meeting; skip it from now on")
    act.add_argument(
        "--did-not-happen", metavar="VISIT_ID", help="cancel a captured past visit that never was"
    )
    act.add_argument(
        "--new-people", action="store_true", help="list people met who are not contacts"
    )
    act.add_argument(
        "--add-contact",
        nargs=2,
        metavar=("VISIT_ID", "EMAIL"),
        help="make a new person met on this visit a contact of its account",
    )
    p.add_argument("--exec", metavar="EMAIL", help="only this executive's meetings (the list)")
    p.add_argument("--all", action="store_true", help="list settled meetings too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review)

    p = sub.add_parser("capture-settings", help="show or change how calendars are captured")
    p.add_argument(
        "--company-domains",
        metavar="A;B",
        help="our company's e-mail domains (empty: those of the executives' and reps' addresses)",
    )
    p.add_argument(
        "--personal-domains", metavar="A;B", help="personal mail domains (never match by domain)"
    )
    p.add_argument("--exec", metavar="EMAIL", help="the executive whose calendar source to set")
    src = p.add_mutually_exclusive_group()
    src.add_argument(
        "--source", type=Path, metavar="PATH", help="the executive's exported calendar"
    )
    src.add_argument("--caldav", metavar="URL", help="the executive's CalDAV calendar")
    src.add_argument("--no-source", action="store_true", help="forget the executive's source")
    p.add_argument("--user", metavar="NAME", help="the CalDAV login (with --caldav)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_settings)


def _caldav_password(url: str, user: str) -> str | None:
    from fieldvisit.commands.invite_cmds import _prompt, secret_store
    from fieldvisit.logs import keep_out
    from fieldvisit.secrets import caldav_key, obtain_password

    if not user:
        return None
    password = obtain_password(
        secret_store(), caldav_key(user, url), ENV_CALDAV, "CalDAV", _prompt()
    )
    keep_out(password)
    return password


def _source(args: argparse.Namespace) -> tuple[Any, str | None]:
    """Return the capture source and the CalDAV password (asked for before any lock is taken)."""
    from fieldvisit.capture import CalDAVSource, FileSource
    from fieldvisit.settings import load_capture_settings

    if args.path is not None and args.caldav:
        raise FieldVisitError("Give either a file, folder or zip, or --caldav URL, not both.")
    if args.caldav:
        if not args.user:
            raise FieldVisitError("--caldav needs --user NAME (the CalDAV login).")
        return CalDAVSource(args.caldav.strip(), args.user), _caldav_password(
            args.caldav.strip(), args.user
        )
    if args.path is not None:
        return FileSource(args.path), None
    with open_ws(args) as ws, ws.connect() as conn:
        stored = load_capture_settings(conn).calendar_sources.get(args.exec.strip().lower())
    if not stored:
        raise FieldVisitError(
            f"No calendar given for {args.exec}: name an exported .ics file, folder or zip, or "
            "--caldav URL --user NAME (or set one with `fieldvisit capture-settings`)."
        )
    if stored.get("caldav_url"):
        url, user = stored["caldav_url"], stored.get("caldav_user", "")
        return CalDAVSource(url, user), _caldav_password(url, user)
    return FileSource(Path(stored["path"])), None


def cmd_capture(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, time

    from fieldvisit.capture import capture

    if args.since and args.until and args.until < args.since:
        raise FieldVisitError("--until is before --since.")
    source, password = _source(args)
    now = datetime.combine(args.as_of, time(12), UTC) if args.as_of else None
    with open_ws(args) as ws:
        report = capture(
            ws,
            args.exec,
            source,
            password=password,
            since=args.since,
            until=args.until,
            dry_run=args.dry_run,
            now=now,
            progress=None if args.json else Progress(),
        )
    if args.json:
        print_json(report.as_json())
    else:
        print(report)
    return 0


def _item_json(item: Any) -> dict[str, object]:
    return {
        "uid": item.uid,
        "recurrence_id": item.recurrence_id,
        "executive": item.executive_name,
        "start": item.start.isoformat(),
        "end": item.end.isoformat() if item.end else None,
        "reason": item.reason,
        "title": item.title,
        "location": item.location,
        "organizer": item.organizer,
        "domains": list(item.domains),
        "people": [{"email": e, "name": n} for e, n in item.people],
        "accounts": [{"account_id": a.account_id, "name": a.name} for a in item.candidates],
        "state": item.state,
        "visit_id": item.visit_id,
    }


def _print_items(items: list[Any]) -> None:
    if not items:
        print("No meeting is waiting for review.")
        return
    for item in items:
        title = f" {item.title!r}" if item.title else ""
        print(
            f"{item.start:%Y-%m-%d %H:%M} UTC{title} ({item.executive_name}) — {item.reason_text}"
        )
        print(
            f"  uid {item.uid}"
            + (f" (occurrence {item.recurrence_id})" if item.recurrence_id else "")
        )
        if item.people:
            print("  people: " + ", ".join(f"{n} <{e}>" if n else e for e, n in item.people))
        if item.candidates:
            print("  accounts: " + ", ".join(f"{a.name} ({a.account_id})" for a in item.candidates))
        if item.state != "open":
            print(f"  {item.state}" + (f": visit {item.visit_id}" if item.visit_id else ""))
    print(
        "Settle one: --assign UID ACCOUNT_ID, --map-domain DOMAIN ACCOUNT_ID, "
        "--ignore-domain DOMAIN or --dismiss UID."
    )


def cmd_review(args: argparse.Namespace) -> int:
    from fieldvisit import capture as cap
    from fieldvisit.planning import executive_pk_for, visit_pk_for

    if args.new_people:
        with open_ws(args) as ws, ws.connect() as conn:
            people = cap.new_people(conn)
        if args.json:
            print_json([p.__dict__ for p in people])
        elif not people:
            print("No new people: everyone met from a customer is a contact.")
        for p in [] if args.json else people:
            print(f"{p.visit_id}  {p.account_name} ({p.account_id})  {p.name or ''} <{p.email}>")
        return 0
    action = next(
        (name for name in ("assign", "map_domain", "ignore_domain", "dismiss",
                           "did_not_happen", "add_contact") if getattr(args, name)),
        None,
    )  # fmt: skip
    if action is None:
        with open_ws(args) as ws, ws.connect() as conn:
            pk = executive_pk_for(conn, args.exec) if args.exec else None
            items = cap.review_items(conn, state=None if args.all else "open", executive_pk=pk)
        if args.json:
            print_json({"count": len(items), "items": [_item_json(i) for i in items]})
        else:
            _print_items(items)
        return 0
    with open_ws(args) as ws, ws.begin() as conn:
        if action == "did_not_happen":
            cap.did_not_happen(conn, visit_pk_for(conn, args.did_not_happen))
            message: Any = f"Visit {args.did_not_happen} is cancelled: it did not happen."
        elif action == "add_contact":
            visit_id, email = args.add_contact
            contact = cap.add_new_person(conn, visit_pk_for(conn, visit_id), email)
            message = f"{email} is now contact {contact}."
        elif action == "assign":
            uid, account = args.assign
            message = cap.assign_meeting(conn, uid, cap.account_pk_for(conn, account))
        elif action == "map_domain":
            domain, account = args.map_domain
            message = cap.map_domain(conn, domain, cap.account_pk_for(conn, account))
        elif action == "ignore_domain":
            message = cap.ignore_domain(conn, args.ignore_domain)
        else:
            message = cap.dismiss_meeting(conn, args.dismiss)
    if args.json:
        if isinstance(message, str):
            print_json({"done": message})
        else:
            print_json(
                {"settled": message.items, "new": message.new, "merged": message.merged,
                 "visits": message.visits}
            )  # fmt: skip
    else:
        print(message)
    return 0


def _domains(raw: str) -> list[str]:
    from fieldvisit.capture.domains import clean_domain

    try:
        return [clean_domain(part) for part in raw.replace(",", ";").split(";") if part.strip()]
    except ValueError as exc:
        raise FieldVisitError(f"{exc}.") from None


def cmd_settings(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from fieldvisit.planning import executive_pk_for
    from fieldvisit.settings import load_capture_settings, save_capture_settings

    changes: dict[str, Any] = {}
    if args.company_domains is not None:
        changes["company_domains"] = _domains(args.company_domains)
    if args.personal_domains is not None:
        changes["personal_mail_domains"] = _domains(args.personal_domains)
    wants_source = args.source is not None or args.caldav or args.no_source
    if wants_source and not args.exec:
        raise FieldVisitError("Say whose calendar it is with --exec EMAIL.")
    if args.caldav and not args.user:
        raise FieldVisitError("--caldav needs --user NAME (the CalDAV login).")
    with open_ws(args) as ws, ws.begin() as conn:
        settings = load_capture_settings(conn)
        if wants_source:
            executive_pk_for(conn, args.exec)
            sources = dict(settings.calendar_sources)
            key = args.exec.strip().lower()
            if args.no_source:
                sources.pop(key, None)
            elif args.caldav:
                sources[key] = {"caldav_url": args.caldav.strip(), "caldav_user": args.user}
            else:
                sources[key] = {"path": str(Path(args.source).resolve())}
            changes["calendar_sources"] = sources
        if changes:
            save_capture_settings(conn, changes)
            settings = load_capture_settings(conn)
    if args.json:
        print_json(asdict(settings))
        return 0
    print(f"Company domains: {'; '.join(settings.company_domains) or '(those of our people)'}")
    print(f"Personal mail domains: {'; '.join(settings.personal_mail_domains)}")
    for email, source in sorted(settings.calendar_sources.items()):
        where = source.get("caldav_url") or source.get("path")
        who = f" (user {source['caldav_user']})" if source.get("caldav_user") else ""
        print(f"Calendar of {email}: {where}{who}")
    return 0
