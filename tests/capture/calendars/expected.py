"""The scenario on one workspace: the cast, the meetings, the files, and each case's exact answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.capture.calendars import apple, google, outlook
from tests.capture.calendars.cases import ACCOUNT_ROLES, CASE_BY_KEY, CASES, Case
from tests.capture.calendars.company import Account, Cast, Executive, read_cast
from tests.capture.calendars.meetings import Meeting, export_time, window
from tests.capture.calendars.scenario import build_meetings


@dataclass(frozen=True)
class Visit:
    """One occurrence of a meeting in UTC, and the status its visit takes as of the as-of date."""

    start: datetime
    end: datetime
    status: str  # done, planned


@dataclass(frozen=True)
class Expected:
    """What a correct capture gives for one case on this workspace."""

    case: Case
    uids: dict[str, str]  # calendar (outlook, google, apple) -> UID in that calendar's file
    visits: tuple[Visit, ...]  # every occurrence that takes place (a captured case: its visits)
    account: Account | None  # the account matched (or, for review, the one it would be)
    accounts: tuple[Account, ...]  # review: every account the attendees point at
    domains: tuple[str, ...]  # external e-mail domains among organizer and attendees
    executives: tuple[str, ...]  # e-mails of the executives counted
    contacts: tuple[str, ...]  # known contacts of the account who attend
    new_people: tuple[str, ...]  # attendees at the account's domain who are not contacts yet
    time2_visits: tuple[Visit, ...] | None  # after a time-2 capture; () = its visit is cancelled


@dataclass
class Scenario:
    workspace: Path
    as_of: date
    cast: Cast

    def owner(self, calendar: str) -> Executive:
        """Return the executive whose calendar `calendar` (outlook, google, apple…) is."""
        return self.cast.executives[calendar.split("-")[0]]

    def meetings(self, time: int = 1) -> dict[str, list[tuple[str, Meeting]]]:
        return build_meetings(self.cast, self.as_of, time)

    @cached_property
    def _times(self) -> dict[int, dict[str, list[tuple[str, Meeting]]]]:
        return {1: self.meetings(1), 2: self.meetings(2)}

    def by_calendar(self, time: int = 1) -> dict[str, list[Meeting]]:
        out: dict[str, list[Meeting]] = {}
        for copies in self._times[time].values():
            for calendar, m in copies:
                out.setdefault(calendar, []).append(m)
        return out

    def write(self, folder: Path, time: int = 1) -> dict[str, list[Path]]:
        """Write the three executives' exports under `folder`; return paths per executive e-mail."""
        exported = export_time(self.as_of, time)
        found = self.by_calendar(time)
        o, g, a = (self.cast.executives[k] for k in ("outlook", "google", "apple"))
        return {
            o.email: [outlook.write(folder / "outlook", o, found.get("outlook", []), exported,
                                    window(self.as_of))],
            g.email: [google.write(folder / "google", g, found.get("google", []), self.as_of,
                                   exported)],
            a.email: apple.write(folder / "apple", a, found, exported),
        }  # fmt: skip

    def visits_of(self, m: Meeting, owner: Executive) -> tuple[Visit, ...]:
        if m.all_day:
            return ()
        noon = datetime.combine(self.as_of, time(12), UTC)
        out = []
        for start, end in m.occurrences(horizon=window(self.as_of)[1]):
            if start.tzinfo is None:  # floating: the owner's home zone
                start, end = (t.replace(tzinfo=ZoneInfo(owner.tz)) for t in (start, end))
            start, end = start.astimezone(UTC), end.astimezone(UTC)
            out.append(Visit(start, end, "done" if start < noon else "planned"))
        return tuple(sorted(out, key=lambda v: v.start))

    def expected(self, key: str) -> Expected:
        """Return the exact answer for case `key` on this workspace."""
        case = CASE_BY_KEY[key]
        copies = self._times[1].get(key, [])
        uids = {calendar.split("-")[0]: m.uid for calendar, m in copies}
        if key == "google_holidays":
            uids = {"google": google.holiday_uid(google.holidays(self.as_of)[0][0])}
        account = self.cast.accounts.get(case.account) if case.account else None
        accounts = tuple(self.cast.accounts[r] for r in case.accounts)
        if not copies:
            return Expected(case, uids, (), account, accounts, (), (), (), (), None)
        calendar, m = copies[0]
        owner = self.owner(calendar)
        people = [m.organizer, *(g.person for g in m.guests)]
        ours = self.cast.our_domains
        domains = sorted({p.email.split("@")[1] for p in people} - set(ours))
        executives = tuple(self.cast.executives[r].email for r in case.executives)
        contacts: tuple[str, ...] = ()
        new_people: tuple[str, ...] = ()
        if account is not None:
            known = {c.email for c in account.contacts}
            contacts = tuple(p.email for p in people if p.email in known)
            new_people = tuple(
                p.email for p in people if p.email not in known and
                (p.email.endswith("@" + account.domain) or p.email.endswith("." + account.domain))
            )  # fmt: skip
        time2 = None
        if case.time2 is not None:
            later = self._times[2].get(key, [])
            time2 = self.visits_of(later[0][1], owner) if later else ()
        return Expected(case, uids, self.visits_of(m, owner), account, accounts, tuple(domains),
                        executives, contacts, new_people, time2)  # fmt: skip

    def all_expected(self) -> dict[str, Expected]:
        return {case.key: self.expected(case.key) for case in CASES}


def scenario(workspace: Path, as_of: date) -> Scenario:
    """Read the workspace's facts and return the scenario built on them."""
    return Scenario(Path(workspace), as_of, read_cast(Path(workspace), as_of, ACCOUNT_ROLES))


__all__ = ["Expected", "Scenario", "Visit", "scenario"]
