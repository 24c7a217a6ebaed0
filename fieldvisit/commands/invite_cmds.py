"""`export-ics`, `send-invites`, `publish`, `cancel` and `invite-settings`.

Passwords come from FIELDVISIT_SMTP_PASSWORD / FIELDVISIT_CALDAV_PASSWORD or a prompt in a
terminal, and go to the keychain; they are never printed, logged or stored in the workspace.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fieldvisit.commands.common import open_ws, print_json
from fieldvisit.errors import FieldVisitError
from fieldvisit.invites import FILE_AUDIENCE, PUBLISH_AUDIENCE, trip_calendar, write_atomically
from fieldvisit.invites.caldav_publish import caldav_settings
from fieldvisit.invites.delivery import (
    Delivery,
    invites_for_file,
    publish_to_calendar,
    remove_from_calendar,
    send_invites_by_email,
    was_sent,
)
from fieldvisit.invites.files import check_target
from fieldvisit.invites.mail import smtp_settings
from fieldvisit.logs import keep_out
from fieldvisit.planning import set_visit_status, visit_pk_for
from fieldvisit.secrets import SecretStore, caldav_key, obtain_password, smtp_key
from fieldvisit.settings import Rules, load_rules, save_rules

ENV_SMTP = "FIELDVISIT_SMTP_PASSWORD"
ENV_CALDAV = "FIELDVISIT_CALDAV_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export-ics", help="write a visit's invite, or a trip, to an .ics file")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--visit", metavar="VISIT_ID", help="the visit's id")
    which.add_argument("--trip", metavar="TRIP_ID", help="a trip: one file for the executive")
    p.add_argument(
        "--audience",
        choices=["internal", "external"],
        default=FILE_AUDIENCE,
        help="external: for customers, no internal content (default); internal: with briefing",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics")
    p.set_defaults(handler=cmd_export_ics)

    p = sub.add_parser("send-invites", help="e-mail a visit's invites (iMIP) through SMTP")
    p.add_argument("--visit", metavar="VISIT_ID", required=True)
    p.add_argument("--audience", choices=["internal", "external", "both"], default="both")
    p.set_defaults(handler=cmd_send_invites)

    p = sub.add_parser("publish", help="put a visit on the CalDAV calendar (off it if cancelled)")
    p.add_argument("--visit", metavar="VISIT_ID", required=True)
    p.add_argument(
        "--audience",
        choices=["internal", "external"],
        default=PUBLISH_AUDIENCE,
        help="which version the calendar stores (default external: calendars get shared)",
    )
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser("cancel", help="cancel a visit and produce its cancellation")
    p.add_argument("--visit", metavar="VISIT_ID", required=True)
    p.add_argument("-o", "--output", type=Path, metavar="FILE.ics", help="write a CANCEL file")
    p.add_argument(
        "--audience",
        choices=["internal", "external"],
        default=FILE_AUDIENCE,
        help="audience of the -o file (default external)",
    )
    p.add_argument("--send", action="store_true", help="e-mail the cancellation to everyone")
    p.add_argument("--unpublish", action="store_true", help="remove it from the CalDAV calendar")
    p.set_defaults(handler=cmd_cancel)

    p = sub.add_parser("invite-settings", help="show or change the invite settings")
    for flag, help_text in (
        (
            "--organizer-email",
            "who sends invites for the visit's executive (SENT-BY and e-mail From); "
            "optional: without it the executive is the sender",
        ),
        ("--organizer-name", "the organizer's display name"),
        ("--company-name", "your company's name, shown in external invite titles"),
        ("--smtp-host", "SMTP server"),
        ("--smtp-username", "SMTP login (empty: no login)"),
        ("--caldav-url", "a calendar's CalDAV address, or the server's"),
        ("--caldav-username", "CalDAV login"),
    ):
        p.add_argument(flag, help=help_text)
    p.add_argument("--smtp-port", type=int)
    p.add_argument("--smtp-starttls", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument(
        "--forget-passwords",
        action="store_true",
        help="delete the SMTP and CalDAV passwords from the keychain",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_invite_settings)


def _now() -> datetime:
    return datetime.now(UTC)


def _say(message: str) -> None:
    print(f"fieldvisit: {message}", file=sys.stderr)


def secret_store() -> SecretStore:
    """Return the keychain door for this run, telling the user on stderr when it falls back."""
    return SecretStore(notify=_say)


def _company_note(rules: Rules) -> None:
    # A customer reading "Meeting: Our company and Acme" would be puzzled; say how to fix it.
    if rules.company_name == Rules().company_name:
        _say(
            f"the company name is not set, so external invites say {rules.company_name!r}; "
            "set it with `fieldvisit invite-settings --company-name NAME`."
        )


def _ask(prompt: str) -> str:
    """Ask for a password at the terminal; Ctrl-D there is a plain refusal, not a traceback."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        print(file=sys.stderr)  # the prompt's line stays unfinished otherwise
        raise FieldVisitError(
            "No password was typed (the input ended); nothing was sent."
        ) from None


