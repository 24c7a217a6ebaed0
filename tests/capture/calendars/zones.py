"""VTIMEZONE blocks as each vendor writes them, derived from the zone database for one year.

Outlook names zones the Windows way (`Pacific Standard Time`) with a 1601 start and a yearly rule;
Google writes the IANA name with X-LIC-LOCATION and a 1970 start; Apple writes the IANA name, the
daylight part first, with the year the current rule began.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# CLDR windowsZones (the table icalendar's windows_to_olson is built from), for every zone a
# demo city lies in.
WINDOWS_ZONES = {
    "America/Chicago": "Central Standard Time",
    "America/Denver": "Mountain Standard Time",
    "America/Detroit": "Eastern Standard Time",
    "America/Edmonton": "Mountain Standard Time",
    "America/Los_Angeles": "Pacific Standard Time",
    "America/Mexico_City": "Central Standard Time (Mexico)",
    "America/Monterrey": "Central Standard Time (Mexico)",
    "America/New_York": "Eastern Standard Time",
    "America/Phoenix": "US Mountain Standard Time",
    "America/Sao_Paulo": "E. South America Standard Time",
    "America/Toronto": "Eastern Standard Time",
    "America/Vancouver": "Pacific Standard Time",
    "Asia/Kolkata": "India Standard Time",
    "Asia/Singapore": "Singapore Standard Time",
    "Asia/Tokyo": "Tokyo Standard Time",
    "Australia/Brisbane": "E. Australia Standard Time",
    "Australia/Melbourne": "AUS Eastern Standard Time",
    "Australia/Perth": "W. Australia Standard Time",
    "Australia/Sydney": "AUS Eastern Standard Time",
    "Europe/Amsterdam": "W. Europe Standard Time",
    "Europe/Berlin": "W. Europe Standard Time",
    "Europe/London": "GMT Standard Time",
    "Europe/Madrid": "Romance Standard Time",
    "Europe/Paris": "Romance Standard Time",
    "Europe/Rome": "W. Europe Standard Time",
    "Europe/Stockholm": "W. Europe Standard Time",
    "Europe/Zurich": "W. Europe Standard Time",
}


def windows_name(zone: str) -> str:
    """Return the Windows name Outlook writes for an IANA zone."""
    try:
        return WINDOWS_ZONES[zone]
    except KeyError:
        raise ValueError(
            f"no Windows zone name known for {zone}; add it to WINDOWS_ZONES"
        ) from None


@dataclass(frozen=True)
class Change:
    """One yearly change of offset: when (local wall time before it) and from/to which offset."""

    local: datetime  # naive wall-clock time, in the offset before the change
    before: timedelta
    after: timedelta
    name: str  # the abbreviation after the change (EDT, CET, …)
    daylight: bool

    def rule(self) -> str:
        """Return the yearly RRULE part (`BYMONTH=3;BYDAY=2SU`), `-1` for the last weekday."""
        day = self.local.day
        last = day + 7 > calendar.monthrange(self.local.year, self.local.month)[1]
        nth = -1 if last else (day - 1) // 7 + 1
        weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[self.local.weekday()]
        return f"BYMONTH={self.local.month};BYDAY={nth}{weekday}"

    def date_in(self, year: int) -> date:
        """Return the day this rule falls on in another year."""
        month = self.local.month
        days = [
            d
            for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == self.local.weekday()
        ]
        nth = self.rule().split("BYDAY=")[1][:-2]
        return date(year, month, days[-1] if nth == "-1" else days[int(nth) - 1])


def changes(zone: str, year: int) -> list[Change]:
    """Return the offset changes of `zone` in `year` (empty when the zone keeps one offset)."""
    tz = ZoneInfo(zone)
    out: list[Change] = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(tz).utcoffset()
    while moment < end:
        step = moment + timedelta(hours=1)
        after = step.astimezone(tz).utcoffset()
        if after != offset:
            assert offset is not None and after is not None
            lo, hi = moment, step
            while hi - lo > timedelta(minutes=1):  # zones change on whole minutes
                mid = lo + (hi - lo) / 2
                if mid.astimezone(tz).utcoffset() == offset:
                    lo = mid
                else:
                    hi = mid
            local = (hi + offset).replace(tzinfo=None)
            shown = hi.astimezone(tz)
            out.append(Change(local, offset, after, shown.tzname() or "", bool(shown.dst())))
            offset = after
        moment = step
    return out


def standard_offset(zone: str, year: int) -> tuple[timedelta, str]:
    """Return the offset and abbreviation of a zone without changes in `year`."""
    moment = datetime(year, 1, 15, 12, tzinfo=UTC).astimezone(ZoneInfo(zone))
    offset = moment.utcoffset()
    assert offset is not None
    return offset, moment.tzname() or ""


def offset_text(offset: timedelta) -> str:
    """Return a UTC-OFFSET value (`-0500`, `+0530`)."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{mins:02d}"


