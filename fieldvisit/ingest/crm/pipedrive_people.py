"""Pipedrive's organizations and people, and the users its records name.

Pipedrive links by name: `Deal - Organization`, `Person - Organization`, `Deal - Owner` hold
names, so those references go in `Record.by_name`. There is no users export: every owner or
assignee named becomes a `User` keyed by that name, without e-mail or title (the engine makes
reps of them by name, and executives are declared).
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldvisit.ingest.crm import values as v
from fieldvisit.ingest.crm.batch import Record, User
from fieldvisit.ingest.crm.files import Table
from fieldvisit.ingest.crm.pipedrive_labels import ORGANIZATIONS, PEOPLE
from fieldvisit.ingest.crm.table_cells import Cells, Context


def name_user(context: Context, record: Record, column: str, raw: str) -> None:
    """Put a user the export names into `record.by_name[column]` and list the user once."""
    name = raw.strip()
    if not name:
        return
    record.by_name[column] = name
    if not any(u.key == name for u in context.batch.users):
        context.batch.users.append(User(key=name, name=name))


def link(
    cells: Cells,
    row: int,
    record: Mapping[str, str],
    out: Record,
    column: str,
    ids: str,
    names: str,
) -> bool:
    """Put a link into `out`: by id when the file has an id column, else by name."""
    found = cells.ident(row, record, ids)
    if found:
        out.values[column] = found
        return True
    name = cells.text(record, names)
    if name:
        out.by_name[column] = name
        return True
    return False


def city_country(full: str) -> tuple[str, str]:
    """Return (city, country) of a one-line address "Street 1, 8002 Zürich, Switzerland"."""
    parts = [p.strip() for p in full.split(",") if p.strip()]
    if len(parts) < 2:
        return "", ""
    words = parts[-2].split()
    while len(words) > 1 and any(ch.isdigit() for ch in words[0]):
        words.pop(0)  # the postal code before the city ("8002 Zürich", "EC2R 7HH London")
    return " ".join(words), parts[-1]


def read_organizations(table: Table, context: Context) -> int:
    """Add the organizations export's organizations as accounts."""
    cells = Cells(table, ORGANIZATIONS, context)
    count = 0
    for row, record in table.records():
        account_id = cells.ident(row, record, "id")
        name = cells.text(record, "name")
        if not account_id or not name:
            key, what = ("id", "ID") if not account_id else ("name", "name")
            cells.problem(
                row, key, f"has no organization {what}; it is left out", name or account_id
            )
            continue
        city, country = cells.text(record, "city"), cells.text(record, "country")
        if not city and not country:
            city, country = city_country(cells.text(record, "address"))
        out = Record(
            {
                "account_id": account_id,
                "name": name,
                "industry": cells.text(record, "industry"),
                "city": city,
                "country": country,
            },
            cells.origin(row),
            modified_at=cells.stamp(row, record, "modified"),
        )
        name_user(context, out, "owner_email", cells.text(record, "owner"))
        context.batch.add("accounts", out)
        count += 1
    return count


def first_address(cells: Cells, record: Mapping[str, str]) -> str:
    """Return the person's first work address, else the first home, other or plain one."""
    for key in ("email_work", "email", "email_home", "email_other"):
        found = v.first_email(cells.text(record, key))
        if found:
            return found
    return ""


def read_people(table: Table, context: Context) -> int:
    """Add the people export's people as contacts (those without an organization left out)."""
    cells = Cells(table, PEOPLE, context)
    count = 0
    for row, record in table.records():
        contact_id = cells.ident(row, record, "id")
        first, last = cells.text(record, "first"), cells.text(record, "last")
        name = cells.text(record, "name") or " ".join(p for p in (first, last) if p)
        if not contact_id:
            cells.problem(row, "id", "has no person ID; the person cannot be imported", name)
            continue
        out = Record(
            {
                "contact_id": contact_id,
                "name": name or contact_id,
                "title": cells.text(record, "title"),
                "email": first_address(cells, record),
            },
            cells.origin(row),
            modified_at=cells.stamp(row, record, "modified"),
        )
        if not link(cells, row, record, out, "account_id", "organization_id", "organization"):
            context.leave_out("people", "no organization", name or contact_id)
            continue
        context.batch.add("contacts", out)
        count += 1
    return count
