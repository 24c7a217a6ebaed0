"""Checking rows: cells converted, references resolved, problems named by file, row and column.

Every reference is looked up in dicts loaded once per import (one query per referenced kind),
so checking a million rows costs no query per row.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit import geo
from fieldvisit.ingest import values as v
from fieldvisit.ingest.findings import PROBLEM_LIMIT, WARNING_LIMIT, Findings
from fieldvisit.ingest.kinds import Column, Kind
from fieldvisit.ingest.presets import Layout

__all__ = ["PROBLEM_LIMIT", "WARNING_LIMIT", "Findings", "Refs", "RowChecker"]
_AMBIGUOUS = -1
_REF_WORDS = {
    "account": ("account", "accounts"),
    "deal": ("deal", "deals"),
    "rep": ("rep", "reps"),
    "owner": ("rep", "reps"),
    "contact": ("contact", "contacts"),
    "executive": ("executive", "executives"),
}


class Refs:
    """The workspace's ids by external id (or e-mail, or a person's CRM key), loaded once."""

    def __init__(self, conn: Connection, needed: set[str]):
        self.maps: dict[str, dict[str, int]] = {}
        self.deal_account: dict[int, int] = {}
        self.rep_names: dict[str, int] = {}
        q = conn.exec_driver_sql
        if "account" in needed:
            self.maps["account"] = dict(q("SELECT external_id, id FROM account").all())
        if "deal" in needed:
            deals = q("SELECT external_id, id, account_id FROM deal").all()
            self.maps["deal"] = {ext: id_ for ext, id_, _ in deals}
            self.deal_account = {id_: acc for _, id_, acc in deals}
        if "contact" in needed:
            self.maps["contact"] = dict(q("SELECT external_id, id FROM contact").all())
        if "executive" in needed:
            people = q("SELECT email, crm_key, id FROM executive").all()
            self.maps["executive"] = {k: id_ for e, c, id_ in people for k in (e, c) if k}
        if needed & {"rep", "owner"}:
            reps = q("SELECT email, crm_key, id, name FROM rep").all()
            self.maps["rep"] = {k: id_ for e, c, id_, _ in reps for k in (e, c) if k}
            for _, _, id_, name in reps:
                key = " ".join(name.lower().split())
                self.rep_names[key] = _AMBIGUOUS if key in self.rep_names else id_

    def owner(self, value: str) -> int | str:
        """Return the id of the rep given by e-mail, CRM key or full name, or why it fails."""
        if v.is_crm_key(value):
            found = self.maps["rep"].get(value)
            return found if found is not None else f"no rep {value!r} in the workspace"
        if "@" in value:
            found = self.maps["rep"].get(value.lower())
            return found if found is not None else f"no rep with e-mail {value!r} in the workspace"
        found = self.rep_names.get(" ".join(value.lower().split()))
        if found == _AMBIGUOUS:
            return f"several reps are called {value!r}; give the owner's e-mail instead"
        if found is None:
            return f"no rep called {value!r} in the workspace (give the owner's e-mail or import reps first)"
        return found


@dataclass(frozen=True)
class _Cell:
    column: Column
    index: int
    label: str


class RowChecker:
    """Turns the generic cells of one row into a record for the writer, or reports problems."""

    def __init__(
        self,
        kind: Kind,
        layout: Layout,
        refs: Refs,
        findings: Findings,
        pipeline: list[str],
        width: int,
        zone: tzinfo | None = None,
    ):
        self.kind = kind
        self.refs = refs
        self.findings = findings
        self.width = width
        self.convert = layout.convert
        self.cells = [
            _Cell(_in_zone(col, zone), layout.columns.index(col.name), layout.labels[col.name])
            for col in kind.columns
            if col.name in layout.labels
        ]
        self.present = {c.column.name for c in self.cells}
        self.labels = layout.labels
        self.key_label = layout.labels.get(kind.key, kind.key)
        self.seen: dict[str, int] = {}
        self.stages = {s.lower(): s for s in pipeline}
        self.new_stages: list[str] = []
        self.managers: list[tuple[int, str]] = []
        self._places: dict[tuple[str, str], geo.Place | None] = {}
        self.skipped = 0

    def missing_required(self) -> list[str]:
        """Return the required columns the file lacks (the key, when it lacks its alternative)."""
        missing = [c.name for c in self.kind.columns if c.required and c.name not in self.present]
        alt = self.kind.alt_key
        if alt is not None and self.kind.key not in self.present and alt not in self.present:
            missing.insert(0, self.kind.key)
        return missing

    def check(self, row: int, raw_cells: list[str]) -> dict[str, Any] | None:
        """Return the row's record (db column → value, list column → ids), or None if bad."""
        if len(raw_cells) != self.width and not (
            len(raw_cells) > self.width and not any(c.strip() for c in raw_cells[self.width :])
        ):
            self.findings.problem(
                row,
                None,
                f"has {len(raw_cells)} cells but the header has {self.width} "
                "(a delimiter or line break inside an unquoted cell?)",
            )
            return None
        if self.convert is not None:
            converted = self.convert(raw_cells)
            if isinstance(converted, str):
                self.skipped += 1
                self.findings.warn(row, None, converted)
                return None
            cells = converted
        else:
            cells = raw_cells
        before = self.findings.problem_total
        record: dict[str, Any] = {}
        for cell in self.cells:
            col = cell.column
            raw = cells[cell.index].strip()
            if not raw:
                if col.required:
                    self.findings.problem(row, cell.label, "is empty; a value is required")
                record[col.name] = [] if col.is_list else col.default
                continue
            try:
                value = col.convert(raw)
            except ValueError as exc:
                self.findings.problem(row, cell.label, str(exc))
                continue
            if col.ref is not None:
                value = self._resolve(row, cell, value)
            record[col.name] = value
        if self.findings.problem_total != before:
            return None
        return self._finish(row, record)

    def _resolve(self, row: int, cell: _Cell, value: Any) -> Any:
        ref = cell.column.ref
        assert ref is not None
        if ref == "owner":
            owner = self.refs.owner(value)
            if isinstance(owner, str):
                self.findings.problem(row, cell.label, owner)
            return owner
        table = self.refs.maps[ref]
        word, plural = _REF_WORDS[ref]
        items = value if isinstance(value, list) else [value]
        ids = []
        for item in items:
            found = table.get(item)
            if found is None:
                self.findings.problem(
                    row,
                    cell.label,
                    f"no {word} {item!r} in the workspace (import {plural} first)",
                )
            else:
                ids.append(found)
        return ids if isinstance(value, list) else (ids[0] if ids else None)

    def _finish(self, row: int, record: dict[str, Any]) -> dict[str, Any] | None:
        name = self.kind.name
        if name != "stage-history":
            key = record.get(self.kind.key)
            if key is None and self.kind.alt_key is not None:
                key = record.get(self.kind.alt_key)
            if key is None:
                self.findings.problem(row, self.key_label, "is empty; a value is required")
                return None
            first = self.seen.get(key)
            if first is not None:
                self.findings.problem(
                    row,
                    self.key_label,
                    f"duplicate id {key!r}: row {first} has it too",
                    cause="duplicate id: an earlier row has it too",
                    example=str(key),
                )
                return None
            self.seen[key] = row
        if "stage" in record:
            record["stage"] = self._stage(row, record["stage"])
        if name == "deals" and not record.get("status"):
            record["status"] = _status_from_stage(record["stage"])
        elif name == "activities":
            if record.get("deal_id") is None and record.get("account_id") is None:
                self.findings.problem(row, None, "needs a deal_id or an account_id")
                return None
            if record.get("account_id") is None:
                record["account_id"] = self.refs.deal_account.get(record["deal_id"])
        elif name == "visits":
            if not record["executive_emails"]:
                label = self.labels["executive_emails"]
                self.findings.problem(row, label, "needs at least one executive")
                return None
            if record.get("end") is not None and record["end"] <= record["start"]:
                self.findings.problem(row, self.labels["end"], "ends before it starts")
                return None
        elif name == "reps" and record.get("manager_email"):
            self.managers.append((row, record["manager_email"]))
        if self.kind.geo is not None:
            self._place(row, record)
        return record

    def _stage(self, row: int, stage: str) -> str:
        known = self.stages.get(stage.lower())
        if known is not None:
            return known
        self.stages[stage.lower()] = stage
        self.new_stages.append(stage)
        self.findings.warn(
            row,
            self.labels.get("stage", "stage"),
            f"unknown stage {stage!r} added to the workspace's pipeline before its closed "
            "stages (set the order with `fieldvisit pipeline --set`)",
        )
        return stage

    def _place(self, row: int, record: dict[str, Any]) -> None:
        city_col, country_col = self.kind.geo or ("", "")
        if city_col not in self.present and country_col not in self.present:
            return
        city = record.get(city_col) or ""
        country = record.get(country_col) or ""
        key = (city, country)
        if key not in self._places:
            self._places[key] = geo.resolve(city, country) if city else None
            if city and self._places[key] is None:
                where = f" ({country})" if country else ""
                self.findings.warn(
                    row,
                    self.labels.get(city_col, city_col),
                    f"unknown city {city!r}{where}; kept without coordinates",
                )
        place = self._places[key]
        record["lat"] = place.lat if place else None
        record["lon"] = place.lon if place else None
        record["tz"] = place.tz if place else None

    def check_managers(self, existing: set[str]) -> None:
        """Report managers that are neither a rep nor an executive (in the workspace or file)."""
        known = existing | set(self.seen)
        for row, manager in self.managers:
            if manager not in known:
                self.findings.problem(
                    row,
                    self.labels.get("manager_email", "manager_email"),
                    f"no rep or executive {manager!r} in the workspace or in this file",
                )


def _in_zone(column: Column, zone: tzinfo | None) -> Column:
    """Return the column reading date-times without an offset in `zone` (UTC when None)."""
    if zone is None or column.convert is not v.stored_datetime:
        return column
    return dataclasses.replace(column, convert=v.stored_datetime_in(zone))


def _status_from_stage(stage: str) -> str:
    low = stage.lower()
    if low in ("closed won", "won"):
        return "won"
    if low in ("closed lost", "lost"):
        return "lost"
    return "open"
