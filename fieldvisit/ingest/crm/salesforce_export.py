"""Salesforce's Data Export ZIP and Data Loader extracts (API names) → generic records.

Both hold one file per object with API field names (`StageName`; Data Loader in upper case with
relationship columns like `OWNER.EMAIL`). Records point at each other by 18-character id, kept as
the 15-character key (`values.sf_id`) so a report's ids name the same records; empty lookups
(`000000000000000AAA`) are empty. Owners are only `OwnerId` in the Data Export: their e-mail
addresses and titles come from `User.csv`. Deleted rows (`IsDeleted` 1) are left out.
"""

from __future__ import annotations

from fieldvisit.ingest.crm import values
from fieldvisit.ingest.crm.batch import Record, User
from fieldvisit.ingest.crm.salesforce_activities import LeftOut, deleted
from fieldvisit.ingest.crm.salesforce_history import Change, Timeline, add_history, timeline
from fieldvisit.ingest.crm.salesforce_names import is_system_user, stage_name, stage_status
from fieldvisit.ingest.crm.salesforce_sheets import Known, Reading, Row, Sheet, modified_at

DECISION_MAKER_ROLES = ("decision maker", "entscheidungsträger", "entscheider")


def read_users(sheets: list[Sheet], reading: Reading, known: Known) -> None:
    """Add the users (Id, Name, Email, Title, IsActive, UserType, ManagerId) to the batch."""
    managers_by_email: dict[str, str] = {}
    for sheet in sheets:
        known.has_users = True
        for row in sheet.rows():
            key = sheet.sf(row, "id")
            if not key or key in known.users:
                continue
            first, last = sheet.text(row, "first"), sheet.text(row, "last")
            name = sheet.text(row, "name") or " ".join(p for p in (first, last) if p) or key
            email = values.first_email(sheet.text(row, "email"))
            active = sheet.flag(row, "active")
            user = User(
                key=key,
                name=name,
                email=email or None,
                title=sheet.text(row, "title") or None,
                active=True if active is None else active,
                system=is_system_user(
                    name, email, sheet.text(row, "user_type"), sheet.text(row, "profile")
                ),
                manager=sheet.sf(row, "manager_id") or None,
                origin=row.origin,
                city=sheet.text(row, "city") or None,
                country=sheet.text(row, "country") or None,
            )
            manager_email = values.first_email(sheet.text(row, "manager_email"))
            if manager_email:
                managers_by_email[key] = manager_email
            known.users[key] = user
            reading.batch.users.append(user)
    by_email = {u.email: u.key for u in known.users.values() if u.email and not u.system}
    for key, email in managers_by_email.items():
        known.users[key].manager = by_email.get(email)


def read_stages(sheets: list[Sheet], reading: Reading, orders: dict[str, int]) -> None:
    """Read OpportunityStage (MasterLabel, SortOrder, IsActive, IsClosed, IsWon)."""
    batch = reading.batch
    for sheet in sheets:
        for row in sheet.rows():
            label, order = stage_name(sheet.text(row, "label")), sheet.whole(row, "order")
            if not label or order is None or sheet.flag(row, "active") is False:
                continue
            orders[label] = min(order, orders.get(label, order))
            if sheet.flag(row, "closed"):
                (batch.won_stages if sheet.flag(row, "won") else batch.lost_stages).add(label)


def read_accounts(sheets: list[Sheet], reading: Reading, known: Known, left: LeftOut) -> None:
    for sheet in sheets:
        for row in sheet.rows():
            name, key = sheet.text(row, "name"), sheet.sf(row, "id")
            if deleted(sheet, row, left, name) or not key:
                continue
            if not name:
                sheet.problem(row, "name", "is empty: every account needs a name", key)
                continue
            record = Record({"account_id": key, "name": name}, row.origin)
            record.modified_at = modified_at(sheet, row)
            for column in ("industry", "city", "country"):
                if sheet.text(row, column):
                    record.values[column] = sheet.text(row, column)
            owner = known.owner_email(sheet, row)
            if owner:
                record.values["owner_email"] = owner
            known.accounts.add(key)
            reading.batch.add("accounts", record)


def decision_makers(sheets: list[Sheet], left: LeftOut) -> set[str] | None:
    """Return the contacts OpportunityContactRole names Decision Maker (None: no such file)."""
    if not sheets:
        return None
    found: set[str] = set()
    for sheet in sheets:
        for row in sheet.rows():
            role = sheet.text(row, "role").lower()
            if not deleted(sheet, row, left, role) and any(r in role for r in DECISION_MAKER_ROLES):
                found.add(sheet.sf(row, "contact"))
    return found


def read_contacts(
    sheets: list[Sheet], reading: Reading, known: Known, left: LeftOut, deciders: set[str] | None
) -> None:
    for sheet in sheets:
        known.has_contacts = True
        for row in sheet.rows():
            first, last = sheet.text(row, "first"), sheet.text(row, "last")
            name = sheet.text(row, "name") or " ".join(p for p in (first, last) if p)
            key = sheet.sf(row, "id")
            if deleted(sheet, row, left, name) or not key:
                continue
            account = sheet.sf(row, "account_id")
            if not account and not sheet.text(row, "account_name"):
                left.add(
                    sheet.name,
                    "contacts at no account (Field Visit keeps contacts of accounts)",
                    name,
                )
                continue
            if not name:
                sheet.problem(row, "last", "is empty: every contact needs a name", key)
                continue
            record = Record({"contact_id": key, "name": name}, row.origin)
            record.modified_at = modified_at(sheet, row)
            if account:
                record.values["account_id"] = account
            else:
                record.by_name["account_id"] = sheet.text(row, "account_name")
            if sheet.text(row, "title"):
                record.values["title"] = sheet.text(row, "title")
            email = values.first_email(sheet.text(row, "email"))
            if email:
                record.values["email"] = email
            if deciders is not None:
                record.values["decision_maker"] = "1" if key in deciders else "0"
            known.contacts[key] = account
            reading.batch.add("contacts", record)


