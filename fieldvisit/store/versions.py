"""Row versions: a save over someone else's newer change is refused, never silently overwritten.

Every save of a visit, debrief (with its next steps and friction), snooze or setting calls
`stamp` in its own transaction. `stamp` (a) checks the row's `row_version` still equals the
version the user started from, (b) bumps it and sets `changed_by` (and `changed_at` where the
table has it), (c) writes the audit row (`audit.record`). The check and the bump are one
statement, `UPDATE … SET row_version = row_version + 1 … WHERE key = :row AND row_version =
:seen RETURNING row_version`, atomic on SQLite (the writer holds the file's lock) and on
PostgreSQL (a second writer waits for the first's row lock, then finds the version moved). No
row updated means someone saved first: `Conflict` says who, when, which fields, and carries the newer values.

`seen=None` skips the check (a command that reads and writes in one transaction, an import);
the change is still versioned and recorded. `seen=0` says the user started from no row at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.store import audit
from fieldvisit.store.identity import person_of
from fieldvisit.store.offline import refuse_offline
from fieldvisit.store.times import stored_text, stored_utc


@dataclass(frozen=True)
class RowKind:
    """Where an entity's rows live and how its audit key and account are found."""

    table: str
    key_column: str
    has_changed_at: bool
    # SELECT entity_key, account_id for the row (:row)
    identity_sql: str


KINDS = {
    "visit": RowKind(
        "visit", "id", False, "SELECT external_id, account_id FROM visit WHERE id = :row"
    ),
    "debrief": RowKind(
        "debrief", "visit_id", True, "SELECT external_id, account_id FROM visit WHERE id = :row"
    ),
    "snooze": RowKind(
        "snooze",
        "id",
        False,
        "SELECT s.id, d.account_id FROM snooze s JOIN deal d ON d.id = s.deal_id WHERE s.id = :row",
    ),
    "setting": RowKind("setting", "key", True, "SELECT key, NULL FROM setting WHERE key = :row"),
}


@dataclass(frozen=True)
class Change:
    """One save: which row, what the user did to it, and the version they started from."""

    entity: str  # visit, debrief, snooze, setting
    row: int | str  # the row's key: visit id, the debrief's visit id, snooze id, setting key
    action: str  # one of audit.ACTIONS
    fields: Sequence[str] = ()
    seen: int | None = None
    kept_over: bool = False  # "Keep mine": saved on top of a newer version, recorded as such

    def __post_init__(self) -> None:
        if self.entity not in KINDS:
            raise ValueError(f"no versioned entity {self.entity!r}")
        if self.action not in audit.ACTIONS:
            raise ValueError(f"no audit action {self.action!r}")


class Conflict(FieldVisitError):
    """Someone saved this row after the user loaded it; the user's change was not saved."""

    def __init__(
        self,
        message: str,
        *,
        entity: str,
        row: int | str,
        person: str,
        at: datetime | None,
        fields: tuple[str, ...],
        theirs: dict[str, Any],
        version: int,
    ):
        super().__init__(message)
        self.entity = entity
        self.row = row
        self.person = person  # who saved last
        self.at = at  # when (aware UTC), None when unknown
        self.fields = fields  # which fields they changed since the user's version
        self.theirs = theirs  # the row as it is now (column → value)
        self.version = version  # its version now: save again with seen=version to keep yours


@dataclass(frozen=True)
class Newer:
    """What changed since a version: who (the last person), when, which fields."""

    person: str
    at: datetime | None
    fields: tuple[str, ...] = field(default_factory=tuple)


@cache
def _bump_sql(entity: str, checked: bool) -> str:
    kind = KINDS[entity]
    stamp_at = ", changed_at = :now" if kind.has_changed_at else ""
    check = " AND row_version = :seen" if checked else ""
    return (
        f"UPDATE {kind.table} SET row_version = row_version + 1, changed_by = :who{stamp_at} "
        f"WHERE {kind.key_column} = :row{check} RETURNING row_version"
    )


@cache
def _mark_new_sql(entity: str) -> str:
    kind = KINDS[entity]
    stamp_at = ", changed_at = :now" if kind.has_changed_at else ""
    return f"UPDATE {kind.table} SET changed_by = :who{stamp_at} WHERE {kind.key_column} = :row"


def version_of(conn: Connection, entity: str, row: int | str) -> int:
    """Return the row's current version, 0 when there is no such row."""
    kind = KINDS[entity]
    found = conn.execute(
        text(f"SELECT row_version FROM {kind.table} WHERE {kind.key_column} = :row"), {"row": row}
    ).scalar()
    return int(found or 0)


def _identity(conn: Connection, change: Change) -> tuple[str, int | None]:
    found = conn.execute(text(KINDS[change.entity].identity_sql), {"row": change.row}).first()
    if found is None:
        raise NotFound(f"There is no {change.entity} {change.row} in this workspace.")
    return str(found[0]), found[1]


