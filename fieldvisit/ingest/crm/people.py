"""Who the people of a CRM export are: executives (by title rule or declared), reps, or neither.

A CRM knows no executive "level". The workspace's title rule (`Rules.executive_titles`) gives one
from job titles; `--executives "EMAIL_OR_NAME=LEVEL;…"` (or the wizard) declares levels and wins
over the rule; someone already an executive in the workspace stays one when the export says
nothing new. Every other user who owns or is assigned something becomes a rep; system users
(integrations, automation) are never people we send. A person the export only names (Pipedrive,
report owners) becomes a rep by name, stored under a CRM key until a users file gives an address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.ingest.crm.batch import Origin, User
from fieldvisit.ingest.values import crm_key, is_crm_key
from fieldvisit.settings import check_executive_titles
from fieldvisit.store.models import LEVELS

NOT_AN_EXECUTIVE = ("none", "no", "-", "rep")
_NAME_AND_ADDRESS = re.compile(r"\s*([^<>]*)<\s*([^<>\s]+@[^<>\s]+)\s*>\s*")


def fold(text: str) -> str:
    """Return a name as compared: lower case, single spaces."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class TitleRule:
    """The workspace's title rule, compiled: the first pattern found in a title gives its level."""

    patterns: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def from_rules(cls, rules: list[list[str]]) -> TitleRule:
        compiled = []
        for pattern, level in check_executive_titles(rules):
            prefix = pattern.endswith("*")
            words = _words(pattern.rstrip("*")).split()
            body = r"\s+".join(re.escape(w) for w in words)
            compiled.append((re.compile(rf"(?<!\w){body}" + ("" if prefix else r"(?!\w)")), level))
        return cls(tuple(compiled))

    def level(self, title: str | None) -> str | None:
        """Return the level the title gives (C, SVP, VP), or None: not an executive."""
        if not title or not title.strip():
            return None
        words = _words(title)
        for pattern, level in self.patterns:
            if pattern.search(words):
                return level or None
        return None


def _words(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("&", " ").split())


def parse_executives(text: str | None) -> dict[str, str]:
    """Return declared levels from "EMAIL_OR_NAME=LEVEL;…" (LEVEL C, SVP, VP, or none).

    Raises FieldVisitError naming the entry that is not of that form.
    """
    declared: dict[str, str] = {}
    for entry in (text or "").split(";"):
        if not entry.strip():
            continue
        who, sep, level = entry.rpartition("=")
        if not sep or not who.strip():
            raise FieldVisitError(
                f"--executives: {entry.strip()!r} is not EMAIL_OR_NAME=LEVEL "
                "(e.g. 'dana@example.com=C;Tom Becker=none')."
            )
        declared[who.strip()] = declared_level(who, level)
    return declared


def declared_level(who: str, level: str) -> str:
    """Return a declared level as stored (C, SVP, VP; "" for none), or raise saying why not."""
    value = level.strip().upper()
    if not value or value.lower() in NOT_AN_EXECUTIVE:
        return ""
    if value not in LEVELS:
        raise FieldVisitError(
            f"--executives: {level.strip()!r} for {who.strip()!r} is not a level; "
            f"use {', '.join(LEVELS)} or none."
        )
    return value


@dataclass(eq=False)
class CrmPerson:
    """A CRM user or a person the export names, and what the import makes of them."""

    key: str
    name: str
    email: str | None
    crm_key: str
    title: str | None = None
    system: bool = False
    manager: str | None = None  # the manager's key
    city: str | None = None
    country: str | None = None
    origin: Origin | None = None
    level: str | None = None
    how: str = ""  # why the level: "title 'CEO'", "declared", "already an executive"
    known_by_name: bool = False  # the export only names them
    listed: bool = False  # in the export's users file
    owns: int = 0  # accounts and deals
    assigned: int = 0  # activities and visits
    executive_row: dict[str, str | None] | None = None  # the workspace's executive, if any

    @property
    def ref(self) -> str:
        """Return how records point at the person: the e-mail, else the CRM key."""
        return self.email or self.crm_key

    @property
    def rep(self) -> bool:
        """A rep: owns something (an owner must be a rep), or is assigned work and no executive."""
        return self.owns > 0 or (self.assigned > 0 and self.level is None and not self.system)


@dataclass
class People:
    """The export's people, found by key, e-mail or name; the workspace's people as fallback."""

    crm: str
    everyone: list[CrmPerson] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _by_key: dict[str, CrmPerson] = field(default_factory=dict)
    _by_email: dict[str, CrmPerson] = field(default_factory=dict)
    _by_name: dict[str, list[CrmPerson]] = field(default_factory=dict)

    def add(self, person: CrmPerson) -> CrmPerson:
        self.everyone.append(person)
        self._by_key.setdefault(person.key, person)
        self._by_key.setdefault(person.crm_key, person)
        if person.email:
            held = self._by_email.get(person.email)
            if held is None or (held.system and not person.system):
                self._by_email[person.email] = person  # a real user over a system one
        self._by_name.setdefault(fold(person.name), []).append(person)
        return person

    def find(self, ref: str) -> CrmPerson | list[CrmPerson] | None:
        """Return the person `ref` (key, e-mail or name) names, the candidates, or None."""
        ref = ref.strip()
        if ref in self._by_key:
            return self._by_key[ref]
        if "@" in ref and ref.lower() in self._by_email:
            return self._by_email[ref.lower()]
        named = self._by_name.get(fold(ref), [])
        real = [p for p in named if not p.system] or named
        if len(real) == 1:
            return real[0]
        return real or None


