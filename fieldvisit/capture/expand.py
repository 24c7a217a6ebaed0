"""Events into occurrences in the window: single events directly, series by recurring-ical-events.

A single event (no RRULE, RDATE or RECURRENCE-ID) is its own one occurrence; series are expanded
by `recurring-ical-events` (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides that move or cancel
one occurrence), lazily, so a rule without end stops at the cap. What every occurrence of one
source event shares is worked out once.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import icalendar
import recurring_ical_events

from fieldvisit.capture.events import (
    MAX_OCCURRENCES,
    Component,
    EventFacts,
    Occurrence,
    Window,
    aware,
    calendar_name,
    calendar_zone,
    check_events,
    event_facts,
    parse_document,
    problem,
    too_many,
    utc_text,
)
from fieldvisit.capture.sources import CalendarDocument
from fieldvisit.errors import CalendarProblem


def _series_key(value: datetime | date) -> datetime:
    """Return a RECURRENCE-ID as recurring-ical-events keys it (UTC without zone, or as written)."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


class _Events:
    """The source events of one calendar, found by (UID, RECURRENCE-ID), with their facts."""

    def __init__(self, cal: icalendar.Calendar) -> None:
        self.by_key: dict[tuple[str, datetime | None], Component] = {}
        self._facts: dict[int, EventFacts] = {}
        for event in cal.walk("VEVENT"):
            rid = event.get("RECURRENCE-ID")
            key = (str(event["UID"]), _series_key(rid.dt) if rid is not None else None)
            self.by_key[key] = event

    def source(self, occ: Any) -> Component:
        ids = occ.recurrence_ids
        found = self.by_key.get((str(occ.uid), ids[0] if ids else None))
        return found if found is not None else occ.as_component(False)

    def facts(self, component: Component) -> EventFacts:
        found = self._facts.get(id(component))
        if found is None:
            found = self._facts[id(component)] = event_facts(component)
        return found


def _occurrence(
    occ: Any, events: _Events, doc: CalendarDocument, calendar: str, zone: tzinfo
) -> Occurrence:
    """Return the Occurrence one expanded occurrence of a series describes."""
    component = events.source(occ)
    start = aware(occ.start, zone)
    end = aware(occ.end, zone) if isinstance(occ.end, date) else None
    original = component.get("RECURRENCE-ID")
    value = aware(original.dt, zone) if original is not None else start
    rid = utc_text(value) if isinstance(value, datetime) else value.isoformat()
    return _build(events.facts(component), doc, calendar, str(occ.uid), rid, start, end)


def _build(
    facts: EventFacts,
    doc: CalendarDocument,
    calendar: str,
    uid: str,
    rid: str,
    start: datetime | date,
    end: datetime | date | None,
) -> Occurrence:
    return Occurrence(
        source=doc.source,
        calendar=calendar,
        uid=uid,
        recurrence_id=rid,
        start=start,
        end=end,
        cancelled=facts.cancelled,
        private=facts.private,
        title=facts.title,
        location=facts.location,
        organizer=facts.organizer,
        attendees=facts.attendees,
        mode=facts.mode,
        busy_status=facts.busy_status,
    )


def _series_uid(series: Any) -> str:
    return str(getattr(series, "uid", "") or "")


def _single(event: Component, zone: tzinfo) -> tuple[datetime | date, datetime | date | None]:
    """Return a single event's start and end (DTEND, else DTSTART + DURATION, else RFC 5545's)."""
    start = aware(event["DTSTART"].dt, zone)
    end_prop = event.get("DTEND")
    if end_prop is not None:
        return start, aware(end_prop.dt, zone)
    duration = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        return start, start + duration.dt
    if isinstance(start, datetime):
        return start, start
    return start, start + timedelta(days=1)


def _singles(cal: icalendar.Calendar, recurring: set[str]) -> list[Component]:
    """Return the single events, one per UID (the highest SEQUENCE, as calendars resolve it)."""
    chosen: dict[str, Component] = {}
    for event in cal.walk("VEVENT"):
        uid = str(event["UID"])
        if uid in recurring:
            continue
        old = chosen.get(uid)
        if old is None or int(event.get("SEQUENCE", 0)) >= int(old.get("SEQUENCE", 0)):
            chosen[uid] = event
    return list(chosen.values())


