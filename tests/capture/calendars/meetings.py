"""A meeting as the truth behind every calendar copy: who organized it, who answered what, when.

The vendor modules render the same Meeting differently (Outlook leaves PARTSTAT out, Google
writes UTC, Apple keeps its own X- properties); what the meeting *is* lives here once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.capture.calendars.company import Account, Person
from tests.capture.calendars.lines import digest

# Planted in every description (never to be stored) and in private meetings' title and location
# (never to be kept): a capture's privacy test searches the workspace for them.
DESCRIPTION_MARKER = "Ref. NOTES-7Q2X"
PRIVATE_MARKER = "Project Halcyon"


@dataclass(frozen=True)
class Guest:
    person: Person
    answer: str = "ACCEPTED"  # ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION
    optional: bool = False


@dataclass(frozen=True)
class Conference:
    kind: str  # teams, meet, zoom, webex, dial-in
    url: str | None
    phone: str | None = None
    meeting_id: str = ""


@dataclass(frozen=True)
class Override:
    """One changed occurrence of a series: moved (new start/end) or cancelled."""

    original: datetime  # the occurrence's start as the series gives it (the RECURRENCE-ID)
    start: datetime | None = None
    end: datetime | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class Meeting:
    key: str  # the case it belongs to
    uid: str
    summary: str
    start: datetime | date  # aware (its zone is the TZID), naive (floating) or a date (all-day)
    end: datetime | date
    organizer: Person
    guests: tuple[Guest, ...]  # everyone but the organizer
    created: datetime
    modified: datetime
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"
    private: bool = False
    conference: Conference | None = None
    weekly: tuple[str, int | None, datetime | None] | None = None  # (BYDAY, COUNT, UNTIL)
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[Override, ...] = ()
    sequence: int = 0
    place: Account | None = None
    alarm: bool = True

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def floating(self) -> bool:
        return isinstance(self.start, datetime) and self.start.tzinfo is None

    @property
    def zone(self) -> str | None:
        """Return the IANA zone the times are written in (None: all-day or floating)."""
        if isinstance(self.start, datetime) and isinstance(self.start.tzinfo, ZoneInfo):
            return self.start.tzinfo.key
        return None

    def answer_of(self, email: str) -> str | None:
        """Return what `email` answered (the organizer counts as accepted), None if not invited."""
        if email == self.organizer.email:
            return "ACCEPTED"
        return next((g.answer for g in self.guests if g.person.email == email), None)

    def series(self, horizon: datetime | None = None) -> list[datetime]:
        """Return the starts the weekly rule gives (before EXDATEs and overrides), up to
        `horizon` for a series without end."""
        if self.weekly is None:
            return [self.start] if isinstance(self.start, datetime) else []
        assert isinstance(self.start, datetime)
        _, count, until = self.weekly
        out: list[datetime] = []
        day = self.start
        until = until or horizon
        if count is None and until is None:
            raise ValueError(f"{self.key}: a series without end needs a horizon")
        while (count is None or len(out) < count) and (until is None or day <= until):
            out.append(day)
            # Whole days in the local zone: 10:00 stays 10:00 across a DST change.
            day = datetime.combine(day.date() + timedelta(days=7), day.timetz())
        return out

    def occurrences(self, horizon: datetime | None = None) -> list[tuple[datetime, datetime]]:
        """Return (start, end) of every occurrence that takes place, EXDATEs and cancels removed."""
        assert isinstance(self.start, datetime) and isinstance(self.end, datetime)
        length = self.end - self.start
        moved = {o.original: o for o in self.overrides}
        out = []
        for start in self.series(horizon):
            if start in self.exdates:
                continue
            override = moved.get(start)
            if override is None:
                out.append((start, start + length))
            elif not override.cancelled:
                assert override.start is not None and override.end is not None
                out.append((override.start, override.end))
        return out

    def with_changes(self, **changes: object) -> Meeting:
        return replace(self, **changes)  # type: ignore[arg-type]


def workday(as_of: date, days: int) -> date:
    """Return as_of + days, moved off a weekend away from as_of (so never nearer to it)."""
    day = as_of + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1 if days > 0 else -1)
    return day


def at(day: date, hour: int, minute: int, zone: str) -> datetime:
    """Return day at hour:minute local time in `zone`."""
    return datetime.combine(day, time(hour, minute), ZoneInfo(zone))


def teams(key: str) -> Conference:
    """Return a Teams meeting with a stable join link and dial-in (fictional numbers)."""
    raw = digest("teams", key).hex()
    thread = f"19%3ameeting_{raw[:48]}%40thread.v2"
    tenant = f"{raw[0:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:32]}"
    oid = f"{raw[32:40]}-{raw[40:44]}-{raw[44:48]}-{raw[48:52]}-{raw[52:64]}"
    url = (
        f"https://teams.microsoft.com/l/meetup-join/{thread}/0?context=%7b%22Tid%22%3a%22"
        f"{tenant}%22%2c%22Oid%22%3a%22{oid}%22%7d"
    )
    number = int(raw[:10], 16) % 10**12
    meeting_id = " ".join(f"{number:012d}"[i : i + 3] for i in range(0, 12, 3))
    return Conference("teams", url, "+1 323-555-0142", meeting_id)


def meet(key: str) -> Conference:
    raw = digest("meet", key)
    letters = "".join(chr(ord("a") + b % 26) for b in raw[:10])
    code = f"{letters[:3]}-{letters[3:7]}-{letters[7:10]}"
    return Conference("meet", f"https://meet.google.com/{code}", "+1 609-555-0117", code)


def zoom(key: str) -> Conference:
    number = int.from_bytes(digest("zoom", key)[:6], "big") % 10**11
    url = f"https://us02web.zoom.us/j/{number:011d}?pwd=c2VjcmV0LXBhc3Njb2RlLXN0YW5kaW4"
    spaced = f"{number:011d}"
    return Conference("zoom", url, "+1 646-555-0198", f"{spaced[:3]} {spaced[3:7]} {spaced[7:]}")


def webex(key: str) -> Conference:
    token = digest("webex", key).hex()[:32]
    return Conference("webex", f"https://meetings.webex.com/meet/j.php?MTID=m{token}", None)


def dial_in(key: str) -> Conference:
    pin = int.from_bytes(digest("dial", key)[:4], "big") % 10**6
    return Conference("dial-in", None, "+1 646-555-0199", f"{pin:06d}")


def description(notes: str, conference: Conference | None, organizer: Person) -> str:
    """Return a description: the organizer's notes, then the join block its tool appends."""
    body = f"{notes}\n{DESCRIPTION_MARKER}"
    if conference is None:
        return body
    rule = "_" * 80
    if conference.kind == "teams":
        return (
            f"{body}\n\n{rule}\nMicrosoft Teams meeting\nJoin on your computer, mobile app or "
            f"room device\nClick here to join the meeting<{conference.url}>\nMeeting ID: "
            f"{conference.meeting_id}\nPasscode: Xk4qv9\nDownload Teams<https://www.microsoft"
            ".com/en-us/microsoft-teams/download-app> | Join on the web<https://www.microsoft.com"
            "/microsoft-teams/join-a-meeting>\nOr call in (audio only)\n"
            f"{conference.phone},,{conference.meeting_id.replace(' ', '')}#   United States, "
            "Los Angeles\nLearn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://"
            f"teams.microsoft.com/meetingOptions/>\n{rule}\n"
        )
    if conference.kind == "meet":
        fence = "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"
        return (
            f"{body}\n\n{fence}\nJoin with Google Meet: {conference.url}\nOr dial: (US) "
            f"{conference.phone} PIN: 482117339#\nMore phone numbers: https://tel.meet/"
            f"{conference.meeting_id}?pin=4821173391234&hs=7\n\nLearn more about Meet at: "
            "https://support.google.com/a/users/answer/9282720\n\nPlease do not edit this "
            f"section.\n{fence}"
        )
    if conference.kind == "zoom":
        return (
            f"{body}\n\n{organizer.name} is inviting you to a scheduled Zoom meeting.\n\nJoin "
            f"Zoom Meeting\n{conference.url}\n\nMeeting ID: {conference.meeting_id}\nPasscode: "
            f"428191\n\n---\n\nOne tap mobile\n{conference.phone},,"
            f"{conference.meeting_id.replace(' ', '')}# US (New York)\n"
        )
    if conference.kind == "webex":
        return (
            f"{body}\n\nJoin Webex meeting\n{conference.url}\nMeeting number (access code): "
            "2634 118 5520\nMeeting password: Lr7hQm2\n"
        )
    return (
        f"{body}\n\nConference line (audio only)\nDial-in: {conference.phone}\n"
        f"Participant PIN: {conference.meeting_id}#\n"
    )


