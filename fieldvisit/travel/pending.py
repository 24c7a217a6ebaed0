"""The one rule of what a travel copy has not pushed yet, and the copy's own bookkeeping.

When a copy is taken or synced, each visit and debrief gets a base: the team row's version and
the fingerprint of its content (`content.fingerprint`). A visit or debrief is pending when its
content in the copy no longer matches its base's fingerprint, or when it is a debrief the team
had not got (no base). The content decides, not the copy's own row version, so a change saved
and changed back is not pushed, and the rule holds however the copy's saves count versions.
(The `pending_change` table is not used: the bases say the same without a second record.)

The bookkeeping lives in the copy's `setting` table under `travel.*` keys, which the team
database never has, so a pull leaves them alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.store.offline import SOURCE_KEY as OFFLINE_SOURCE_KEY
from fieldvisit.store.times import to_date
from fieldvisit.travel.content import Held, changed_fields, fingerprint, read_held
from fieldvisit.travel.scope import Scope

PREFIX = "travel."
SOURCE_KEY = OFFLINE_SOURCE_KEY  # the team address, password-free (`store.offline`)
SCOPE_KEY = "travel.scope"  # {"executive": EMAIL or null}
TAKEN_KEY = "travel.taken_at"
SYNCED_KEY = "travel.synced_at"
BASES_KEY = "travel.bases"  # {"visit": {ext: [version, fingerprint]}, "debrief": {…}}
CONFLICTS_KEY = "travel.conflicts"  # {"visit:EXT": Conflict as JSON}
ENTITIES = ("visit", "debrief")
# A pull leaves the copy's own bookkeeping alone (the team never has these keys).
KEEP_ON_PULL = {"setting": f"key LIKE '{PREFIX}%'"}


class NotATravelCopy(FieldVisitError):
    """The workspace is not a travel copy, so it has nothing to sync."""


@dataclass(frozen=True)
class TravelState:
    """Where a travel copy came from and what it had when it was last taken or synced."""

    source: str
    scope: Scope
    taken_at: str
    synced_at: str | None
    bases: dict[str, dict[str, list[Any]]] = field(default_factory=dict)

    def base(self, entity: str, key: str) -> tuple[int, str] | None:
        found = self.bases.get(entity, {}).get(key)
        return (int(found[0]), str(found[1])) if found else None


@dataclass(frozen=True)
class Pending:
    """One change in the copy the team database has not received yet."""

    entity: str  # visit, debrief
    external_id: str
    visit_id: int
    account: str
    new: bool  # planned or written offline (the team had none when the copy was taken)
    mine: Held
    day: date | None = None  # the visit's day (UTC)

    @property
    def what(self) -> str:
        return f"new {self.entity}" if self.new else f"{self.entity} changed"

    @property
    def words(self) -> str:
        when = f" on {self.day.isoformat()}" if self.day else ""
        return f"{self.what}: visit {self.external_id} at {self.account}{when}"


def _read(conn: Connection, key: str) -> Any:
    raw = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": key}).scalar()
    return None if raw is None else json.loads(raw)


def write_setting(conn: Connection, key: str, value: Any) -> None:
    """Store one piece of the copy's bookkeeping (JSON) in its setting table."""
    conn.execute(
        text(
            "INSERT INTO setting(key, value) VALUES (:k, :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"k": key, "v": json.dumps(value, ensure_ascii=False)},
    )


def is_travel_copy(conn: Connection) -> bool:
    """Return True when the workspace is a travel copy (it records its team address)."""
    return _read(conn, SOURCE_KEY) is not None


def travel_state(conn: Connection) -> TravelState:
    """Return the copy's bookkeeping; a workspace that is not a travel copy is refused."""
    source = _read(conn, SOURCE_KEY)
    if source is None:
        raise NotATravelCopy(
            "This workspace is not a travel copy: take one with "
            "`fieldvisit --db postgresql://… travel-copy -o FILE`."
        )
    scope = _read(conn, SCOPE_KEY) or {}
    return TravelState(
        source=str(source),
        scope=Scope(executive=scope.get("executive")),
        taken_at=str(_read(conn, TAKEN_KEY) or ""),
        synced_at=_read(conn, SYNCED_KEY),
        bases=_read(conn, BASES_KEY) or {},
    )


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_bases(
    conn: Connection, keep: dict[str, dict[str, list[Any]]] | None = None
) -> dict[str, int]:
    """Set every visit's and debrief's base to what the copy holds now (`keep` wins); counts."""
    bases: dict[str, dict[str, list[Any]]] = {}
    for entity in ENTITIES:
        held = read_held(conn, entity)
        bases[entity] = {k: [h.version, h.fingerprint] for k, h in held.items()}
        bases[entity].update((keep or {}).get(entity, {}))
    write_setting(conn, BASES_KEY, bases)
    return {entity: len(rows) for entity, rows in bases.items()}


def set_base(conn: Connection, entity: str, key: str, version: int, print_: str) -> None:
    """Move one entity's base (a settled conflict)."""
    bases = _read(conn, BASES_KEY) or {}
    bases.setdefault(entity, {})[key] = [version, print_]
    write_setting(conn, BASES_KEY, bases)


def drop_base(conn: Connection, entity: str, key: str) -> None:
    """Forget one entity's base (a debrief the team had not got when the copy was taken)."""
    bases = _read(conn, BASES_KEY) or {}
    bases.get(entity, {}).pop(key, None)
    write_setting(conn, BASES_KEY, bases)


def pending_changes(conn: Connection, state: TravelState | None = None) -> list[Pending]:
    """Return the copy's changes not pushed yet: visits and debriefs whose content left its base."""
    state = state or travel_state(conn)
    sql = "SELECT v.external_id, a.name, v.start FROM visit v JOIN account a ON a.id = v.account_id"
    names = {str(row[0]): (str(row[1]), to_date(row[2])) for row in conn.execute(text(sql))}
    found: list[Pending] = []
    for entity in ENTITIES:
        for key, held in sorted(read_held(conn, entity).items()):
            base = state.base(entity, key)
            if base is not None and base[1] == held.fingerprint:
                continue
            found.append(
                Pending(
                    entity,
                    key,
                    held.visit_id,
                    names.get(key, ("", None))[0],
                    base is None,
                    held,
                    names.get(key, ("", None))[1],
                )
            )
    return found


def pending_count(conn: Connection) -> int:
    """Return how many changes the copy has not pushed (0 for a workspace that is no copy)."""
    if not is_travel_copy(conn):
        return 0
    return len(pending_changes(conn))


@dataclass(frozen=True)
class Conflict:
    """A visit or debrief changed in the copy and in the team database since the base."""

    entity: str
    external_id: str
    visit_id: int
    account: str
    mine: dict[str, Any] | None
    theirs: dict[str, Any] | None
    theirs_version: int
    theirs_by: str | None = None

    @property
    def key(self) -> str:
        return f"{self.entity}:{self.external_id}"

    @property
    def fields(self) -> list[str]:
        return changed_fields(self.mine, self.theirs)

    @property
    def theirs_fingerprint(self) -> str:
        return fingerprint(self.theirs)

    @property
    def words(self) -> str:
        who = f" by {self.theirs_by}" if self.theirs_by else ""
        what = "debrief of visit" if self.entity == "debrief" else "visit"
        return (
            f"{what} {self.external_id} at {self.account} changed on both sides "
            f"(theirs{who}: {', '.join(self.fields) or 'no field'})"
        )


def conflicts(conn: Connection) -> list[Conflict]:
    """Return the conflicts the last sync found and nobody has settled yet."""
    stored = _read(conn, CONFLICTS_KEY) or {}
    return [Conflict(**value) for _, value in sorted(stored.items())]


def store_conflicts(conn: Connection, found: list[Conflict]) -> None:
    """Replace the stored conflicts with those of this sync."""
    write_setting(conn, CONFLICTS_KEY, {c.key: c.__dict__ for c in found})


def drop_conflict(conn: Connection, key: str) -> None:
    """Forget one settled conflict."""
    stored = _read(conn, CONFLICTS_KEY) or {}
    stored.pop(key, None)
    write_setting(conn, CONFLICTS_KEY, stored)


@dataclass(frozen=True)
class Overview:
    """A travel copy at a glance: where from, when synced, what is pending, what conflicts."""

    source: str
    taken_at: str
    synced_at: str | None
    pending: list[Pending]
    conflicts: list[Conflict]

    @property
    def words(self) -> str:
        n = len(self.pending)
        said = f"{n} change{'s' if n != 1 else ''} not pushed" if n else "Everything is pushed"
        if self.conflicts:
            c = len(self.conflicts)
            said += f" · {c} conflict{'s' if c != 1 else ''} to settle"
        return said


def travel_overview(conn: Connection) -> Overview | None:
    """Return the copy's overview, or None when the workspace is not a travel copy."""
    if not is_travel_copy(conn):
        return None
    state = travel_state(conn)
    return Overview(
        state.source,
        state.taken_at,
        state.synced_at,
        pending_changes(conn, state),
        conflicts(conn),
    )