def _prompt() -> Callable[[str], str] | None:
    return _ask if sys.stdin.isatty() else None


# Passwords are asked for while no transaction is open: the workspace is never locked while a
# person types or a server answers (other programs keep planning meanwhile).


def smtp_password(store: SecretStore, rules: Rules) -> str | None:
    """Return the SMTP password (None when the server needs no login)."""
    settings = smtp_settings(rules)
    if not settings.username:
        return None
    key = smtp_key(settings.username, settings.host)
    password = obtain_password(store, key, ENV_SMTP, "SMTP", _prompt())
    keep_out(password)
    return password


def caldav_password(store: SecretStore, rules: Rules) -> str | None:
    """Return the CalDAV password (None when no user name is set)."""
    settings = caldav_settings(rules)
    if not settings.username:
        return None
    key = caldav_key(settings.username, settings.url)
    password = obtain_password(store, key, ENV_CALDAV, "CalDAV", _prompt())
    keep_out(password)
    return password


def _write(target: Path, data: bytes) -> None:
    try:
        write_atomically(target, data)
    except OSError as exc:  # e.g. the folder is not writable: no temporary file can be made
        raise FieldVisitError(f"Could not write {target}: {exc.strerror or exc}.") from exc


def cmd_export_ics(args: argparse.Namespace) -> int:
    target: Path = args.output
    check_target(target)
    now = _now()
    with open_ws(args) as ws, ws.begin() as conn:
        rules = load_rules(conn)
        if args.trip:
            name, count, data = trip_calendar(conn, args.trip, rules, now)
            _write(target, data)
            print(f"Wrote trip {args.trip} ({name}, {count} visits, PUBLISH) to {target}")
            return 0
        pk = visit_pk_for(conn, args.visit)
        invite = invites_for_file(conn, pk, rules, args.audience, now)
        if args.audience == "external":
            _company_note(rules)
        # Written inside the transaction: if the file cannot be written, the new UID and
        # SEQUENCE are rolled back with it.
        _write(target, invite.ics)
    print(
        f"Wrote the {args.audience} invite of visit {args.visit} "
        f"({invite.method}, sequence {invite.content.sequence}) to {target}"
    )
    for name in invite.content.not_invited:
        print(f"Note: {name} has no e-mail address and is not on the invite.")
    return 0


def _report(visit_id: str, deliveries: list[Delivery]) -> None:
    for d in deliveries:
        if d.skipped:
            print(f"Skipped the {d.audience} invite of visit {visit_id}: {d.skipped}.")
        else:
            print(
                f"Sent the {d.audience} {d.method} (sequence {d.sequence}) of visit {visit_id} "
                f"to {', '.join(d.recipients)}"
            )
        for name in d.not_invited:
            print(f"Note: {name} has no e-mail address and is not on the {d.audience} invite.")


def _audiences(choice: str) -> list[Any]:
    return ["internal", "external"] if choice == "both" else [choice]