# Outlook's Save Calendar asks for a date range; these are the bounds written as X-CALSTART/END.
WINDOW_BEFORE = timedelta(days=42)
WINDOW_AFTER = timedelta(days=28)
UNKNOWN_DOMAIN = "harborlight-advisory.example"
# What organizers write in the body; internal remarks included, which is why none may be stored.
NOTES = (
    "Agenda: renewal timeline, open support tickets, next steps.",
    "Goal: agree the rollout plan and who signs on their side.",
    "Bring the pricing sheet; their CFO may join for the second half.",
    "Follow-up from the QBR: integration roadmap and the success plan.",
    "Prep: keep the discount ceiling (12%) to ourselves; they are also talking to a competitor.",
)


def export_time(as_of: date, time: int) -> datetime:
    """Return when the calendars were exported: early on the as-of day, a day later at time 2."""
    return datetime.combine(as_of, datetime.min.time(), UTC) + timedelta(days=time - 1, hours=6)


def window(as_of: date) -> tuple[datetime, datetime]:
    """Return the date range every calendar's meetings lie in (Outlook's X-CALSTART/X-CALEND)."""
    start = datetime.combine(as_of - WINDOW_BEFORE, datetime.min.time(), UTC)
    return start, datetime.combine(as_of + WINDOW_AFTER, datetime.min.time(), UTC)


def personal_address(person: Person) -> Person:
    """Return the same person's private gmail.com address (what a customer sometimes uses)."""
    return Person(person.name, person.email.split("@")[0] + "@gmail.com")
