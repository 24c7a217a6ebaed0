"""`capture`: read one executive's calendar and write its customer meetings into the ledger.

The calendar is read first (files, or the CalDAV server: no lock is held across the network),
then everything is written in one short transaction: all or nothing. A dry run takes the same
path and rolls back at the end. Progress and cancel work like the importer's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.capture.decide import Owner, decide
from fieldvisit.capture.directory import load_directory
from fieldvisit.capture.events import Occurrence, Window
from fieldvisit.capture.expand import occurrences
from fieldvisit.capture.ledger import Ledger
from fieldvisit.capture.report import CaptureReport, ReviewLine
from fieldvisit.capture.review import ReviewBook
from fieldvisit.capture.sources import SourceRead, read_caldav, read_path
from fieldvisit.errors import Cancelled, NotFound
from fieldvisit.planning.visit_rows import stored_text
from fieldvisit.settings import load_rules
from fieldvisit.store import Workspace
from fieldvisit.store.team import take_lock
from fieldvisit.zones import zone

# Without --since, a file is read ten years back (an export holds what its owner chose) and a
# CalDAV calendar one year; without --until, one year ahead (recurring series never end).
FILE_YEARS_BACK = 10
CALDAV_DAYS_BACK = 366
DAYS_AHEAD = 366

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class FileSource:
    """An .ics file, a folder of them, or a .zip (Google's export)."""

    path: Path

    def describe(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class CalDAVSource:
    """One calendar on a CalDAV server (its address) and the login's user name."""

    url: str
    username: str

    def describe(self) -> str:
        return self.url


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def executive_owner(conn: Connection, executive: str) -> Owner:
    """Return the executive named by e-mail (case-blind); NotFound otherwise."""
    row = conn.execute(
        text("SELECT id, email, name, tz FROM executive WHERE lower(email) = lower(:e)"),
        {"e": executive.strip()},
    ).first()
    if row is None:
        raise NotFound(f"No executive with the e-mail {executive!r} in this workspace.")
    return Owner(row[0], row[1].lower(), row[2], row[3])


def home_zone(owner: Owner) -> tzinfo:
    """Return the zone floating times are read in: the executive's home zone, else UTC."""
    return zone(owner.tz)


def capture_window(
    source: FileSource | CalDAVSource, now: datetime, since: date | None, until: date | None
) -> Window:
    """Return the window read: [since, until + 1 day) in UTC, with the defaults above."""
    if since is not None:
        lo = datetime.combine(since, time(), UTC)
    elif isinstance(source, CalDAVSource):
        lo = now - timedelta(days=CALDAV_DAYS_BACK)
    else:
        lo = datetime(now.year - FILE_YEARS_BACK, 1, 1, tzinfo=UTC)
    hi = (
        datetime.combine(until + timedelta(days=1), time(), UTC)
        if until is not None
        else now + timedelta(days=DAYS_AHEAD)
    )
    return Window(lo, hi)


def capture(
    ws: Workspace,
    executive: str,
    source: FileSource | CalDAVSource,
    *,
    password: str | None = None,
    since: date | None = None,
    until: date | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> CaptureReport:
    """Capture the executive's customer meetings from a calendar; return what it found and did.

    `password` is the CalDAV login's, from `fieldvisit.secrets` (never stored here). Raises
    CalendarProblem for a calendar that cannot be read, NotFound for an unknown executive and
    Cancelled when `cancel()` turns true; the workspace is then unchanged.
    """
    now = now or datetime.now(UTC)
    say = progress or (lambda fraction, message: None)
    with ws.connect() as conn:
        owner = executive_owner(conn, executive)
    window = capture_window(source, now, since, until)
    report = CaptureReport(owner.email, source.describe(), window.since, window.until, dry_run)
    say(0.02, "Reading the calendar…")
    if isinstance(source, CalDAVSource):
        read = read_caldav(source.url, source.username, password, window.since, window.until)
    else:
        read = read_path(source.path)
    report.not_calendars = read.skipped
    found = _expand(read, window, home_zone(owner), owner.email, say, cancel)
    report.events = len(found)
    spans = _spans(found, window, explicit=(since, until), caldav=isinstance(source, CalDAVSource))
    report.calendars = sorted(spans)
    _check(cancel)
    say(0.6, f"Matching {len(found):,} events…")
    try:
        with ws.begin() as conn:
            take_lock(conn, "capture")  # a team workspace: one capture at a time
            _write(conn, owner, found, spans, now, report, say, cancel)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    say(1.0, "done")
    return report


def _check(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled("Capture cancelled; nothing was changed.")


def _expand(
    read: SourceRead,
    window: Window,
    zone: tzinfo,
    owner: str,
    say: Progress,
    cancel: Callable[[], bool] | None,
) -> list[Occurrence]:
    found: list[Occurrence] = []
    total = len(read.documents)
    for i, doc in enumerate(read.documents):
        _check(cancel)
        for occ in occurrences(doc, window, zone, len(found), owner):
            found.append(occ)
            if len(found) % 1000 == 0:
                _check(cancel)
        say(0.05 + 0.5 * (i + 1) / total, f"{len(found):,} events read")
    found.sort(key=lambda o: (_start(o), o.calendar, o.uid, o.recurrence_id))
    return found


def _start(occ: Occurrence) -> datetime:
    start = occ.start
    if isinstance(start, datetime):
        return start.astimezone(UTC)
    return datetime(start.year, start.month, start.day, tzinfo=UTC)


def _spans(
    found: list[Occurrence],
    window: Window,
    explicit: tuple[date | None, date | None],
    caldav: bool,
) -> dict[str, tuple[str, str]]:
    """Return, per calendar, the span in which a captured meeting missing from it is gone.

    A bound the user gave (or a CalDAV query's window) is the bound; otherwise the calendar's
    own first and last event: an export covers what its owner chose, and what lies outside it
    is unknown, not deleted.
    """
    starts: dict[str, list[datetime]] = defaultdict(list)
    for occ in found:
        starts[occ.calendar].append(_start(occ))
    spans = {}
    for calendar, moments in starts.items():
        lo = window.since if caldav or explicit[0] is not None else min(moments)
        hi = (
            window.until
            if caldav or explicit[1] is not None
            else max(moments) + timedelta(seconds=1)
        )
        spans[calendar] = (stored_text(lo), stored_text(hi))
    return spans


def _write(
    conn: Connection,
    owner: Owner,
    found: list[Occurrence],
    spans: dict[str, tuple[str, str]],
    now: datetime,
    report: CaptureReport,
    say: Progress,
    cancel: Callable[[], bool] | None,
) -> None:
    rules = load_rules(conn)
    directory = load_directory(conn)
    contact_accounts = {
        c.contact_pk: c.account_pk for refs in directory.contacts.values() for c in refs
    }
    calendars = sorted(spans)
    ledger = Ledger(conn, now, rules, calendars, contact_accounts)
    ledger.prime_own_uids({o.uid for o in found})
    book = ReviewBook(conn, calendars, now)
    skipped: dict[str, int] = defaultdict(int)
    for i, occ in enumerate(found):
        if i % 500 == 0:
            _check(cancel)
            say(0.6 + 0.35 * i / max(len(found), 1), f"{i:,} of {len(found):,} events matched")
        key = (occ.calendar, occ.uid, occ.recurrence_id)
        state = book.state(key)
        if state == "dismissed":
            skipped["dismissed"] += 1
            continue
        known = ledger.known.get(key)
        known_account = ledger.visit_account(known.visit_pk) if known is not None else None
        decision = decide(
            occ, owner, directory, now, confirmed=state == "assigned", known_account=known_account
        )
        if decision.action == "skip":
            skipped[decision.reason] += 1
            if state == "open":
                book.counted(key, None)
        elif decision.action == "review":
            book.listed(occ, owner, decision, directory)
            match = decision.match
            assert isinstance(occ.start, datetime)
            report.review.append(
                ReviewLine(
                    occ.uid,
                    occ.recurrence_id,
                    occ.start.astimezone(UTC),
                    decision.reason,
                    match.domains if match else (),
                    occ.title,
                )
            )
        else:
            assert decision.meeting is not None
            ledger.record(decision.meeting)
            book.counted(key, ledger.known[key].visit_pk)
    for calendar, (lo, hi) in spans.items():
        book.drop_vanished(calendar, lo, hi)
        ledger.close_gone(calendar, lo, hi)
    ledger.finish()
    _check(cancel)  # the last moment a cancel can still roll everything back
    report.skipped = dict(skipped)
    for name in ("new", "updated", "merged", "cancelled", "unchanged"):
        setattr(report, name, ledger.counts[name])
