"""A large calendar for the benchmark: five years of one executive, as Google exports it.

`events` counts occurrences after expansion: weekly series (52 weeks, one EXDATE, one moved
occurrence) make up about 30 % of them, one-off meetings the rest. With a workspace, the owner is
its first executive and the customers are its accounts' contacts, so a capture finds matches.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from fieldvisit.store import open_workspace
from tests.capture.calendars.company import Executive, Person
from tests.capture.calendars.google import _header, event_lines
from tests.capture.calendars.lines import google_uid, render
from tests.capture.calendars.meetings import Guest, Meeting, Override
from tests.capture.calendars.zones import google_vtimezone

SERIES_WEEKS = 52
SERIES_SHARE = 0.3
YEARS = 5


@dataclass(frozen=True)
class LargeCalendar:
    path: Path
    owner: str  # the executive's e-mail
    occurrences: int  # events after expanding every series (what a capture sees)
    vevents: int  # VEVENT components in the file (masters, overrides and one-offs)
    series: int
    start: datetime  # the first and last occurrence, UTC
    end: datetime


def _cast(workspace: Path | None) -> tuple[Executive, list[Person], list[list[Person]]]:
    """Return the owner, colleagues and customer groups (one list of contacts per account)."""
    if workspace is None:
        owner = Executive(0, "Pat Lee", "pat.lee@lumenridge.example", "America/New_York", "")
        colleagues = [
            Person(f"Colleague {i}", f"colleague{i}@lumenridge.example") for i in range(8)
        ]
        groups = [[Person(f"Buyer {a}-{i}", f"buyer{i}@customer{a:03d}.example") for i in range(3)]
                  for a in range(150)]  # fmt: skip
        return owner, colleagues, groups
    ws = open_workspace(workspace)
    try:
        with ws.connect() as conn:
            execs = conn.execute(text("SELECT id, name, email, tz, home_city FROM executive "
                                      "WHERE email IS NOT NULL AND tz IS NOT NULL ORDER BY id")).all()  # fmt: skip
            reps = conn.execute(text("SELECT name, email FROM rep WHERE email IS NOT NULL "
                                     "ORDER BY id LIMIT 12")).all()  # fmt: skip
            rows = conn.execute(text("SELECT account_id, name, email FROM contact WHERE email "
                                     "IS NOT NULL ORDER BY account_id, id")).all()  # fmt: skip
    finally:
        ws.close()
    first = execs[0]
    owner = Executive(first.id, first.name, first.email, first.tz, first.home_city or "")
    colleagues = [Person(e.name, e.email) for e in execs[1:]] + [
        Person(r.name, r.email) for r in reps
    ]
    by_account: dict[int, list[Person]] = {}
    for r in rows:
        by_account.setdefault(r.account_id, []).append(Person(r.name, r.email))
    return owner, colleagues, list(by_account.values())


def large_calendar(path: Path, events: int = 10_000, *, workspace: Path | None = None,
                   as_of: date | None = None, seed: int = 7) -> LargeCalendar:  # fmt: skip
    """Write `path` (a Google-style .ics of `events` occurrences over five years); describe it."""
    rng = random.Random(seed)
    as_of = as_of or date.today()
    owner, colleagues, groups = _cast(workspace)
    zone = ZoneInfo(owner.tz)
    exported = datetime.combine(as_of, time(6), UTC)
    first_day = as_of - timedelta(days=365 * YEARS)
    span = (as_of - first_day).days - 1
    n_series = max(1, int(events * SERIES_SHARE) // (SERIES_WEEKS - 1))
    one_offs = events - n_series * (SERIES_WEEKS - 1)
    if one_offs < 0:
        raise ValueError(f"{events} events are too few for one weekly series")
    meetings: list[Meeting] = []

    def meeting(key: str, start: datetime, minutes: int, customer: bool, **more: object) -> Meeting:
        people = rng.choice(groups)[:3] if customer else rng.sample(colleagues, 2)
        title = f"Meeting with {people[0].email.split('@')[1]}" if customer else "1:1"
        created = start.astimezone(UTC) - timedelta(days=10)
        return Meeting(key, google_uid(f"large/{seed}/{key}"), title, start,
                       start + timedelta(minutes=minutes), owner.person,
                       tuple(Guest(p) for p in people), created, created + timedelta(hours=1),
                       description="Agenda attached.", **more)  # type: ignore[arg-type]  # fmt: skip

    for i in range(n_series):
        day = first_day + timedelta(days=i * max(1, span - 7 * SERIES_WEEKS) // n_series)
        day += timedelta(days=(1 - day.weekday()) % 7)  # Tuesdays
        start = datetime.combine(day, time(9 + i % 8, 0), zone)
        m = meeting(f"series-{i}", start, 30, customer=i % 2 == 0,
                    weekly=("TU", SERIES_WEEKS, None))  # fmt: skip
        series = m.series()
        moved = datetime.combine(series[11].date() + timedelta(days=1), series[11].timetz())
        meetings.append(m.with_changes(
            exdates=(series[5],), overrides=(Override(series[11], moved, moved + timedelta(minutes=30)),)
        ))  # fmt: skip
    workdays = [first_day + timedelta(days=d) for d in range(span)]
    workdays = [d for d in workdays if d.weekday() < 5]
    for i in range(one_offs):
        day = workdays[i * len(workdays) // max(1, one_offs)]
        start = datetime.combine(day, time(8 + rng.randrange(10), rng.choice((0, 30))), zone)
        start = start.astimezone(UTC)
        meetings.append(
            meeting(f"one-{i}", start, rng.choice((30, 45, 60, 90)), rng.random() < 0.7)
        )

    lines = _header(owner.email, owner.tz) + google_vtimezone(owner.tz, as_of.year)
    vevents = 0
    for m in meetings:
        lines += event_lines(m, owner, exported)
        vevents += 1
        for o in m.overrides:
            lines += event_lines(m, owner, exported, o)
            vevents += 1
    lines.append("END:VCALENDAR")
    path.write_bytes(render(lines))
    starts = [s.astimezone(UTC) for m in meetings for s, _ in m.occurrences()]
    return LargeCalendar(
        path, owner.email, len(starts), vevents, n_series, min(starts), max(starts)
    )
