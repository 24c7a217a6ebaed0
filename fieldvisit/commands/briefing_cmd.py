"""`briefing`: the printable briefing pack as a PDF, one page per visit.

`--visit ID` for one visit; `--week` for the seven days from the as-of date (`--exec EMAIL` for
one executive's). The PDF is laid out by Qt (fieldvisit.ui.briefing, imported only here, when
the command runs), under the offscreen platform: the command draws no window, so it needs no
display and none of the X11 libraries a window would.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fieldvisit.commands.common import add_as_of, as_of_for, open_ws
from fieldvisit.errors import FieldVisitError
from fieldvisit.paper import PAPERS
from fieldvisit.planning.briefing_facts import briefings_for, week_of, week_pack_visits
from fieldvisit.planning.lookup import executive_pk_for, visit_pk_for
from fieldvisit.planning.wording import count, weekday_day
from fieldvisit.settings import load_rules


class BriefingRefused(FieldVisitError):
    """The briefing command was asked for something it will not do (overwrite, mixed options)."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "briefing",
        help="save the briefing pack (PDF, a page per visit) for a visit or the coming week",
        description="Save a printable briefing pack: for each visit, the account, when and "
        "where, who attends on both sides, the deal with its stage and stall signals, the last "
        "visits with their debriefs, open next steps, and the objective and agenda. "
        "--visit ID for one visit; --week for every planned visit of the seven days from the "
        "as-of date, --exec EMAIL --week for one executive's.",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--visit", metavar="VISIT_ID", help="the visit to brief")
    which.add_argument(
        "--week", action="store_true", help="the planned visits of the seven days from --as-of"
    )
    p.add_argument("--exec", metavar="EMAIL", help="with --week: only this executive's visits")
    add_as_of(p, "the first day of the week, and the day the deal is described on")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--paper",
        choices=PAPERS,
        help="a4 or letter (default: your locale's: letter in the "
        "US, Canada, Mexico, the Philippines …, a4 elsewhere)",
    )
    p.add_argument("--force", action="store_true", help="replace FILE.pdf if it exists")
    p.set_defaults(handler=cmd_briefing)


def _use_offscreen_platform() -> None:
    """Draw without a window system on Linux and BSD unless the user chose a platform."""
    if sys.platform not in ("win32", "darwin") and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def cmd_briefing(args: argparse.Namespace) -> int:
    if args.exec and not args.week:
        raise BriefingRefused("briefing: --exec EMAIL goes with --week.")
    target: Path = args.output
    if target.is_dir():
        raise BriefingRefused(f"{target} is a folder; give the PDF's file name with -o.")
    if target.exists() and not args.force:
        raise BriefingRefused(
            f"{target} already exists; Field Visit will not overwrite it (--force replaces it)."
        )
    with open_ws(args) as ws, ws.connect() as conn:
        as_of = as_of_for(args, conn)
        rules = load_rules(conn)
        if args.visit is not None:
            visit_pks = [visit_pk_for(conn, args.visit)]
        else:
            exec_pk = executive_pk_for(conn, args.exec) if args.exec else None
            visit_pks = week_pack_visits(conn, as_of, exec_pk)
        briefs = briefings_for(conn, visit_pks, as_of, rules)
    _use_offscreen_platform()
    from fieldvisit.ui.briefing import (
        default_paper,
        ensure_gui_application,
        pack_title,
        write_briefing_pdf,
    )

    ensure_gui_application()
    paper = args.paper or default_paper()
    pages = write_briefing_pdf(briefs, as_of, target, paper, pack_title(briefs))
    what = f"{count(len(briefs), 'visit')}"
    if args.week:
        first, last = week_of(as_of)
        what += f", {weekday_day(first, as_of)} to {weekday_day(last, as_of)}"
    paper_name = {"a4": "A4", "letter": "Letter"}[paper]
    print(f"Saved {target}: {count(pages, 'page')} ({paper_name}, {what}).")
    return 0
