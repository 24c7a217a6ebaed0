"""The meetings behind every case, built from the cast and the as-of date, at time 1 or time 2."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.capture.calendars.company import Account, Cast, Person
from tests.capture.calendars.lines import apple_uid, digest, google_uid, outlook_uid
from tests.capture.calendars.meetings import (
    NOTES,
    PRIVATE_MARKER,
    UNKNOWN_DOMAIN,
    WINDOW_AFTER,
    WINDOW_BEFORE,
    Guest,
    Meeting,
    Override,
    at,
    description,
    dial_in,
    export_time,
    meet,
    personal_address,
    teams,
    webex,
    workday,
    zoom,
)


class Builder:
    """Builds each case's meetings; one method per case, named after it."""

    def __init__(self, cast: Cast, as_of: date, time: int):
        self.cast = cast
        self.as_of = as_of
        self.time = time
        self.exported = export_time(as_of, time)
        self.x = cast.executives

    # -- helpers ----------------------------------------------------------------------------
    def acct(self, role: str) -> Account:
        return self.cast.accounts[role]

    def contact(self, role: str, index: int) -> Person:
        return self.acct(role).contacts[index]

    def guests(self, role: str, *indexes: int, rep: bool = False) -> tuple[Guest, ...]:
        out = [Guest(self.contact(role, i)) for i in indexes]
        owner_rep = self.acct(role).owner_rep
        if rep and owner_rep is not None:
            out.append(Guest(owner_rep))
        return tuple(out)

    def day(self, days: int) -> date:
        return workday(self.as_of, days)

    def meeting(self, key: str, uid: str, summary: str, start: datetime | date,
                end: datetime | date, organizer: Person, guests: tuple[Guest, ...],
                notes: str | None = None, **more: object) -> Meeting:  # fmt: skip
        instant = (
            start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
        )
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        created = min(instant - timedelta(days=12), self.exported - timedelta(days=2))
        conference = more.get("conference")
        notes = notes or NOTES[digest("notes", key)[0] % len(NOTES)]
        text = description(notes, conference, organizer)  # type: ignore[arg-type]
        return Meeting(key, uid, summary, start, end, organizer, guests, created,
                       created + timedelta(hours=1), description=text, **more)  # type: ignore[arg-type]  # fmt: skip

    def build(self) -> dict[str, list[tuple[str, Meeting]]]:
        """Return, per case key, the (calendar, meeting) copies that exist at this time."""
        out: dict[str, list[tuple[str, Meeting]]] = {}
        for name in dir(self):
            if name.startswith("case_"):
                out[name[5:]] = getattr(self, name)()
        return out

    # -- Outlook ----------------------------------------------------------------------------
    def case_merge_existing_visit(self) -> list[tuple[str, Meeting]]:
        o, a, v = self.x["outlook"], self.acct("merge"), self.cast.merge_visit
        start = (v.start + timedelta(minutes=30)).astimezone(ZoneInfo(o.tz))
        m = self.meeting("merge_existing_visit", outlook_uid("merge_existing_visit"),
                         f"{a.name}: executive sponsor meeting", start, start + timedelta(hours=1),
                         o.person, self.guests("merge", 0, 1, rep=True),
                         location=v.location or a.address, place=a)  # fmt: skip
        return [("outlook", m)]

    def case_outlook_in_person(self) -> list[tuple[str, Meeting]]:
        a = self.acct("in_person")
        start = at(self.day(-19), 10, 0, a.tz)
        guests = (*self.guests("in_person", 0, 1, rep=True), Guest(a.contacts[2], optional=True))
        m = self.meeting("outlook_in_person", outlook_uid("outlook_in_person"),
                         f"{a.name} | Lumen Ridge: quarterly business review", start,
                         start + timedelta(minutes=90), self.x["outlook"].person, guests,
                         location=a.address, place=a)  # fmt: skip
        return [("outlook", m)]

    def case_outlook_teams(self) -> list[tuple[str, Meeting]]:
        a, o = self.acct("teams"), self.x["outlook"]
        start = at(self.day(-12), 8, 30, o.tz)
        m = self.meeting("outlook_teams", outlook_uid("outlook_teams"),
                         f"{a.name} | Lumen Ridge: renewal check-in", start,
                         start + timedelta(minutes=45), o.person, self.guests("teams", 0, 1),
                         location="Microsoft Teams Meeting", conference=teams("outlook_teams"))  # fmt: skip
        return [("outlook", m)]

    def case_outlook_private(self) -> list[tuple[str, Meeting]]:
        a, o = self.acct("private"), self.x["outlook"]
        start = at(self.day(-9), 12, 0, o.tz)
        m = self.meeting("outlook_private", outlook_uid("outlook_private"),
                         f"{PRIVATE_MARKER}: {a.name} leadership briefing", start,
                         start + timedelta(minutes=90), o.person, self.guests("private", 0),
                         location=f"{a.address} ({PRIVATE_MARKER} room)", private=True, place=a)  # fmt: skip
        return [("outlook", m)]

    def case_outlook_invited_accepted(self) -> list[tuple[str, Meeting]]:
        a, o = self.acct("invited"), self.x["outlook"]
        start = at(self.day(-16), 14, 0, o.tz)
        guests = (Guest(o.person), *self.guests("invited", 1))
        m = self.meeting("outlook_invited_accepted", outlook_uid("outlook_invited_accepted"),
                         "Lumen Ridge <> " + a.name, start, start + timedelta(hours=1),
                         a.contacts[0], guests, location=a.address, place=a)  # fmt: skip
        return [("outlook", m)]

    def case_outlook_tentative_past(self) -> list[tuple[str, Meeting]]:
        a, o = self.acct("tentative"), self.x["outlook"]
        start = at(self.day(-5), 11, 0, o.tz)
        guests = (Guest(o.person, "TENTATIVE"), *self.guests("tentative", 1))
        m = self.meeting("outlook_tentative_past", outlook_uid("outlook_tentative_past"),
                         f"{a.name}: architecture deep dive", start, start + timedelta(hours=1),
                         a.contacts[0], guests, location=a.address)  # fmt: skip
        return [("outlook", m)]

    def case_outlook_internal_weekly(self) -> list[tuple[str, Meeting]]:
        o = self.x["outlook"]
        first = self.as_of - WINDOW_BEFORE
        first += timedelta(days=(0 - first.weekday()) % 7)  # a Monday
        start = at(first, 9, 0, o.tz)
        until = at(self.as_of + WINDOW_AFTER - timedelta(days=1), 9, 0, o.tz)
        reps = [a.owner_rep for a in self.cast.accounts.values() if a.owner_rep][:2]
        guests = tuple(Guest(p) for p in (self.x["guest"].person, *reps))
        m = self.meeting("outlook_internal_weekly", outlook_uid("outlook_internal_weekly"),
                         "Sales leadership weekly", start, start + timedelta(minutes=30),
                         o.person, guests, location="HQ board room 12", weekly=("MO", None, until))  # fmt: skip
        return [("outlook", m)]

    def case_shared_uid(self) -> list[tuple[str, Meeting]]:
        a, o, g = self.acct("shared"), self.x["outlook"], self.x["google"]
        start = at(self.day(-6), 15, 0, o.tz)
        guests = (Guest(g.person), *self.guests("shared", 0, 1, rep=True))
        m = self.meeting("shared_uid", outlook_uid("shared_uid"),
                         f"{a.name}: executive alignment", start, start + timedelta(hours=1),
                         o.person, guests, location=a.address, place=a)  # fmt: skip
        return [("outlook", m), ("google", m)]

    def case_outlook_dial_in(self) -> list[tuple[str, Meeting]]:
        a, o = self.acct("dial_in"), self.x["outlook"]
        start = at(self.day(-3), 16, 0, o.tz)
        line = dial_in("outlook_dial_in")
        m = self.meeting("outlook_dial_in", outlook_uid("outlook_dial_in"),
                         f"Call: {a.name} contract questions", start, start + timedelta(minutes=30),
                         o.person, self.guests("dial_in", 0),
                         location=f"Dial-in {line.phone}, PIN {line.meeting_id}#", conference=line)  # fmt: skip
        return [("outlook", m)]

    def case_outlook_future_moved(self) -> list[tuple[str, Meeting]]:
        a, o = self.acct("future"), self.x["outlook"]
        start = at(self.day(9), 10, 0, a.tz)
        sequence = 1
        if self.time == 2:
            start, sequence = at(self.day(10), 14, 0, a.tz), 2
        m = self.meeting("outlook_future_moved", outlook_uid("outlook_future_moved"),
                         f"Visit {a.name} ({a.city})", start, start + timedelta(minutes=90),
                         o.person, self.guests("future", 0, 1, rep=True), location=a.address,
                         place=a, sequence=sequence)  # fmt: skip
        if self.time == 2:
            m = m.with_changes(modified=self.exported - timedelta(hours=3))
        return [("outlook", m)]

    def case_outlook_future_deleted(self) -> list[tuple[str, Meeting]]:
        if self.time == 2:
            return []  # deleted from the calendar before the second export
        a, o = self.acct("deleted"), self.x["outlook"]
        start = at(self.day(4), 13, 0, o.tz)
        m = self.meeting("outlook_future_deleted", outlook_uid("outlook_future_deleted"),
                         f"{a.name} | Lumen Ridge: pilot results", start,
                         start + timedelta(minutes=45), o.person, self.guests("deleted", 0),
                         location="Microsoft Teams Meeting", conference=teams("outlook_future_deleted"))  # fmt: skip
        return [("outlook", m)]

    def case_outlook_all_day(self) -> list[tuple[str, Meeting]]:
        a, o = self.acct("all_day"), self.x["outlook"]
        first = self.day(-23)
        guests = (Guest(o.person), *self.guests("all_day", 1))
        m = self.meeting("outlook_all_day", outlook_uid("outlook_all_day"),
                         f"Customer offsite: {a.name}", first, first + timedelta(days=2),
                         a.contacts[0], guests, location=a.address)  # fmt: skip
        return [("outlook", m)]

    # -- Google -----------------------------------------------------------------------------
    def case_google_declined(self) -> list[tuple[str, Meeting]]:
        a, g = self.acct("declined"), self.x["google"]
        start = at(self.day(-15), 10, 0, g.tz)
        guests = (Guest(g.person, "DECLINED"), *self.guests("declined", 1))
        m = self.meeting("google_declined", google_uid("google_declined"),
                         f"{a.name}: procurement review", start, start + timedelta(hours=1),
                         a.contacts[0], guests, location=a.address)  # fmt: skip
        return [("google", m)]

    def recurring_offset(self) -> int:
        """Days from as-of to the series' first future occurrence: 2-4 days, on a weekday."""
        return next(d for d in (2, 3, 4) if (self.as_of + timedelta(days=d)).weekday() < 5)

    def case_google_recurring(self) -> list[tuple[str, Meeting]]:
        a, g = self.acct("recurring"), self.x["google"]
        first_future = self.as_of + timedelta(days=self.recurring_offset())
        start = at(first_future - timedelta(weeks=5), 10, 0, g.tz)
        m = self.meeting("google_recurring", google_uid("google_recurring"),
                         f"{a.name} / Lumen Ridge weekly sync", start, start + timedelta(minutes=45),
                         g.person, self.guests("recurring", 0, 1, rep=True),
                         conference=meet("google_recurring"),
                         weekly=(("MO", "TU", "WE", "TH", "FR")[start.weekday()], 8, None))  # fmt: skip
        series = m.series()
        moved = series[3]
        shift = timedelta(days=1 if moved.weekday() < 4 else -1)
        new_start = datetime.combine(moved.date() + shift, moved.timetz())
        overrides = (
            Override(moved, new_start, new_start + timedelta(minutes=45)),
            Override(series[6], cancelled=True),
        )
        return [("google", m.with_changes(exdates=(series[2],), overrides=overrides))]

    def case_google_personal_only(self) -> list[tuple[str, Meeting]]:
        g = self.x["google"]
        start = at(self.day(-10), 17, 0, g.tz)
        guest = personal_address(self.contact("personal", 0))
        m = self.meeting("google_personal_only", google_uid("google_personal_only"),
                         "Coffee catch-up", start, start + timedelta(minutes=30), g.person,
                         (Guest(guest),), location="Café on 5th")  # fmt: skip
        return [("google", m)]

    def case_google_personal_plus_contact(self) -> list[tuple[str, Meeting]]:
        a, g = self.acct("personal_plus"), self.x["google"]
        start = at(self.day(-17), 9, 0, g.tz)
        guests = (Guest(a.contacts[0]), Guest(personal_address(a.contacts[1])))
        m = self.meeting("google_personal_plus_contact", google_uid("google_personal_plus_contact"),
                         f"{a.name}: success plan", start, start + timedelta(hours=1), g.person,
                         guests, conference=meet("google_personal_plus_contact"))  # fmt: skip
        return [("google", m)]

    def case_google_two_accounts(self) -> list[tuple[str, Meeting]]:
        first, second, g = self.acct("pair_a"), self.acct("pair_b"), self.x["google"]
        start = at(self.day(-8), 13, 0, g.tz)
        guests = (*self.guests("pair_a", 0, 1), *self.guests("pair_b", 0))
        m = self.meeting("google_two_accounts", google_uid("google_two_accounts"),
                         f"Joint roadmap workshop: {first.name} and {second.name}", start,
                         start + timedelta(hours=1), g.person, guests, location=first.address)  # fmt: skip
        return [("google", m)]

    def new_person(self, role: str, name: str, subdomain: str = "") -> Person:
        a = self.acct(role)
        person = Person(name, f"{name.lower().replace(' ', '.')}@{subdomain}{a.domain}")
        assert person.email not in {c.email for c in a.contacts}, person
        return person

    def case_google_subdomain(self) -> list[tuple[str, Meeting]]:
        g = self.x["google"]
        start = at(self.day(-11), 11, 0, g.tz)
        organizer = self.new_person("subdomain", "Sasha Lindqvist", "eu.")
        m = self.meeting("google_subdomain", google_uid("google_subdomain"),
                         "EU rollout: Lumen Ridge briefing", start, start + timedelta(hours=1),
                         organizer, (Guest(g.person),), conference=meet("google_subdomain"))  # fmt: skip
        return [("google", m)]

    def case_google_domain_new_person(self) -> list[tuple[str, Meeting]]:
        a, g = self.acct("domain"), self.x["google"]
        start = at(self.day(-4), 15, 0, g.tz)
        guest = self.new_person("domain", "Robin Okoye")
        m = self.meeting("google_domain_new_person", google_uid("google_domain_new_person"),
                         f"Intro meeting at {a.name}", start, start + timedelta(minutes=90),
                         g.person, (Guest(guest),), location=a.address)  # fmt: skip
        return [("google", m)]

    def case_google_guest_executives(self) -> list[tuple[str, Meeting]]:
        a, g = self.acct("guests"), self.x["google"]
        start = at(self.day(-18), 13, 0, g.tz)
        guests = (Guest(self.x["guest"].person), Guest(self.x["declining"].person, "DECLINED"),
                  *self.guests("guests", 0, 1, rep=True))  # fmt: skip
        m = self.meeting("google_guest_executives", google_uid("google_guest_executives"),
                         f"{a.name} executive dinner", start, start + timedelta(hours=2),
                         g.person, guests, location=a.address)  # fmt: skip
        return [("google", m)]

    def case_google_needs_action_past(self) -> list[tuple[str, Meeting]]:
        a, g = self.acct("needs_action"), self.x["google"]
        start = at(self.day(-7), 16, 0, g.tz)
        guests = (Guest(g.person, "NEEDS-ACTION"), *self.guests("needs_action", 1))
        m = self.meeting("google_needs_action_past", google_uid("google_needs_action_past"),
                         f"{a.name}: budget planning", start, start + timedelta(hours=1),
                         a.contacts[0], guests, location=a.address)  # fmt: skip
        return [("google", m)]

    def case_same_start_two_uids(self) -> list[tuple[str, Meeting]]:
        a = self.acct("same_start")
        start = at(self.day(-13), 11, 0, a.tz)
        copies = []
        for calendar in ("google", "apple"):
            owner = self.x[calendar].person
            m = self.meeting("same_start_two_uids", google_uid(f"same_start_two_uids/{calendar}"),
                             f"{a.name} strategy session", start, start + timedelta(hours=1),
                             a.contacts[0], (Guest(owner), *self.guests("same_start", 1)),
                             location=a.address, place=a)  # fmt: skip
            copies.append((calendar, m))
        return copies

    def case_google_zoom(self) -> list[tuple[str, Meeting]]:
        a, g = self.acct("zoom"), self.x["google"]
        start = at(self.day(-2), 12, 0, g.tz)
        call = zoom("google_zoom")
        m = self.meeting("google_zoom", google_uid("google_zoom"), f"{a.name} <> Lumen Ridge",
                         start, start + timedelta(minutes=45), a.contacts[0],
                         (Guest(g.person), *self.guests("zoom", 1)), location=call.url or "",
                         conference=call)  # fmt: skip
        return [("google", m)]

    def case_google_internal_weekly(self) -> list[tuple[str, Meeting]]:
        g = self.x["google"]
        first = self.as_of - timedelta(days=60)
        first += timedelta(days=(3 - first.weekday()) % 7)  # a Thursday
        start = at(first, 8, 0, g.tz)
        guests = tuple(Guest(self.x[r].person) for r in ("outlook", "guest", "declining"))
        m = self.meeting("google_internal_weekly", google_uid("google_internal_weekly"),
                         "Leadership sync", start, start + timedelta(hours=1), g.person, guests,
                         conference=meet("google_internal_weekly"), weekly=("TH", None, None))  # fmt: skip
        return [("google", m)]

    # -- Apple ------------------------------------------------------------------------------
    def case_apple_cancelled(self) -> list[tuple[str, Meeting]]:
        a, x = self.acct("cancelled"), self.x["apple"]
        start = at(self.day(-14), 10, 0, x.tz)
        guests = (Guest(x.person), *self.guests("cancelled", 1))
        m = self.meeting("apple_cancelled", google_uid("apple_cancelled"),
                         f"{a.name}: onsite workshop", start, start + timedelta(hours=1),
                         a.contacts[0], guests, location=a.address, status="CANCELLED",
                         sequence=2, place=a)  # fmt: skip
        return [("apple", m)]

    def case_apple_private(self) -> list[tuple[str, Meeting]]:
        a, x = self.acct("apple_private"), self.x["apple"]
        start = at(self.day(-20), 9, 30, x.tz)
        m = self.meeting("apple_private", outlook_uid("apple_private"),
                         f"{PRIVATE_MARKER}: {a.name} succession planning", start,
                         start + timedelta(hours=1), a.contacts[0], (Guest(x.person),),
                         location=f"{a.address}, {PRIVATE_MARKER} suite", private=True)  # fmt: skip
        return [("apple", m)]

    def case_apple_floating(self) -> list[tuple[str, Meeting]]:
        a, x = self.acct("floating"), self.x["apple"]
        start = datetime.combine(self.day(-3), datetime.min.time()).replace(hour=9)
        m = self.meeting("apple_floating", apple_uid("apple_floating"), f"Breakfast with {a.name}", start,
                         start + timedelta(hours=1), x.person, self.guests("floating", 0, 1),
                         location=a.address, place=a)  # fmt: skip
        return [("apple", m)]

    def case_apple_webex(self) -> list[tuple[str, Meeting]]:
        a, x = self.acct("webex"), self.x["apple"]
        start = at(self.day(6), 15, 0, x.tz)
        call = webex("apple_webex")
        m = self.meeting("apple_webex", outlook_uid("apple_webex"), f"{a.name}: security review",
                         start, start + timedelta(hours=1), a.contacts[0], (Guest(x.person),),
                         location="Webex", conference=call)  # fmt: skip
        return [("apple", m)]

    def case_apple_unknown_domain(self) -> list[tuple[str, Meeting]]:
        x = self.x["apple"]
        assert UNKNOWN_DOMAIN not in self.cast.all_domains
        start = at(self.day(-24), 13, 0, x.tz)
        guests = (Guest(Person("Morgan Vale", f"morgan.vale@{UNKNOWN_DOMAIN}")),
                  Guest(Person("Jo Achterberg", f"jo.achterberg@{UNKNOWN_DOMAIN}")))  # fmt: skip
        m = self.meeting("apple_unknown_domain", apple_uid("apple_unknown_domain"), "Introduction: Harborlight Advisory", start,
                         start + timedelta(hours=1), x.person, guests,
                         location="Harborlight Advisory offices")  # fmt: skip
        return [("apple", m)]

    def case_apple_tentative_past(self) -> list[tuple[str, Meeting]]:
        a, x = self.acct("apple_tentative"), self.x["apple"]
        start = at(self.day(-10), 8, 0, x.tz)
        guests = (Guest(x.person, "TENTATIVE"), *self.guests("apple_tentative", 1))
        m = self.meeting("apple_tentative_past", google_uid("apple_tentative_past"),
                         f"{a.name}: early breakfast briefing", start, start + timedelta(hours=1),
                         a.contacts[0], guests, location=a.address)  # fmt: skip
        return [("apple", m)]

    def case_apple_personal_event(self) -> list[tuple[str, Meeting]]:
        x = self.x["apple"]
        start = at(self.day(-2), 7, 30, x.tz)
        m = self.meeting("apple_personal_event", apple_uid("apple_personal_event"), "Dentist", start,
                         start + timedelta(minutes=45), x.person, (), location="")  # fmt: skip
        return [("apple-home", m)]


def build_meetings(cast: Cast, as_of: date, time: int) -> dict[str, list[tuple[str, Meeting]]]:
    """Return every case's (calendar, meeting) copies at time 1 or 2."""
    if time not in (1, 2):
        raise ValueError("time is 1 (first export) or 2 (one meeting moved, one deleted)")
    return Builder(cast, as_of, time).build()
