"""Checks before a visit is planned: another visit of the same executive at that time, and a
start on a weekend, public holiday or company closure.

One owner for both rules: `plan_visit` refuses a clash (a second visit on the same deal always;
another visit only unless the caller asked and the user said yes), the command line and the
plan dialog show `day_warning` and plan anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.periods import stored_utc
from fieldvisit.planning.visit_rows import stored_text
from fieldvisit.planning.workdays import WEEKDAY_NAMES, WorkingDays
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_of
from fieldvisit.zones import zone as _zone

# Visits stored without an end count as this long when looking for an overlap.
ASSUMED_MINUTES = 60


def _place(tz: str | None) -> str:
    return (tz or "UTC").rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class Clash:
    """Another visit of one of the same executives that overlaps the new one."""

    visit_pk: int
    visit_id: str
    account_name: str
    executive_name: str
    start: datetime  # aware, UTC
    end: datetime
    same_deal: bool
    zone: str | None  # the time zone of the visit being planned (its times are shown there)
    other_zone: str | None  # the clashing visit's own account zone

    def hours(self) -> str:
        """Return "10:00–11:00" in the zone of the visit being planned ("… Chicago time" when
        the other visit's place keeps another clock)."""
        tz = _zone(self.zone)
        words = f"{self.start.astimezone(tz):%H:%M}–{self.end.astimezone(tz):%H:%M}"
        if (self.other_zone or "UTC") != (self.zone or "UTC"):
            words += f" {_place(self.zone)} time"
        return words

    def day(self) -> str:
        return f"{self.start.astimezone(_zone(self.zone)):%a %d %b %Y}"

    def question(self, then: str = "Plan anyway?") -> str:
        """Return "Naomi already has Acme Corp (V000123) at 10:00–11:00 that day. Plan anyway?"."""
        first = self.executive_name.split()[0] if self.executive_name.split() else "They"
        return (
            f"{first} already has {self.account_name} ({self.visit_id}) at {self.hours()} "
            f"that day. {then}"
        )

    def sentence(self) -> str:
        """Return the refusal in one line, naming the other visit."""
        if self.same_deal:
            return (
                f"This visit is already planned: {self.visit_id}, {self.executive_name} at "
                f"{self.account_name} on {self.day()}, {self.hours()}."
            )
        return (
            f"{self.executive_name} already has {self.account_name} ({self.visit_id}) on "
            f"{self.day()}, {self.hours()}; the visits would overlap."
        )


class VisitClash(FieldVisitError):
    """A visit was not planned because its executive already has a visit at that time."""

    def __init__(self, clash: Clash, message: str | None = None):
        super().__init__(message or clash.sentence())
        self.clash = clash


class DuplicateVisit(VisitClash):
    """The same visit (same deal, same executive) is already planned."""


def clashes(
    conn: Connection,
    *,
    deal_pk: int | None,
    executive_pks: Iterable[int],
    start: datetime,
    minutes: int,
    zone: str | None = None,
    ignore_visit_pk: int | None = None,
) -> list[Clash]:
    """Return the visits (not cancelled) of these executives that overlap start..start+minutes,
    same-deal ones first, then by start."""
    pks = sorted(set(executive_pks))
    if not pks:
        return []
    begin = start.astimezone(UTC)
    end = begin + timedelta(minutes=minutes)
    rows = conn.execute(
        text(
            'SELECT v.id, v.external_id, a.name, e.name, v.start, v."end", v.deal_id, a.tz '
            "FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id "
            "JOIN executive e ON e.id = ve.executive_id JOIN account a ON a.id = v.account_id "
            "WHERE ve.executive_id IN :execs AND v.status != 'cancelled' "
            "AND v.start < :end AND v.start >= :earliest AND v.id != :skip "
            "ORDER BY v.start, v.external_id"
        ).bindparams(bindparam("execs", expanding=True)),
        {
            "execs": pks,
            "end": stored_text(end),
            # A visit starting more than a day before cannot reach into this one.
            "earliest": stored_text(begin - timedelta(days=1)),
            "skip": ignore_visit_pk if ignore_visit_pk is not None else -1,
        },
    )
    found: dict[int, Clash] = {}
    for pk, visit_id, account, executive, s, e, other_deal, other_tz in rows:
        other_start = stored_utc(s)
        other_end = stored_utc(e) if e else other_start + timedelta(minutes=ASSUMED_MINUTES)
        if other_end <= begin or pk in found:
            continue
        found[pk] = Clash(
            visit_pk=int(pk),
            visit_id=str(visit_id),
            account_name=str(account),
            executive_name=str(executive),
            start=other_start,
            end=other_end,
            same_deal=deal_pk is not None and other_deal == deal_pk,
            zone=zone,
            other_zone=other_tz,
        )
    return sorted(found.values(), key=lambda c: (not c.same_deal, c.start))


def refuse_clashes(
    conn: Connection,
    *,
    deal_pk: int | None,
    executive_pks: Iterable[int],
    start: datetime,
    minutes: int,
    zone: str | None = None,
    allow_overlap: bool = False,
    ignore_visit_pk: int | None = None,
) -> None:
    """Raise DuplicateVisit for the same visit planned twice, VisitClash for an overlap with
    another visit of the executive (unless `allow_overlap`: the user said "plan anyway")."""
    for clash in clashes(
        conn,
        deal_pk=deal_pk,
        executive_pks=executive_pks,
        start=start,
        minutes=minutes,
        zone=zone,
        ignore_visit_pk=ignore_visit_pk,
    ):
        if clash.same_deal:
            raise DuplicateVisit(clash)
        if not allow_overlap:
            raise VisitClash(clash)


def day_warning(
    rules: Rules, day: date, account_country: str | None, home_countries: Iterable[str | None]
) -> str | None:
    """Return why `day` is a poor day for a visit ("Sat 20 Jun 2026 is a Saturday.", "… is
    Thanksgiving Day in the United States."), or None on a working day at the customer and at
    each executive's home."""
    why = WorkingDays.from_rules(rules).why_not(day, account_country, *home_countries)
    if why is None:
        return None
    what = f"a {why}" if why in WEEKDAY_NAMES else why
    return f"{day:%a %d %b %Y} is {what}."


@dataclass(frozen=True)
class Countries:
    """Where a visit's day is judged: the account's country and each executive's home country."""

    account: str | None
    homes: dict[int, str | None]  # executive pk → home country


def visit_countries(conn: Connection, account_pk: int) -> Countries:
    """Return the account's country and every executive's home country."""
    account = conn.execute(
        text("SELECT country FROM account WHERE id = :a"), {"a": account_pk}
    ).scalar()
    homes = {
        int(pk): country
        for pk, country in conn.execute(text("SELECT id, home_country FROM executive"))
    }
    return Countries(account, homes)


def visit_day_warning(
    conn: Connection, account_pk: int, executive_pks: Iterable[int], start: datetime, rules: Rules
) -> str | None:
    """Return the day warning for a visit starting at `start` (judged on the customer's day)."""
    tz = conn.execute(text("SELECT tz FROM account WHERE id = :a"), {"a": account_pk}).scalar()
    places = visit_countries(conn, account_pk)
    day = start.astimezone(_zone(tz)).date()
    return day_warning(rules, day, places.account, [places.homes.get(pk) for pk in executive_pks])


def _names(conn: Connection) -> str:
    """Return SQL joining a visit's executives' names (SQLite reads them by executive key)."""
    return dialect_of(conn).group_concat_by("e.name", ", ", "ve.executive_id")


def already_planned(conn: Connection, deal_pk: int) -> DuplicateVisit:
    """Return the refusal naming the deal's planned executive visit (the latest one), for a
    second "plan this deal" that gives no start of its own."""
    row = conn.execute(
        text(
            'SELECT v.id, v.external_id, v.start, v."end", a.tz, a.name, d.external_id, '
            f"(SELECT {_names(conn)} FROM visit_executive ve "
            " JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id) "
            "FROM visit v JOIN account a ON a.id = v.account_id JOIN deal d ON d.id = v.deal_id "
            "WHERE v.deal_id = :d AND v.status = 'planned' AND EXISTS "
            "(SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id) "
            "ORDER BY v.start DESC LIMIT 1"
        ),
        {"d": deal_pk},
    ).one()
    start = stored_utc(row[2])
    clash = Clash(
        visit_pk=int(row[0]),
        visit_id=str(row[1]),
        account_name=str(row[5]),
        executive_name=str(row[7] or "an executive"),
        start=start,
        end=stored_utc(row[3]) if row[3] else start + timedelta(minutes=ASSUMED_MINUTES),
        same_deal=True,
        zone=row[4],
        other_zone=row[4],
    )
    return DuplicateVisit(
        clash,
        f"{row[6]} already has a planned visit: {clash.visit_id}, {clash.executive_name} at "
        f"{clash.account_name} on {clash.day()}, {clash.hours()}. Move or cancel it, or give a "
        "start to plan a second visit.",
    )
