"""Working days: weekends, public holidays per country (by name or code), company closures."""

from __future__ import annotations

from datetime import date

from fieldvisit.planning.workdays import WorkingDays
from fieldvisit.settings import Rules

THANKSGIVING = date(2026, 11, 26)


def test_a_public_holiday_in_either_country_is_no_working_day() -> None:
    days = WorkingDays()
    assert days.is_working(THANKSGIVING, "United Kingdom")
    assert not days.is_working(THANKSGIVING, "United Kingdom", "United States")
    assert days.why_not(THANKSGIVING, "US") == "Thanksgiving Day in United States"
    assert days.why_not(date(2026, 12, 8), "Spain") == "Immaculate Conception in Spain"


def test_weekends_closures_and_unknown_countries() -> None:
    days = WorkingDays.from_rules(Rules(company_closures=["2026-12-24"]))
    assert days.why_not(date(2026, 11, 28)) == "Saturday"
    assert days.why_not(date(2026, 12, 24), "Atlantis") == "a company closure"
    assert days.is_working(date(2026, 12, 23), "Atlantis", None)


def test_adding_working_days_skips_holidays_and_weekends() -> None:
    days = WorkingDays()
    assert days.add(date(2026, 11, 25), 1, "United States") == date(2026, 11, 27)
    assert days.add(date(2026, 11, 27), 1, "United States") == date(2026, 11, 30)
    assert days.add(date(2026, 11, 28), 0) == date(2026, 11, 30)
    assert days.days(date(2026, 12, 21), date(2026, 12, 27), "Germany") == [
        date(2026, 12, 21),
        date(2026, 12, 22),
        date(2026, 12, 23),
        date(2026, 12, 24),
    ]
