"""`travel-copy -o FILE [--exec EMAIL]` and `sync [--pending | --resolve VISIT --keep mine|theirs]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from fieldvisit.commands.common import Progress, open_ws, print_json, terminal_prompt
from fieldvisit.errors import FieldVisitError, WorkspaceError

if TYPE_CHECKING:
    from fieldvisit.travel.pending import Conflict, Pending, TravelState


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "travel-copy",
        help="write a local travel copy of a team workspace (whole org or one executive)",
        description="Write a NEW local workspace file with the team workspace's rows (their ids "
        "kept): the whole org, or with --exec only the accounts that executive visits. Read "
        "and debrief offline, then `fieldvisit --db FILE sync`. An existing file is refused.",
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the new file")
    p.add_argument(
        "--exec", dest="executive", metavar="EMAIL", help="only this executive's accounts"
    )
    p.set_defaults(handler=cmd_travel_copy)

    s = sub.add_parser(
        "sync",
        help="push a travel copy's changes to its team workspace and pull the latest",
        description="Push the travel copy's debriefs, next steps and visit changes to the team "
        "workspace it came from (password from the keychain), then pull the latest rows. A "
        "visit changed on both sides is a conflict: it is not pushed until you settle it "
        "(exit code 1 while one is left).",
    )
    s.add_argument("--pending", action="store_true", help="list the changes not pushed yet")
    s.add_argument(
        "--resolve", metavar="VISIT", help="settle a conflict on a visit (id or external id)"
    )
    s.add_argument("--keep", choices=("mine", "theirs"), help="with --resolve: which side wins")
    s.add_argument("--json", action="store_true", help="with --pending: print JSON")
    s.set_defaults(handler=cmd_sync)


def cmd_travel_copy(args: argparse.Namespace) -> int:
    from fieldvisit.travel.copy import refuse_existing, take_travel_copy
    from fieldvisit.travel.scope import Scope

    out = Path(args.output)
    refuse_existing(out)
    with open_ws(args) as team:
        if not team.is_team:
            raise FieldVisitError(
                "travel-copy copies a team workspace: give --db postgresql://USER@HOST/DB."
            )
        report = take_travel_copy(team, out, Scope(args.executive), progress=Progress())
    print(report.words)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from fieldvisit.travel import pending
    from fieldvisit.travel.sync import resolve, sync_copy, team_of

    if args.keep and not args.resolve or args.resolve and not args.keep:
        raise FieldVisitError("Settle a conflict with both: --resolve VISIT --keep mine|theirs.")
    with open_ws(args) as copy:
        if copy.is_team:
            raise FieldVisitError("sync runs on a travel copy: give --db FILE (the copy).")
        if args.pending:
            with copy.connect() as conn:
                state = pending.travel_state(conn)
                items = pending.pending_changes(conn, state)
                found = pending.conflicts(conn)
            return _print_pending(args, state, items, found)
        if args.resolve:
            settled = resolve(copy, args.resolve, args.keep)
            print(f"Kept {args.keep} for visit {settled[0].external_id}.")
        try:
            team = team_of(copy, prompt=terminal_prompt())
        except WorkspaceError as exc:
            if args.resolve:
                raise FieldVisitError(f"Settled, not synced yet: {exc}") from exc
            raise
        with team:
            report = sync_copy(copy, team, progress=Progress())
    for line in report.lines:
        print(line)
    return 1 if report.conflicts else 0


def _print_pending(
    args: argparse.Namespace, state: TravelState, items: list[Pending], found: list[Conflict]
) -> int:
    conflicted = {c.key for c in found}
    if args.json:
        print_json(
            {
                "source": state.source,
                "pending": [
                    {
                        "entity": p.entity,
                        "visit": p.external_id,
                        "visit_id": p.visit_id,
                        "account": p.account,
                        "new": p.new,
                        "conflict": f"{p.entity}:{p.external_id}" in conflicted,
                    }
                    for p in items
                ],
                "conflicts": [
                    {"entity": c.entity, "visit": c.external_id, "fields": c.fields} for c in found
                ],
            }
        )
        return 0
    if not items:
        print(f"Nothing to push to {state.source}.")
    for p in items:
        flag = "  (conflict)" if f"{p.entity}:{p.external_id}" in conflicted else ""
        print(f"{p.words}{flag}")
    return 0
