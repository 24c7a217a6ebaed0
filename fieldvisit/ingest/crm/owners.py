"""The people columns of a batch's records, turned into executives and reps.

Records point at people by e-mail (in `values`) or by user key or name (in `by_name`): account and
deal owners, an activity's assignee, a visit's people. Each reference is resolved to a `CrmPerson`
(`people.resolve_person`), levels are decided (`people.decide_levels`), and the columns are
rewritten to what the generic kinds take: the person's e-mail, else their CRM key. A visit is a
meeting with an executive among its people: the executives go to `executive_emails`, the others
to `rep_emails`; a meeting without an executive is no visit and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from fieldvisit.ingest.crm.batch import Batch, Origin, Problems, Record
from fieldvisit.ingest.crm.people import (
    CrmPerson,
    People,
    TitleRule,
    decide_levels,
    people_of,
    resolve_person,
)

# kind → (column, what the person does there)
PEOPLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "accounts": (("owner_email", "owns"),),
    "deals": (("owner_email", "owns"),),
    "activities": (("rep_email", "assigned"),),
    "visits": (("executive_emails", "visits"), ("rep_emails", "visits")),
}
_LISTS = frozenset({"executive_emails", "rep_emails"})
SHOWN_NAMES = 6


@dataclass
class Staffing:
    """Who the export's people are, and the executive and rep records to write."""

    people: People
    executives: list[CrmPerson] = field(default_factory=list)
    reps: list[CrmPerson] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped_visits: int = 0


def staff(
    batch: Batch,
    conn: Connection,
    rule: TitleRule,
    declared: dict[str, str],
    problems: Problems,
    refused: set[int],
) -> Staffing:
    """Resolve every people reference of the batch; decide executives and reps.

    Rewrites the records' people columns in place. A name that fits several people is a
    problem (the record's id goes into `refused`).
    """
    export, stored = people_of(batch.crm, batch.users, conn)
    found: dict[tuple[int, str], list[CrmPerson]] = {}
    for kind, columns in PEOPLE_COLUMNS.items():
        for record in batch.records.get(kind, []):
            for column, role in columns:
                people = _resolve(record, column, export, stored, problems, refused)
                if people is None:
                    continue
                found[(id(record), column)] = people
                for person in people:
                    person.owns += role == "owns"
                    person.assigned += role == "assigned"
    result = Staffing(export)
    result.notes += decide_levels(export, stored, rule, declared)
    result.dropped_visits = _rewrite(batch, found)
    result.executives = [p for p in export.everyone if p.level and not p.system]
    result.reps = [p for p in export.everyone if p.rep]
    result.notes += _notes(result)
    return result


def _resolve(
    record: Record,
    column: str,
    export: People,
    stored: People,
    problems: Problems,
    refused: set[int],
) -> list[CrmPerson] | None:
    raw = record.by_name.get(column) or record.values.get(column) or ""
    refs = [r.strip() for r in raw.split(";")] if column in _LISTS else [raw.strip()]
    people: list[CrmPerson] = []
    for ref in refs:
        if not ref:
            continue
        person = resolve_person(ref, export, stored)
        if isinstance(person, list):
            emails = ", ".join(p.email or p.crm_key for p in person)
            problems.add(
                record.origin,
                column,
                f"names {len(person)} people of that name ({emails}); "
                "add their e-mail addresses to the export",
                ref,
            )
            refused.add(id(record))
            return None
        if person.origin is None:
            person.origin = record.origin
        people.append(person)
    return people


def _rewrite(batch: Batch, found: dict[tuple[int, str], list[CrmPerson]]) -> int:
    """Write each people column as e-mails or CRM keys; return how many meetings were no visit."""
    for kind in ("accounts", "deals", "activities"):
        column = PEOPLE_COLUMNS[kind][0][0]
        for record in batch.records.get(kind, []):
            record.by_name.pop(column, None)
            people = found.get((id(record), column), [])
            if kind == "activities" and people and not people[0].rep:
                record.values.pop(column, None)  # an executive's activity: no rep on it
            elif people:
                record.values[column] = people[0].ref
    visits = []
    dropped = 0
    for record in batch.records.get("visits", []):
        pool: list[CrmPerson] = []
        for column in ("executive_emails", "rep_emails"):
            record.by_name.pop(column, None)
            pool += [p for p in found.get((id(record), column), []) if p not in pool]
        executives = [p for p in pool if p.level and not p.system]
        if not executives:
            dropped += 1
            continue
        others = [p for p in pool if p not in executives and not p.system]
        for person in others:
            person.assigned += 1
        record.values["executive_emails"] = ";".join(p.ref for p in executives)
        record.values["rep_emails"] = ";".join(p.ref for p in others)
        visits.append(record)
    if "visits" in batch.records:
        batch.records["visits"] = visits
    return dropped


def _names(people: list[CrmPerson]) -> str:
    shown = ", ".join(p.name for p in people[:SHOWN_NAMES])
    more = f" and {len(people) - SHOWN_NAMES} more" if len(people) > SHOWN_NAMES else ""
    return shown + more


def _notes(result: Staffing) -> list[str]:
    notes: list[str] = []
    everyone = result.people.everyone
    system = [p for p in everyone if p.system and not p.rep]
    if system:
        notes.append(f"System users left out (never reps or executives): {_names(system)}.")
    system_owners = [p for p in everyone if p.system and p.rep]
    if system_owners:
        notes.append(
            f"System users who own accounts or deals, kept as their owners: "
            f"{_names(system_owners)}."
        )
    unnamed = [p for p in result.reps if not p.email]
    if unnamed:
        notes.append(
            f"Reps known only by name (no e-mail address yet): {_names(unnamed)}. Import a users "
            "file (or `fieldvisit import reps`) to add their addresses; invites leave them out "
            "until then."
        )
    idle = [p for p in everyone if p.listed and not p.system and not p.rep and not p.level]
    if idle:
        notes.append(f"Users who own nothing and are no executives, not imported: {_names(idle)}.")
    if result.dropped_visits:
        n = result.dropped_visits
        notes.append(
            f"{n} meeting{'s' if n != 1 else ''} had no executive among {'their' if n != 1 else 'its'}"
            f" people: not {'visits' if n != 1 else 'a visit'}."
        )
    return notes


def people_records(staffing: Staffing, crm: str) -> dict[str, list[Record]]:
    """Return the executives and reps to write, as generic records."""
    written = {id(p) for p in (*staffing.executives, *staffing.reps)}
    executives = []
    for p in staffing.executives:
        row = p.executive_row or {}
        values = {
            "email": p.email or "",
            "name": p.name,
            "title": p.title or row.get("title") or "",
            "level": p.level or "",
            "home_city": p.city or row.get("home_city") or "",
            "home_country": p.country or row.get("home_country") or "",
            "crm_key": p.crm_key,
        }
        executives.append(Record(values, p.origin or Origin(crm, 0)))
    reps = []
    by_key = {p.key: p for p in staffing.people.everyone}
    for p in staffing.reps:
        manager = by_key.get(p.manager or "")
        values = {"email": p.email or "", "name": p.name, "crm_key": p.crm_key}
        if manager is not None and id(manager) in written:
            values["manager_email"] = manager.ref
        reps.append(Record(values, p.origin or Origin(crm, 0)))
    return {"executives": executives, "reps": reps}