def cmd_send_invites(args: argparse.Namespace) -> int:
    store = secret_store()
    now = _now()
    with open_ws(args) as ws:
        with ws.connect() as conn:
            rules = load_rules(conn)
            pk = visit_pk_for(conn, args.visit)
        password = smtp_password(store, rules)
        deliveries = send_invites_by_email(ws, pk, rules, _audiences(args.audience), password, now)
    _report(args.visit, deliveries)
    if args.audience != "internal":
        _company_note(rules)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    store = secret_store()
    now = _now()
    with open_ws(args) as ws:
        with ws.connect() as conn:
            rules = load_rules(conn)
            pk = visit_pk_for(conn, args.visit)
        password = caldav_password(store, rules)
        outcome = publish_to_calendar(ws, pk, rules, args.audience, password, now)
    if args.audience == "external":
        _company_note(rules)
    words = {
        "created": f"Published the {args.audience} version of visit {args.visit}",
        "updated": f"Updated the {args.audience} version of visit {args.visit}",
        "removed": f"Removed cancelled visit {args.visit} from the calendar",
        "absent": f"Visit {args.visit} is cancelled and was not on the calendar",
    }
    print(f"{words[outcome]} ({rules.caldav_url})")
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    if args.output is not None:
        check_target(args.output)
    store = secret_store()
    # The cancellation is the user's decision and is kept even if a channel fails afterwards;
    # every channel can be retried (send-invites / publish / export-ics on a cancelled visit).
    with open_ws(args) as ws:
        with ws.begin() as conn:
            pk = visit_pk_for(conn, args.visit)
            set_visit_status(conn, pk, "cancelled")
            sent_before = was_sent(conn, pk)
        print(f"Visit {args.visit} is cancelled.")
        now = _now()
        with ws.begin() as conn:
            rules = load_rules(conn)
            if args.output is not None:
                invite = invites_for_file(conn, pk, rules, args.audience, now)
                _write(args.output, invite.ics)
                print(
                    f"Wrote the {args.audience} cancellation (sequence "
                    f"{invite.content.sequence}) to {args.output}"
                )
        if (args.send or args.unpublish) and not sent_before:
            print("No invites were sent for this visit, so there is nothing to cancel elsewhere.")
            return 0
        if args.unpublish:
            with ws.connect() as conn:
                rules = load_rules(conn)
            removed = remove_from_calendar(ws, pk, rules, caldav_password(store, rules))
            print(f"Removed {removed} event(s) from the calendar ({rules.caldav_url}).")
        if args.send:
            with ws.connect() as conn:
                rules = load_rules(conn)
            password = smtp_password(store, rules)
            deliveries = send_invites_by_email(
                ws, pk, rules, ["internal", "external"], password, now
            )
            _report(args.visit, deliveries)
        if not (args.output or args.send or args.unpublish):
            print(
                "Calendars still show it until they get the cancellation: run this again with "
                "--send, --unpublish or -o FILE.ics."
            )
    return 0


# Rule names; argparse turns --organizer-email into organizer_email, the same name.
SETTING_KEYS = (
    "organizer_email",
    "organizer_name",
    "company_name",
    "smtp_host",
    "smtp_port",
    "smtp_username",
    "smtp_starttls",
    "caldav_url",
    "caldav_username",
)


def cmd_invite_settings(args: argparse.Namespace) -> int:
    changes = {key: getattr(args, key) for key in SETTING_KEYS if getattr(args, key) is not None}
    with open_ws(args) as ws, ws.begin() as conn:
        if changes:
            save_rules(conn, changes)
        rules = load_rules(conn)
    if args.forget_passwords:
        store = secret_store()
        if rules.smtp_username and rules.smtp_host:
            store.delete(smtp_key(rules.smtp_username, rules.smtp_host))
        if rules.caldav_username and rules.caldav_url:
            store.delete(caldav_key(rules.caldav_username, rules.caldav_url))
        print("Forgot the SMTP and CalDAV passwords.")
    shown = {key: getattr(rules, key) for key in SETTING_KEYS}
    if args.json:
        print_json(shown)
    else:
        for key, value in shown.items():
            print(f"{key:16} {value}")
    return 0
