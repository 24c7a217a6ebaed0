"""Demo people and customers: executives, reps, accounts and their contacts."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator
from functools import cache
from itertools import accumulate

from fieldvisit import geo
from fieldvisit.demo import names
from fieldvisit.demo.world import Executive, World
from fieldvisit.demo.writer import BulkWriter
from fieldvisit.geo import Place

SENIORITIES = tuple(names.SENIORITY_PROFILE)
CONTACTS_PER_TIER = {"strategic": (8, 14), "key": (5, 8), "standard": (3, 5)}


@cache
def demo_places() -> tuple[tuple[Place, str, float], ...]:
    """Return (place, sales region, weight) for every demo city, resolved offline."""
    population = {place: people for place, people in geo.big_cities(tuple(names.CITIES), 0)}
    out = []
    for code, region, country_weight in names.COUNTRIES:
        places = [geo.resolve(city, code) for city in names.CITIES[code]]
        found = [p for p in places if p is not None]
        # Big cities get more customers, but not in proportion: Mumbai should not swamp Pune.
        scores = [population.get(p, 100_000) ** 0.75 for p in found]
        total = sum(scores)
        out += [(p, region, country_weight * s / total) for p, s in zip(found, scores, strict=True)]
    return tuple(out)


class PlacePicker:
    """Draws demo cities by weight, optionally within a region or a set of countries."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.all = demo_places()
        self._cum: dict[tuple[str, ...], tuple[list[Place], list[float]]] = {}

    def pick(self, countries: tuple[str, ...] | None = None, region: str | None = None) -> Place:
        """Return a weighted random city (in `countries` or `region` when given)."""
        key = countries or (region or "*",)
        if key not in self._cum:
            rows = [
                (p, w)
                for p, r, w in self.all
                if (countries is None or p.country_code in countries)
                and (region is None or r == region)
            ]
            self._cum[key] = ([p for p, _ in rows], list(accumulate(w for _, w in rows)))
        places, cum = self._cum[key]
        return places[bisect(cum, self.rng.random() * cum[-1])]

    def region_of(self, place: Place) -> str:
        """Return the sales region of a demo city."""
        return next(r for p, r, _ in self.all if p.country_code == place.country_code)


def _unique_email(local: str, domain: str, taken: set[str]) -> str:
    email = f"{local}@{domain}"
    n = 2
    while email in taken:
        email = f"{local}{n}@{domain}"
        n += 1
    taken.add(email)
    return email