def _split(zone: str, year: int) -> tuple[Change | None, Change | None]:
    found = changes(zone, year)
    daylight = next((c for c in found if c.daylight), None)
    standard = next((c for c in found if not c.daylight), None)
    return daylight, standard


def outlook_vtimezone(zone: str, year: int) -> list[str]:
    """Return a VTIMEZONE as Outlook writes it: Windows TZID, 1601 starts, yearly rules."""
    daylight, standard = _split(zone, year)
    out = ["BEGIN:VTIMEZONE", f"TZID:{windows_name(zone)}"]
    if daylight is None or standard is None:
        offset, _ = standard_offset(zone, year)
        text = offset_text(offset)
        return [
            *out,
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            f"TZOFFSETFROM:{text}",
            f"TZOFFSETTO:{text}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    for kind, change in (("STANDARD", standard), ("DAYLIGHT", daylight)):
        start = datetime.combine(change.date_in(1601), change.local.time())
        out += [
            f"BEGIN:{kind}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=YEARLY;{_outlook_rule(change)}",
            f"TZOFFSETFROM:{offset_text(change.before)}",
            f"TZOFFSETTO:{offset_text(change.after)}",
            f"END:{kind}",
        ]
    return [*out, "END:VTIMEZONE"]


def _outlook_rule(change: Change) -> str:
    """Outlook's order: `BYDAY=2SU;BYMONTH=3`."""
    month, day = change.rule().split(";")
    return f"{day};{month}"


def google_vtimezone(zone: str, year: int) -> list[str]:
    """Return a VTIMEZONE as Google Calendar's export writes it (X-LIC-LOCATION, 1970 starts)."""
    daylight, standard = _split(zone, year)
    out = ["BEGIN:VTIMEZONE", f"TZID:{zone}", f"X-LIC-LOCATION:{zone}"]
    if daylight is None or standard is None:
        offset, name = standard_offset(zone, year)
        text = offset_text(offset)
        return [
            *out,
            "BEGIN:STANDARD",
            f"TZOFFSETFROM:{text}",
            f"TZOFFSETTO:{text}",
            f"TZNAME:{name}",
            "DTSTART:19700101T000000",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    for kind, change in (("DAYLIGHT", daylight), ("STANDARD", standard)):
        start = datetime.combine(change.date_in(1970), change.local.time())
        out += [
            f"BEGIN:{kind}",
            f"TZOFFSETFROM:{offset_text(change.before)}",
            f"TZOFFSETTO:{offset_text(change.after)}",
            f"TZNAME:{change.name}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=YEARLY;{change.rule()}",
            f"END:{kind}",
        ]
    return [*out, "END:VTIMEZONE"]


def apple_vtimezone(zone: str, year: int) -> list[str]:
    """Return a VTIMEZONE as Apple Calendar exports it (daylight first, a 2007 start)."""
    daylight, standard = _split(zone, year)
    out = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    if daylight is None or standard is None:
        offset, name = standard_offset(zone, year)
        text = offset_text(offset)
        return [
            *out,
            "BEGIN:STANDARD",
            f"TZOFFSETFROM:{text}",
            "DTSTART:20010101T000000",
            f"TZNAME:{name}",
            f"TZOFFSETTO:{text}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    for kind, change in (("DAYLIGHT", daylight), ("STANDARD", standard)):
        start = datetime.combine(change.date_in(2007), change.local.time())
        out += [
            f"BEGIN:{kind}",
            f"TZOFFSETFROM:{offset_text(change.before)}",
            f"RRULE:FREQ=YEARLY;{change.rule()}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"TZNAME:{change.name}",
            f"TZOFFSETTO:{offset_text(change.after)}",
            f"END:{kind}",
        ]
    return [*out, "END:VTIMEZONE"]


def has_daylight_saving(zone: str, year: int) -> bool:
    """Return True when the zone changes offset during `year`."""
    return bool(changes(zone, year))