def stamp(conn: Connection, change: Change, *, new: bool = False) -> int:
    """Check and bump the row's version, say who changed it, record the change; return the version.

    `new`: the caller has just inserted the row (it keeps version 1). Raise Conflict when the
    row moved past `change.seen` (nothing is written; the caller's transaction rolls back).
    """
    person = person_of(conn)
    now = datetime.now(UTC)
    params = {"who": person, "now": stored_text(now), "row": change.row, "seen": change.seen}
    if new:
        conn.execute(text(_mark_new_sql(change.entity)), params)
        version = 1
    else:
        checked = change.seen is not None
        bumped = conn.execute(text(_bump_sql(change.entity, checked)), params).scalar()
        if bumped is None:  # no row at the version the user started from
            raise conflict(conn, change)
        version = int(bumped)
    key, account = _identity(conn, change)
    fields = [*change.fields, audit.KEPT_OVER] if change.kept_over else list(change.fields)
    audit.record(
        conn,
        person=person,
        action=change.action,
        entity=change.entity,
        entity_key=key,
        account_id=account,
        fields=fields,
        version=version,
        at=now,
    )
    return version


def newer_than(conn: Connection, entity: str, key: str, seen: int) -> Newer | None:
    """Return who changed the entity after version `seen`, when and what; None if nobody did."""
    rows = conn.execute(
        text(
            "SELECT person, at, fields FROM change_log WHERE entity = :e AND entity_key = :k "
            "AND version > :seen ORDER BY id"
        ),
        {"e": entity, "k": key, "seen": seen},
    ).all()
    if not rows:
        return None
    names = [name for row in rows for name in audit.fields_of(row[2])]
    last = rows[-1]
    return Newer(str(last[0]), stored_utc(last[1]), tuple(dict.fromkeys(names)))


def _when(at: datetime | None, now: datetime | None = None) -> str:
    if at is None:
        return ""
    local = at.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    if local.date() == today:
        return f" at {local:%H:%M}"
    return f" on {local.day} {local:%b} at {local:%H:%M}"


def conflict_message(entity: str, key: str, newer: Newer, now: datetime | None = None) -> str:
    """Return "Priya changed this visit's time and agenda at 14:02; your change was not saved"."""
    return f"{changed_words(entity, key, newer, now)}; your change was not saved."


def changed_words(entity: str, key: str, newer: Newer, now: datetime | None = None) -> str:
    """Return "Priya changed this visit's time and agenda at 14:02"."""
    what = audit.entity_words(entity, key)
    named = audit.and_list([audit.field_word(f) for f in newer.fields])
    if not named or entity == "setting":
        changed = what
    elif entity == "debrief":  # "what we learned and next steps in this debrief"
        changed = f"{named} in {what}"
    else:
        changed = f"{what}'s {named}"
    return f"{newer.person} changed {changed}{_when(newer.at, now)}"


def changed_since(conn: Connection, entity: str, row: int | str, seen: int) -> str | None:
    """Return "Priya changed what we learned in this debrief at 14:02" when someone saved the
    row after version `seen`, else None."""
    key, _account = _identity(conn, Change(entity, row, "changed", (), seen))
    newer = newer_than(conn, entity, key, seen)
    return None if newer is None else changed_words(entity, key, newer)


def conflict(conn: Connection, change: Change) -> Conflict:
    """Return the Conflict for a save whose row moved past `change.seen` (or disappeared)."""
    kind = KINDS[change.entity]
    row = (
        conn.execute(
            text(f"SELECT * FROM {kind.table} WHERE {kind.key_column} = :row"), {"row": change.row}
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(
            f"This {change.entity} is no longer in the workspace (someone removed it); "
            "your change was not saved."
        )
    key, _account = _identity(conn, change)
    version = int(row["row_version"])
    newer = newer_than(conn, change.entity, key, change.seen or 0) or Newer(
        str(row["changed_by"] or "Someone"),
        stored_utc(row["changed_at"]) if row.get("changed_at") else None,
    )
    return Conflict(
        conflict_message(change.entity, key, newer),
        entity=change.entity,
        row=change.row,
        person=newer.person,
        at=newer.at,
        fields=newer.fields,
        theirs=dict(row),
        version=version,
    )


def write_setting(
    conn: Connection,
    key: str,
    value: str,
    *,
    seen: int | None = None,
    kept_over: bool = False,
    recorded: bool = True,
) -> int:
    """Store a setting's JSON value through `stamp`; return its version (unchanged: no write).

    `seen`: the setting's version the user started from (0: not stored yet). `recorded=False`
    stores the value alone (a new demo's own settings: the same seed gives the same file).
    """
    if not recorded:
        conn.execute(
            text(
                "INSERT INTO setting(key, value) VALUES (:k, :v) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            ),
            {"k": key, "v": value},
        )
        return version_of(conn, "setting", key)
    refuse_offline(conn, "settings")  # a travel copy's settings would be lost at its next pull
    change = Change("setting", key, "setting", ("value",), seen, kept_over)
    stored = conn.execute(
        text("SELECT value, row_version FROM setting WHERE key = :k"), {"k": key}
    ).first()
    if stored is None:
        added = conn.execute(
            text(
                "INSERT INTO setting(key, value) VALUES (:k, :v) "
                "ON CONFLICT(key) DO NOTHING RETURNING key"
            ),
            {"k": key, "v": value},
        ).first()
        if added is not None:
            return stamp(conn, change, new=True)
    elif stored[0] == value:
        return int(stored[1])
    version = stamp(conn, change)
    conn.execute(text("UPDATE setting SET value = :v WHERE key = :k"), {"k": key, "v": value})
    return version


def setting_versions(conn: Connection) -> dict[str, int]:
    """Return every stored setting's version by key (what a settings form started from)."""
    return {str(k): int(v) for k, v in conn.execute(text("SELECT key, row_version FROM setting"))}