def _executive_roles(rng: random.Random, n: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Return (level, title, region, home countries) for n executives, most senior first."""
    regions = tuple(names.SUBREGIONS)
    n_c = min(len(names.C_LEVEL_TITLES), max(3, n // 4))
    n_svp = max(2, n // 6)
    roles: list[tuple[str, str, str, tuple[str, ...]]] = [
        ("C", title, "Global", (names.HQ_CITY[1],)) for title in names.C_LEVEL_TITLES[:n_c]
    ]
    for i in range(min(n_svp, n - len(roles))):
        region = regions[i % len(regions)]
        title = names.SVP_TITLES[(i // len(regions)) % len(names.SVP_TITLES)]
        countries = tuple(c for _, cs in names.SUBREGIONS[region] for c in cs)
        roles.append(("SVP", title.format(region=region), region, countries))
    subregions = [(r, sub, cs) for r in regions for sub, cs in names.SUBREGIONS[r]]
    i = 0
    while len(roles) < n:
        region, sub, countries = subregions[i % len(subregions)]
        function = names.VP_FUNCTIONS[(i // len(subregions)) % len(names.VP_FUNCTIONS)]
        roles.append(("VP", f"VP {function} {sub}", region, countries))
        i += 1
    return roles


def executive_rows(world: World) -> Iterator[tuple[object, ...]]:
    """Yield executive rows, filling world.executives."""
    rng = world.rng("executives")
    picker = PlacePicker(rng)
    taken: set[str] = set()
    hq = geo.resolve(*names.HQ_CITY)
    assert hq is not None
    for i, (level, title, region, countries) in enumerate(
        _executive_roles(rng, world.scale.executives), start=1
    ):
        name = names.person_name(rng)
        email = _unique_email(names.email_local(name), names.OUR_DOMAIN, taken)
        place = hq if level == "C" and rng.random() < 0.7 else picker.pick(countries)
        if level == "VP" and countries == ("US",):
            place = _us_subregion_city(picker, title)
        # Some executives are in front of customers every week, some never leave the office.
        weight = 0.0 if rng.random() < 0.15 else min(8.0, rng.paretovariate(1.5))
        target = {"C": rng.choice((2, 3)), "SVP": 4, "VP": rng.choice((5, 6, 8))}[level]
        world.executives.append(Executive(i, email, name, level, region, place, weight))
        yield (
            i,
            email,
            name,
            title,
            level,
            place.name,
            geo.country_name(place.country_code),
            region,
            None if rng.random() < 0.1 else target,
            place.lat,
            place.lon,
            place.tz,
        )


def _us_subregion_city(picker: PlacePicker, title: str) -> Place:
    """Return a US city matching a VP's West/Central/East patch (by longitude)."""
    for _ in range(200):
        place = picker.pick(("US",))
        if "West" in title and place.lon < -104:
            return place
        if "Central" in title and -104 <= place.lon < -85:
            return place
        if "East" in title and place.lon >= -85:
            return place
    return place


EXECUTIVE_COLUMNS = (
    "id", "email", "name", "title", "level", "home_city", "home_country", "region",
    "monthly_visit_target", "lat", "lon", "tz",
)  # fmt: skip


def rep_rows(world: World) -> Iterator[tuple[object, ...]]:
    """Yield rep rows, filling world.rep_* and reps_by_region."""
    rng = world.rng("reps")
    picker = PlacePicker(rng)
    taken: set[str] = {e.email for e in world.executives}
    managers: dict[str, list[str]] = {}
    for e in world.executives:
        if e.level in ("VP", "SVP"):
            managers.setdefault(e.region, []).append(e.email)
    fallback = world.executives[min(1, len(world.executives) - 1)].email
    for i in range(1, world.scale.reps + 1):
        region = picker.region_of(picker.pick())
        name = names.person_name(rng)
        email = _unique_email(names.email_local(name), names.OUR_DOMAIN, taken)
        world.rep_names.append(name)
        world.rep_emails.append(email)
        world.reps_by_region.setdefault(region, []).append(i)
        manager = rng.choice(managers[region]) if region in managers else fallback
        yield (i, email, name, region, manager)


REP_COLUMNS = ("id", "email", "name", "region", "manager_email")


def account_rows(world: World) -> Iterator[tuple[object, ...]]:
    """Yield account rows (about 10% strategic), filling world.accounts."""
    rng = world.rng("accounts")
    picker = PlacePicker(rng)
    acc = world.accounts
    seen: set[str] = set()
    next_contact = 1
    every_rep = list(range(1, world.scale.reps + 1))
    n = world.scale.accounts
    # Exact shares, shuffled: one account in ten is strategic whatever the seed.
    tiers = ["strategic"] * (n // 10) + ["key"] * (n // 5)
    tiers += ["standard"] * (n - len(tiers))
    rng.shuffle(tiers)
    for i in range(1, n + 1):
        place = picker.pick()
        region = picker.region_of(place)
        name, short, industry = names.company_name(rng, place.country_code)
        while short in seen:
            name, short, industry = names.company_name(rng, place.country_code)
        seen.add(short)
        tier = tiers[i - 1]
        owner = rng.choice(world.reps_by_region.get(region) or every_rep)
        low, high = CONTACTS_PER_TIER[tier]
        count = rng.randint(low, high)
        acc.name.append(name)
        acc.short.append(short)
        acc.tier.append(tier)
        acc.region.append(region)
        acc.place.append(place)
        acc.owner.append(owner)
        acc.first_contact.append(next_contact)
        acc.contact_count.append(count)
        next_contact += count
        yield (
            i,
            f"A{i:05d}",
            name,
            industry,
            place.name,
            geo.country_name(place.country_code),
            tier,
            owner,
            place.lat,
            place.lon,
            place.tz,
        )
    # A third of the strategic accounts have never had an executive in the room.
    strategic = [i for i, t in enumerate(acc.tier, start=1) if t == "strategic"]
    world.unmet_accounts = set(rng.sample(strategic, len(strategic) // 3))


ACCOUNT_COLUMNS = (
    "id", "external_id", "name", "industry", "city", "country", "tier", "owner_rep_id", "lat",
    "lon", "tz",
)  # fmt: skip


def contact_rows(world: World) -> Iterator[tuple[object, ...]]:
    """Yield customer contacts (seniority, decision makers, titles), filling world.contact_*."""
    rng = world.rng("contacts")
    rand = rng.random
    weights = list(accumulate(names.SENIORITY_PROFILE[s][0] for s in SENIORITIES))
    acc = world.accounts
    for a in range(len(acc.name)):
        domain = names.domain_for(acc.short[a])
        first = acc.first_contact[a]
        for cid in range(first, first + acc.contact_count[a]):
            rank = bisect(weights, rand() * weights[-1])
            seniority = SENIORITIES[rank]
            _, dm_share, patterns = names.SENIORITY_PROFILE[seniority]
            title = rng.choice(patterns).format(function=rng.choice(names.CONTACT_FUNCTIONS))
            name = names.person_name(rng)
            world.contact_name.append(name)
            world.contact_title.append(title)
            world.contact_rank.append(rank)
            yield (
                cid,
                f"C{cid:06d}",
                a + 1,
                name,
                title,
                f"{names.email_local(name)}@{domain}",
                seniority,
                1 if rand() < dm_share else 0,
            )


CONTACT_COLUMNS = (
    "id", "external_id", "account_id", "name", "title", "email", "seniority", "decision_maker",
)  # fmt: skip


def write_org(world: World, writer: BulkWriter) -> None:
    """Write executives, reps, accounts and contacts."""
    writer.label = "People and accounts"
    writer.insert("executive", EXECUTIVE_COLUMNS, executive_rows(world))
    writer.insert("rep", REP_COLUMNS, rep_rows(world))
    writer.insert("account", ACCOUNT_COLUMNS, account_rows(world))
    writer.label = "Customer contacts"
    writer.insert("contact", CONTACT_COLUMNS, contact_rows(world))
