"""Cities resolve offline to coordinates and time zones."""

from __future__ import annotations

import pytest

from fieldvisit import geo


def test_new_york_is_new_york_city_in_eastern_time() -> None:
    place = geo.resolve("New York", "US")
    assert place is not None
    assert place.name == "New York City"
    assert place.tz == "America/New_York"
    assert place.country_code == "US"


def test_country_may_be_written_out_or_aliased() -> None:
    assert geo.resolve("New York", "United States") == geo.resolve("new york", "USA")


def test_london_depends_on_the_country() -> None:
    england = geo.resolve("London", "GB")
    ontario = geo.resolve("London", "Canada")
    assert england is not None and ontario is not None
    assert england.tz == "Europe/London"
    assert ontario.tz == "America/Toronto"
    assert geo.distance_km(england.lat, england.lon, ontario.lat, ontario.lon) > 5000


def test_region_breaks_ties_between_cities_of_the_same_name() -> None:
    oregon = geo.resolve("Portland", "US")
    maine = geo.resolve("Portland", "US", "ME")
    maine_by_name = geo.resolve("Portland", "US", "Maine")
    assert oregon is not None and maine is not None
    assert oregon.tz == "America/Los_Angeles"
    assert maine.tz == "America/New_York"
    assert maine_by_name == maine


def test_region_that_matches_nothing_is_ignored() -> None:
    assert geo.resolve("Portland", "US", "Atlantis") == geo.resolve("Portland", "US")


@pytest.mark.parametrize(
    ("typed", "country", "expected"),
    [
        ("Sao Paulo", "BR", "São Paulo"),
        ("SÃO PAULO", "Brazil", "São Paulo"),
        ("Zurich", "Switzerland", "Zürich"),
        ("Zürich", "CH", "Zürich"),
        ("München", "DE", "Munich"),
        ("Muenchen", "Germany", "Munich"),
    ],
)
def test_accents_and_local_names_are_found(typed: str, country: str, expected: str) -> None:
    place = geo.resolve(typed, country)
    assert place is not None
    assert place.name == expected


def test_unknown_city_or_country_is_none() -> None:
    assert geo.resolve("Nowhereville", "US") is None
    assert geo.resolve("Paris", "Narnia") is None
    assert geo.resolve("", "US") is None
    assert geo.resolve(None, None) is None


def test_city_must_be_in_the_given_country() -> None:
    assert geo.resolve("Chicago", "DE") is None


def test_distance_chicago_milwaukee_is_about_130_km() -> None:
    chicago = geo.resolve("Chicago", "US")
    milwaukee = geo.resolve("Milwaukee", "US")
    assert chicago is not None and milwaukee is not None
    km = geo.distance_km(chicago.lat, chicago.lon, milwaukee.lat, milwaukee.lon)
    assert 120 < km < 140
    assert geo.distance_km(chicago.lat, chicago.lon, chicago.lat, chicago.lon) == 0


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("United States", "US"),
        ("USA", "US"),
        ("us", "US"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Deutschland", "DE"),
        ("DEU", "DE"),
        ("Czech Republic", "CZ"),
        ("Narnia", None),
        ("", None),
        (None, None),
    ],
)
def test_country_codes(typed: str | None, code: str | None) -> None:
    assert geo.country_code(typed) == code


def test_many_lookups_use_one_index() -> None:
    # An import of 30,000 accounts resolves each city; the index is built once, not per call.
    names = [("Chicago", "US"), ("Berlin", "DE"), ("Lyon", "France"), ("Nowhereville", "US")] * 100
    results = [geo.resolve(city, country) for city, country in names]
    assert results[0] is results[4]
    assert results.count(None) == 100