def people_of(crm: str, users: Iterable[User], conn: Connection) -> tuple[People, People]:
    """Return the export's users and the workspace's reps and executives, each as People."""
    found = People(crm)
    for u in users:
        found.add(
            CrmPerson(
                key=u.key,
                name=u.name.strip() or (u.email or u.key),
                email=u.email.strip().lower() if u.email and u.email.strip() else None,
                crm_key=crm_key(crm, u.key),
                title=u.title,
                system=u.system,
                manager=u.manager,
                city=u.city,
                country=u.country,
                origin=u.origin,
                listed=True,
            )
        )
    stored = People(crm)
    q = conn.exec_driver_sql
    for email, key, name in q("SELECT email, crm_key, name FROM rep").all():
        stored.add(CrmPerson(key=key or email, name=name, email=email, crm_key=key or ""))
    for email, key, name, title, level, city, country in q(
        "SELECT email, crm_key, name, title, level, home_city, home_country FROM executive"
    ).all():
        row = {"title": title, "level": level, "home_city": city, "home_country": country}
        match = stored.find(email or key or name)
        if isinstance(match, CrmPerson) and (match.email == email or match.crm_key == key):
            match.executive_row = row
            continue
        person = CrmPerson(key=key or email, name=name, email=email, crm_key=key or "", title=title)
        person.executive_row = row
        stored.add(person)
    return found, stored


def resolve_person(ref: str, export: People, stored: People) -> CrmPerson | list[CrmPerson]:
    """Return the person a record names (key, e-mail or name), adding one the export lacks.

    Looked up in the export's users, then the workspace's people (who keep their address and
    key), else made: by e-mail, or by name only (a rep by name until a users file says more).
    Several candidates of one name come back as a list (the caller reports them).
    """
    named = _NAME_AND_ADDRESS.fullmatch(ref)
    if named is not None:  # "Helena Brandt <helena@…>", as one may declare someone
        name, address = named.group(1).strip(), named.group(2).lower()
        found = export.find(address)
        if found is None and not isinstance(stored.find(address), CrmPerson):
            return export.add(
                CrmPerson(key=address, name=name or address, email=address,
                       crm_key=crm_key(export.crm, address))
            )  # fmt: skip
        ref = address
    found = export.find(ref)
    if found is not None:
        return found
    known = stored.find(ref)
    if isinstance(known, list):
        return known
    if known is not None:
        person = CrmPerson(
            key=ref,
            name=known.name,
            email=known.email,
            crm_key=known.crm_key or crm_key(export.crm, ref),
            title=known.title,
        )
        person.executive_row = known.executive_row
        return export.add(person)
    if is_crm_key(ref):
        return export.add(CrmPerson(key=ref, name=ref, email=None, crm_key=ref))
    if "@" in ref:
        address = ref.lower()
        return export.add(
            CrmPerson(key=ref, name=address, email=address, crm_key=crm_key(export.crm, address))
        )
    person = CrmPerson(key=ref, name=ref, email=None, crm_key=crm_key(export.crm, ref))
    person.known_by_name = True
    return export.add(person)


def decide_levels(
    export: People, stored: People, rule: TitleRule, declared: dict[str, str]
) -> list[str]:
    """Give each person their executive level: declared, else by title, else as stored.

    Returns notes (declared people the export does not hold are added by name or e-mail).
    """
    notes: list[str] = []
    wanted: dict[int, str] = {}
    for who, level in declared.items():
        person = resolve_person(who, export, stored)
        if isinstance(person, list):
            raise FieldVisitError(
                f"--executives: {who!r} names {len(person)} people; give the e-mail instead."
            )
        wanted[id(person)] = level
        if person.known_by_name and level:
            notes.append(
                f"{person.name} was declared an executive ({level}) but the export only names "
                "them: kept by name until a users file gives the e-mail address."
            )
    for person in export.everyone:
        if person.system:
            continue
        stored_row = person.executive_row
        if stored_row is None:
            match = stored_person(person, stored)
            if match is not None:
                stored_row = person.executive_row = match.executive_row
        if id(person) in wanted:
            person.level, person.how = (wanted[id(person)] or None), "declared"
        elif (by_title := rule.level(person.title)) is not None:
            person.level, person.how = by_title, f"title {person.title!r}"
        elif stored_row is not None and stored_row.get("level"):
            person.level, person.how = stored_row["level"], "already an executive in the workspace"
    return notes


def stored_person(person: CrmPerson, stored: People) -> CrmPerson | None:
    """Return the workspace's person `person` is: same e-mail, same CRM key, or (for someone
    stored without an address yet) the same name."""
    for ref in (person.email, person.crm_key):
        match = stored.find(ref) if ref else None
        if isinstance(match, CrmPerson) and ref in (match.email, match.crm_key):
            return match
    match = stored.find(person.name)
    if isinstance(match, CrmPerson) and not match.email:
        return match
    return None
