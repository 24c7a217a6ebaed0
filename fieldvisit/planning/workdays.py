"""Working days at a place: one owner for whether a day suits a visit.

A day is a working day at a place when it is Monday to Friday, not a public holiday in that
country (the `holidays` library, offline) and not a company closure (Settings). Countries come as
stored (names such as "United States" or ISO codes); an unknown country has weekends only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from fieldvisit.geo import country_code, country_name

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@lru_cache(maxsize=512)
def _public_holidays(code: str, year: int) -> dict[date, str]:
    """Return the public holidays of a country (ISO code) in a year, day → English name."""
    try:
        found = holidays.country_holidays(code, years=year, language="en_US")
    except NotImplementedError:
        return {}
    except (KeyError, ValueError):
        try:
            found = holidays.country_holidays(code, years=year)
        except NotImplementedError:
            return {}
    return {day: str(name) for day, name in sorted(found.items())}


def _code(country: str | None) -> str | None:
    """Return the ISO code of a stored country (a name, alias or code), or None when unknown."""
    return country_code(country)


class WorkingDays:
    """Answers whether a day is a working day in some countries, and if not, why not."""

    def __init__(self, closures: Iterable[str | date] = ()) -> None:
        self.closures: frozenset[date] = frozenset(
            c if isinstance(c, date) else date.fromisoformat(c) for c in closures
        )

    @classmethod
    def from_rules(cls, rules: object) -> WorkingDays:
        """Return the working days of a workspace's rules (its company closures)."""
        return cls(getattr(rules, "company_closures", ()) or ())

    def holiday(self, day: date, country: str | None) -> str | None:
        """Return the name of the public holiday on `day` in `country`, or None."""
        code = _code(country)
        if code is None:
            return None
        return _public_holidays(code, day.year).get(day)

    def why_not(self, day: date, *countries: str | None) -> str | None:
        """Return why `day` is no working day at all of `countries` ("Saturday", "Thanksgiving
        Day in the United States", "a company closure"), or None when it is one."""
        if day.weekday() >= 5:
            return WEEKDAY_NAMES[day.weekday()]
        if day in self.closures:
            return "a company closure"
        for country in dict.fromkeys(countries):
            name = self.holiday(day, country)
            if name is not None:
                code = _code(country)
                where = country_name(code) if code else None
                return f"{name} in {where or country}"
        return None

    def is_working(self, day: date, *countries: str | None) -> bool:
        """Return whether `day` is a working day in every one of `countries`."""
        return self.why_not(day, *countries) is None

    def days(self, first: date, last: date, *countries: str | None) -> list[date]:
        """Return the working days from first to last (inclusive) in every one of `countries`."""
        out = []
        day = first
        while day <= last:
            if self.is_working(day, *countries):
                out.append(day)
            day += timedelta(days=1)
        return out

    def add(self, day: date, count: int, *countries: str | None) -> date:
        """Return the `count`-th working day after `day` (count 0: `day` itself if working,
        else the next working day)."""
        current = day
        if count <= 0:
            while not self.is_working(current, *countries):
                current += timedelta(days=1)
            return current
        left = count
        while left:
            current += timedelta(days=1)
            if self.is_working(current, *countries):
                left -= 1
        return current
