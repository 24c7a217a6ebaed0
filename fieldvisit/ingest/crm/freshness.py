"""An export older than what the workspace holds must not move records back.

Each account, contact, deal and activity keeps the CRM's own last-modified stamp
(`crm_modified_at`), and each CRM the date of the newest export imported (`crm_import`). A batch
with records the CRM changed after the batch was made (the stored stamp is newer), or made before
the newest export imported, is refused unless forced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.engine import Connection

from fieldvisit.ingest.crm.batch import Batch
from fieldvisit.store.dialect import dialect_of, run_sql
from fieldvisit.store.times import stored_text, stored_utc

_TABLES = {"accounts": "account", "contacts": "contact", "deals": "deal", "activities": "activity"}
_KEYS = {"accounts": "account_id", "contacts": "contact_id", "deals": "deal_id",
         "activities": "activity_id"}  # fmt: skip


@dataclass
class Staleness:
    """How much older the export is than what the workspace holds (nothing: not older)."""

    older: dict[str, int] = field(default_factory=dict)  # kind → records older than stored
    newest_stored: datetime | None = None  # the newest CRM stamp among those records
    exported_at: datetime | None = None  # this export's date
    newest_export: datetime | None = None  # the newest export of this CRM imported before

    @property
    def is_older(self) -> bool:
        return bool(self.older) or (
            self.exported_at is not None
            and self.newest_export is not None
            and self.exported_at < self.newest_export
        )

    def message(self, crm: str) -> str:
        """Return the refusal in plain words: how much is older, what the workspace holds."""
        label = crm_label(crm)
        parts = []
        if self.older:
            counted = ", ".join(
                f"{n} {kind if n != 1 else kind[:-1]}" for kind, n in self.older.items()
            )
            newest = _when(self.newest_stored)
            parts.append(
                f"{counted} in it are older than the workspace's copies ({label} changed them "
                f"after this export; the workspace holds changes up to {newest})"
            )
        if (
            self.exported_at is not None
            and self.newest_export is not None
            and self.exported_at < self.newest_export
        ):
            parts.append(
                f"it was exported {_when(self.exported_at)}, before the newest {label} export "
                f"already imported ({_when(self.newest_export)})"
            )
        return (
            f"This {label} export is older than what the workspace holds: "
            + "; ".join(parts)
            + ". Importing it would move records back, so nothing was imported; import a newer "
            "export, or use --force to import this one anyway."
        )


def crm_label(crm: str) -> str:
    return {"salesforce": "Salesforce", "hubspot": "HubSpot", "pipedrive": "Pipedrive"}.get(
        crm, crm
    )


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment is not None else "an unknown time"


def staleness(conn: Connection, batch: Batch) -> Staleness:
    """Return how much of `batch` is older than the workspace's copies."""
    found = Staleness(exported_at=batch.exported_at)
    row = run_sql(conn, "SELECT exported_at FROM crm_import WHERE crm = ?", (batch.crm,)).first()
    if row is not None and row[0] is not None:
        found.newest_export = stored_utc(row[0])
    for kind, table in _TABLES.items():
        stamped = {
            r.values.get(_KEYS[kind], ""): r.modified_at
            for r in batch.records.get(kind, [])
            if r.modified_at is not None and r.values.get(_KEYS[kind])
        }
        if not stamped:
            continue
        rows = run_sql(
            conn,
            f"SELECT external_id, crm_modified_at FROM {table} WHERE crm_modified_at IS NOT NULL "
            f"AND external_id IN {dialect_of(conn).json_values()}",
            (json.dumps(list(stamped)),),
        ).all()
        older = 0
        for key, stored in rows:
            held = stored_utc(stored)
            if stamped[key].astimezone(UTC) < held:
                older += 1
                if found.newest_stored is None or held > found.newest_stored:
                    found.newest_stored = held
        if older:
            found.older[kind] = older
    return found


def remember_export(conn: Connection, batch: Batch, now: datetime) -> None:
    """Record the batch's export date as the CRM's newest (unless an newer one is held)."""
    exported = stored_text(batch.exported_at) if batch.exported_at else None
    run_sql(
        conn,
        "INSERT INTO crm_import (crm, exported_at, imported_at) VALUES (?, ?, ?) "
        "ON CONFLICT(crm) DO UPDATE SET imported_at = excluded.imported_at, exported_at = "
        "CASE WHEN crm_import.exported_at IS NULL OR excluded.exported_at > crm_import.exported_at "
        "THEN excluded.exported_at ELSE crm_import.exported_at END",
        (batch.crm, exported, stored_text(now)),
    )