def occurrences(
    doc: CalendarDocument,
    window: Window,
    home_zone: tzinfo,
    counted: int = 0,
    owner: str = "",
) -> Iterator[Occurrence]:
    """Yield the occurrences of one document's events starting in the window.

    Raises CalendarProblem naming the file (and event) when it cannot be read, and when the
    window holds more than MAX_OCCURRENCES occurrences (`counted`: how many earlier documents of
    the same capture gave). `owner` (the executive's e-mail) is part of the calendar's identity:
    two executives' Outlook exports are both called "Calendar".
    """
    cal = parse_document(doc, window)
    recurring = check_events(doc, cal)
    name = f"{owner}/{calendar_name(doc, cal)}" if owner else calendar_name(doc, cal)
    zone = calendar_zone(cal, home_zone)

    def kept(item: Occurrence) -> bool:
        nonlocal counted
        start = item.start
        moment = start if isinstance(start, datetime) else _day_start(start, zone)
        if not window.since <= moment < window.until:
            return False
        counted += 1
        if counted > MAX_OCCURRENCES:
            raise too_many(doc, counted, window, more=True)
        return True

    for event in _singles(cal, recurring):
        start, end = _single(event, zone)
        item = _build(event_facts(event), doc, name, str(event["UID"]), "", start, end)
        if kept(item):
            yield item
    if recurring:
        yield from _series(doc, cal, recurring, name, zone, window, kept)


def _series(
    doc: CalendarDocument,
    cal: icalendar.Calendar,
    recurring: set[str],
    name: str,
    zone: tzinfo,
    window: Window,
    kept: Any,
) -> Iterator[Occurrence]:
    """Yield the occurrences of the calendar's series, expanded by recurring-ical-events."""
    series_only = icalendar.Calendar()
    for key in ("X-WR-TIMEZONE", "CALSCALE"):
        if key in cal:
            series_only[key] = cal[key]
    for event in cal.walk("VEVENT"):
        if str(event["UID"]) in recurring:
            series_only.add_component(event)
    # A day's margin on either side: all-day and floating events are compared in their own
    # zone by the expansion; the exact window is applied to the aware starts.
    lo = window.since.date() - timedelta(days=1)
    hi = window.until.date() + timedelta(days=2)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            query = _query(series_only)
    except (ValueError, TypeError, KeyError) as exc:
        raise _culprit(doc, series_only, exc) from None
    events = _Events(series_only)
    for series in query.series:
        # Lazily: a rule without end stops at the cap, not after generating every occurrence.
        expanded = iter(series.between(lo, hi))
        while True:
            try:
                occ = next(expanded, None)
            except (ValueError, TypeError, KeyError, OverflowError) as exc:
                raise problem(doc, _series_uid(series), _reason(exc)) from None
            if occ is None:
                break
            item = _occurrence(occ, events, doc, name, zone)
            if kept(item):
                yield item


def _query(cal: Any) -> Any:
    """Return the recurrence query of a calendar.

    Google writes some series in UTC with the calendar's zone in X-WR-TIMEZONE; they repeat at
    the same local time across daylight-saving changes only when expanded in that zone, which
    `recurring_ical_events.of` does by rewriting every event. Only such a calendar pays for it:
    a single event's instant is the same in any zone.
    """
    if cal.get("X-WR-TIMEZONE"):
        for event in cal.walk("VEVENT"):
            if not (event.get("RRULE") or event.get("RDATE")):
                continue
            start = event["DTSTART"].dt
            if isinstance(start, datetime) and start.utcoffset() == timedelta(0):
                return recurring_ical_events.of(cal)
    return recurring_ical_events.CalendarQuery(cal)


def _day_start(day: date, zone: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:160] if str(exc) else exc.__class__.__name__
    return f"its times or repeat rule cannot be read ({text})"


def _culprit(doc: CalendarDocument, cal: icalendar.Calendar, exc: BaseException) -> CalendarProblem:
    """Return the problem naming the event that broke the expansion (tried one UID at a time)."""
    for event in cal.walk("VEVENT"):
        single = icalendar.Calendar()
        single.add_component(event)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                recurring_ical_events.of(single)
        except (ValueError, TypeError, KeyError) as inner:
            return problem(doc, event.get("UID"), _reason(inner))
    return problem(doc, None, _reason(exc))