def read_history(sheets: list[Sheet], left: LeftOut) -> dict[str, Timeline]:
    """Return each deal's timeline from OpportunityHistory (one snapshot row per change)."""
    changes: dict[str, list[Change]] = {}
    for sheet in sheets:
        for row in sheet.rows():
            deal, at = sheet.sf(row, "deal"), sheet.moment(row, "created")
            if deleted(sheet, row, left, deal) or not deal or at is None:
                continue
            change = Change(
                row.origin,
                at,
                stage_name(sheet.text(row, "stage")),
                sheet.day(row, "close"),
                stage_name(sheet.text(row, "from_stage")),
                sheet.day(row, "prev_close"),
            )
            changes.setdefault(deal, []).append(change)
    return {deal: timeline(deal, "", rows) for deal, rows in changes.items()}


def read_deals(
    sheets: list[Sheet],
    reading: Reading,
    known: Known,
    left: LeftOut,
    timelines: dict[str, Timeline],
    orders: dict[str, int],
) -> None:
    batch = reading.batch
    for sheet in sheets:
        known.has_deals = True
        if not sheet.require(
            ("account_id", "account_name"), ("owner_id", "owner_email", "owner_name")
        ):
            continue
        for row in sheet.rows():
            name, key, raw_stage = (
                sheet.text(row, "name"),
                sheet.sf(row, "id"),
                sheet.text(row, "stage"),
            )
            if deleted(sheet, row, left, name) or not key:
                continue
            if not name or not raw_stage:
                sheet.problem(
                    row, "stage" if name else "name", "is empty: every opportunity needs one", key
                )
                continue
            stage = stage_name(raw_stage)
            record = Record({"deal_id": key, "name": name, "stage": stage}, row.origin)
            record.modified_at = modified_at(sheet, row)
            account = sheet.sf(row, "account_id")
            if account:
                record.values["account_id"] = account
            elif sheet.text(row, "account_name"):
                record.by_name["account_id"] = sheet.text(row, "account_name")
            else:
                sheet.problem(
                    row, "account_id", "is empty: every opportunity needs its account", key
                )
                continue
            owner = known.owner_email(sheet, row)
            if owner:
                record.values["owner_email"] = owner
            elif sheet.sf(row, "owner_id"):
                continue  # an owner id the users do not explain: a problem says so
            elif sheet.text(row, "owner_name"):
                record.by_name["owner_email"] = sheet.text(row, "owner_name")
            else:
                sheet.problem(row, "owner_id", "is empty: every opportunity needs its owner", key)
                continue
            amount = sheet.amount(row, "amount")
            if amount:
                record.values["amount"] = amount
            if sheet.text(row, "currency"):
                record.values["currency"] = sheet.text(row, "currency").upper()
            created = sheet.moment_day(row, "created")
            close = sheet.day(row, "close")
            for column, value in (("created_on", created), ("close_date", close)):
                if value:
                    record.values[column] = value
            status = _status(sheet, row, stage, batch.won_stages, batch.lost_stages)
            record.values["status"] = status
            if status != "open":
                (batch.won_stages if status == "won" else batch.lost_stages).add(stage)
            order = sheet.whole(row, "sort_order")
            if order is not None:
                orders.setdefault(stage, order)
            found = timelines.get(key)
            entered = (found.entered(stage) if found else "") or sheet.moment_day(
                row, "stage_change"
            )
            if not entered and (found or sheet.has("stage_change")):
                entered = created  # never changed stage: in it since it was created
            if entered:
                record.values["stage_entered_on"] = entered
            known.deals[key] = account
            batch.add("deals", record)


def _status(sheet: Sheet, row: Row, stage: str, won: set[str], lost: set[str]) -> str:
    is_won, is_closed = sheet.flag(row, "won"), sheet.flag(row, "closed")
    if is_won:
        return "won"
    if is_closed is not None:
        return "lost" if is_closed else "open"
    if stage in won or stage in lost:
        return "won" if stage in won else "lost"
    return stage_status(stage) or "open"


def read_objects(
    sheets: dict[str, list[Sheet]], reading: Reading, known: Known, left: LeftOut
) -> None:
    """Read the API files in dependency order: users, stages, accounts, contacts, deals, history."""
    read_users(sheets.get("user", []), reading, known)
    orders: dict[str, int] = {}
    read_stages(sheets.get("stage", []), reading, orders)
    read_accounts(sheets.get("account", []), reading, known, left)
    deciders = decision_makers(sheets.get("contact_role", []), left)
    read_contacts(sheets.get("contact", []), reading, known, left, deciders)
    timelines = read_history(sheets.get("history", []), left)
    read_deals(sheets.get("opportunity", []), reading, known, left, timelines, orders)
    if known.has_deals:
        dropped = [k for k in timelines if k not in known.deals]
        for key in dropped:
            del timelines[key]
        if dropped:
            left.add(
                "OpportunityHistory",
                "history of opportunities not in the export (deleted)",
                dropped[0],
            )
    add_history(reading, timelines.values(), {})
    if orders:
        reading.batch.stage_order = sorted(orders, key=lambda s: (orders[s], s))
