"""HubSpot's users, companies and contacts, and the owners its records name.

HubSpot names owners (`Deal owner` = "Tom Becker"); the users export gives their e-mail
addresses, but no job title. An owner found in the users export is given by e-mail; one that is
not (no users file, a deactivated user) is given by name in `Record.by_name` and listed as a
`User` keyed by that name. Exports with internal values give numeric owner ids that no users file
carries: such an owner is kept as the name-like key `HubSpot owner 71234604` (the `User`'s key
and name both), so the engine can make a rep of it and a user can declare it an executive.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from fieldvisit.ingest.crm import values as v
from fieldvisit.ingest.crm.batch import Record, User
from fieldvisit.ingest.crm.files import Table
from fieldvisit.ingest.crm.hubspot_labels import (
    COMPANIES,
    CONTACTS,
    DECISION_MAKER,
    USERS,
)
from fieldvisit.ingest.crm.table_cells import Cells, Context, fold

OWNER_ID_NAME = "HubSpot owner {}"
_OWNER_ID = re.compile(r"^\d+(?:\.0+)?$")
_INTERNAL_ENUM = re.compile(r"^[A-Z0-9]+(?:_[A-Z0-9]+)+$|^[A-Z]{3,}$")


class Owners:
    """Who the export's owner and attendee cells name: users by e-mail, or keys by name."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self._by_name: dict[str, User] = {}
        for user in context.batch.users:
            self._by_name.setdefault(fold(user.name), user)

    def person(self, raw: str) -> tuple[str, str]:
        """Return (e-mail, "") for a known user, else ("", the name-like key) of the owner."""
        text = raw.strip()
        if not text:
            return "", ""
        if _OWNER_ID.match(text):
            text = OWNER_ID_NAME.format(text.split(".")[0])
        user = self._by_name.get(fold(text))
        if user is None:
            user = User(key=text, name=text)
            self._by_name[fold(text)] = user
            self.context.batch.users.append(user)
        if user.email:
            return user.email, ""
        return "", user.key

    def assign(self, record: Record, column: str, raw: str) -> None:
        """Put the person a cell names into `record` under the generic `column`."""
        email, key = self.person(raw)
        if email:
            record.values[column] = email
        elif key:
            record.by_name[column] = key

    def assign_all(self, record: Record, column: str, cells: list[str]) -> None:
        """Put several people, `;`-joined: all by e-mail in `values` when every one has an
        address, else all in `by_name` (each by e-mail or by its name-like key)."""
        refs: list[str] = []
        named = False
        for cell in cells:
            for part in re.split(r"[;,]", cell):
                email, key = self.person(part)
                named = named or bool(key)
                if (email or key) and (email or key) not in refs:
                    refs.append(email or key)
        if refs:
            (record.by_name if named else record.values)[column] = ";".join(refs)


def read_users(table: Table, context: Context) -> int:
    """Add the users export's users to the batch (keyed by full name, as records name them)."""
    cells = Cells(table, USERS, context)
    count = 0
    for row, record in table.records():
        name = " ".join(p for p in (cells.text(record, "first"), cells.text(record, "last")) if p)
        email = v.first_email(cells.text(record, "email"))
        if not name and not email:
            continue
        if not email:
            cells.problem(row, "email", "has no e-mail address; the user is left out", name)
            continue
        deactivated = cells.text(record, "deactivated")
        context.batch.users.append(
            User(
                key=name or email,
                name=name or email,
                email=email,
                title=cells.text(record, "title") or None,
                active=_active(deactivated),
                origin=cells.origin(row),
            )
        )
        count += 1
    return count


def _active(deactivated: str) -> bool:
    """Return False for a user the export marks deactivated (yes/true/1)."""
    try:
        return v.yes_no(deactivated) == "0"
    except ValueError:
        return True


def readable(raw: str) -> str:
    """Return an internal enumeration value as words (`FOOD_BEVERAGES` → "Food Beverages")."""
    if _INTERNAL_ENUM.match(raw):
        return " ".join(word.capitalize() for word in raw.split("_"))
    return raw


def read_companies(table: Table, context: Context, owners: Owners) -> int:
    """Add the companies export's companies as accounts."""
    cells = Cells(table, COMPANIES, context)
    count = 0
    for row, record in table.records():
        account_id = cells.ident(row, record, "id")
        name = cells.text(record, "name")
        if not account_id or not name:
            if not account_id:
                cells.problem(row, "id", "has no Record ID; the company cannot be imported", name)
            else:
                cells.problem(
                    row, "name", "has no company name; the company is left out", account_id
                )
            continue
        out = Record(
            {
                "account_id": account_id,
                "name": name,
                "industry": readable(cells.text(record, "industry")),
                "city": cells.text(record, "city"),
                "country": cells.text(record, "country"),
            },
            cells.origin(row),
            modified_at=cells.stamp(row, record, "modified"),
        )
        owners.assign(out, "owner_email", cells.text(record, "owner"))
        context.batch.add("accounts", out)
        count += 1
    return count


def primary_company(cells: Cells, row: int, record: Mapping[str, str]) -> tuple[str, str]:
    """Return (company id, "") from `(Primary)` first, else the first listed; or ("", a name)."""
    primary = cells.idents(row, record, "primary_company")
    if primary:
        return primary[0], ""
    listed = cells.idents(row, record, "company_ids")
    if listed:
        return listed[0], ""
    names = [n.strip() for n in cells.text(record, "company_names").split(";") if n.strip()]
    return "", names[0] if names else ""


def read_contacts(table: Table, context: Context) -> int:
    """Add the contacts export's contacts (those without a company are left out, with a note)."""
    cells = Cells(table, CONTACTS, context)
    count = 0
    for row, record in table.records():
        contact_id = cells.ident(row, record, "id")
        first, last = cells.text(record, "first"), cells.text(record, "last")
        emails = v.emails(cells.text(record, "email")) + v.emails(cells.text(record, "more_emails"))
        name = " ".join(p for p in (first, last) if p) or (emails[0] if emails else "")
        if not contact_id:
            cells.problem(row, "id", "has no Record ID; the contact cannot be imported", name)
            continue
        account_id, account_name = primary_company(cells, row, record)
        if not account_id and not account_name:
            context.leave_out("contacts", "no associated company", name or contact_id)
            continue
        roles = {fold(r) for r in re.split(r"[;,]", cells.text(record, "buying_role"))}
        out = Record(
            {
                "contact_id": contact_id,
                "name": name or contact_id,
                "title": cells.text(record, "title"),
                "email": emails[0] if emails else "",
                "decision_maker": "1" if roles & DECISION_MAKER else "0",
            },
            cells.origin(row),
            modified_at=cells.stamp(row, record, "modified"),
        )
        if account_id:
            out.values["account_id"] = account_id
        else:
            out.by_name["account_id"] = account_name
        context.batch.add("contacts", out)
        count += 1
    return count
