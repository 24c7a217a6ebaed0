"""Syncing a travel copy: push its pending changes to the team database, then pull the latest.

Pushing happens in one team transaction with the pending rows locked. For each change: when the
team already holds the same content, nothing is written (so a second sync changes nothing);
when the team row moved since the copy's base, it is a conflict, kept for the user to settle
(`resolve`) and never overwritten; otherwise the copy's content is written with a new version
and a `change_log` row ("synced"). Then the copy's rows are replaced by the team's rows of the
same scope, the conflicts keep the copy's version, and the bases move to what was pulled.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.store import audit
from fieldvisit.store.identity import person_of
from fieldvisit.store.workspace import Workspace
from fieldvisit.travel import pending
from fieldvisit.travel.content import Held, changed_fields, fingerprint, read_held, write_held
from fieldvisit.travel.copy import fill_copy, read_consistently
from fieldvisit.travel.new_visits import NewVisit, add_visit, existing, read_new_visits
from fieldvisit.travel.pending import Conflict, Pending, TravelState
from fieldvisit.travel.tables import IsCancelled, Progress, model_table

KEEP_CHOICES = ("mine", "theirs")


@dataclass
class SyncReport:
    """What a sync did: pushed, already there, conflicts, gone from the team; rows pulled."""

    pushed: list[Pending] = field(default_factory=list)
    already: list[Pending] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    gone: list[Pending] = field(default_factory=list)
    pulled: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def lines(self) -> list[str]:
        said = [
            f"Pushed {len(self.pushed)} change{'s' if len(self.pushed) != 1 else ''}"
            + (f" ({len(self.already)} already in the team workspace)" if self.already else "")
            + f"; pulled {self.pulled.get('account', 0)} accounts and "
            f"{self.pulled.get('visit', 0)} visits."
        ]
        said += [
            f"Not pushed, the visit is gone from the team workspace: {p.words}" for p in self.gone
        ]
        said += [f"Conflict: {c.words}" for c in self.conflicts]
        if self.conflicts:
            said.append(
                "Settle each with `sync --resolve VISIT --keep mine|theirs` (or Pending changes… "
                "in the app)."
            )
        return said


def team_of(copy: Workspace, *, prompt: Any = None, timeout_s: int | None = None) -> Workspace:
    """Open the team workspace a travel copy came from (password from the keychain).

    `timeout_s` shortens the wait for an unreachable server (the app's sync on opening).
    """
    from dataclasses import replace

    from fieldvisit.store.opening import open_location
    from fieldvisit.travel.reach import team_address

    address = team_address(copy)
    if timeout_s is not None:
        options = dict(address.options, connect_timeout=str(timeout_s))
        address = replace(address, options=tuple(options.items()))
    return open_location(address, migrate=False, prompt=prompt)


def sync_copy(
    copy: Workspace,
    team: Workspace,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> SyncReport:
    """Push the copy's pending changes to `team`, then pull the team's latest rows into it."""
    started = time.perf_counter()
    with copy.connect() as conn:
        state = pending.travel_state(conn)
        todo = pending.pending_changes(conn, state)
        planned = read_new_visits(
            conn, [p.external_id for p in todo if p.new and p.entity == "visit"]
        )
    report = SyncReport()
    if progress is not None:
        progress(0.0, "Pushing changes")
    with team.begin() as conn:
        _push(conn, state, todo, report, planned)
    report.pulled = pull(copy, team, report.conflicts, progress=progress, cancelled=cancelled)
    report.seconds = time.perf_counter() - started
    return report


def _push(
    conn: Connection,
    state: TravelState,
    todo: list[Pending],
    report: SyncReport,
    planned: dict[str, NewVisit],
) -> None:
    renamed: dict[str, str] = {}  # visits planned in the copy whose external id the team had
    person = person_of(conn)  # who sits at this laptop (FIELDVISIT_USER, File › Your name…)
    for entity in pending.ENTITIES:
        items = [p for p in todo if p.entity == entity]
        if not items:
            continue
        keys = [renamed.get(p.external_id, p.external_id) for p in items]
        theirs = read_held(conn, entity, keys, lock=True)
        for item, key in zip(items, keys, strict=True):
            if entity == "visit" and item.new:
                _push_planned(conn, person, item, planned.get(key), report, renamed)
                continue
            now = theirs.get(key)
            base = state.base(entity, item.external_id)
            if entity == "visit" and now is None:
                report.gone.append(item)
                continue
            theirs_print = fingerprint(now.content if now else None)
            if theirs_print == item.mine.fingerprint:
                report.already.append(item)
                continue
            if theirs_print != (base[1] if base else ""):
                report.conflicts.append(_conflict(conn, item, now))
                continue
            version = write_held(conn, entity, key, item.mine.content, person=person, bump=True)
            if version is None:
                report.gone.append(item)
                continue
            _log(
                conn,
                person,
                item,
                key,
                changed_fields(item.mine.content, now.content if now else None),
                version,
            )
            report.pushed.append(item)


def _push_planned(
    conn: Connection,
    person: str,
    item: Pending,
    new: NewVisit | None,
    report: SyncReport,
    renamed: dict[str, str],
) -> None:
    if new is None or existing(conn, "account", new.row["account_id"]) is None:
        report.gone.append(item)
        return
    added = add_visit(conn, new, person=person)
    if added is None:
        report.already.append(item)
        return
    renamed[item.external_id] = added[0]
    _log(conn, person, item, added[0], ["planned"], added[1])
    report.pushed.append(item)


def _conflict(conn: Connection, item: Pending, theirs: Held | None) -> Conflict:
    by = None
    if theirs is not None:
        table = model_table(item.entity)
        key = table.c.id if item.entity == "visit" else table.c.visit_id
        by = conn.execute(select(table.c.changed_by).where(key == theirs.visit_id)).scalar()
    return Conflict(
        entity=item.entity,
        external_id=item.external_id,
        visit_id=item.visit_id,
        account=item.account,
        mine=item.mine.content,
        theirs=theirs.content if theirs else None,
        theirs_version=theirs.version if theirs else 0,
        theirs_by=by,
    )


def _log(
    conn: Connection, person: str, item: Pending, key: str, fields: list[str], version: int
) -> None:
    audit.record(
        conn,
        person=person,
        action="synced",
        entity=item.entity,
        entity_key=key,
        account_id=item.mine.account_id,
        fields=fields,
        version=version,
    )


def pull(
    copy: Workspace,
    team: Workspace,
    found: list[Conflict],
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> dict[str, int]:
    """Replace the copy's rows with the team's (same scope); conflicts keep the copy's side."""
    with team.connect() as source:
        read_consistently(source)
        with copy.begin() as target:
            state = pending.travel_state(target)
            mine = {
                c.key: read_held(target, c.entity, [c.external_id]).get(c.external_id)
                for c in found
            }
            drafts = [
                dict(r._mapping) for r in target.execute(select(model_table("debrief_draft")))
            ]
            counts = fill_copy(source, target, state.scope, progress=progress, cancelled=cancelled)
            _put_back_drafts(target, drafts)
            keep: dict[str, dict[str, list[Any]]] = {}
            unbased: list[tuple[str, str]] = []
            for conflict in found:
                held = mine.get(conflict.key)
                if held is not None:
                    write_held(
                        target,
                        conflict.entity,
                        conflict.external_id,
                        held.content,
                        person=person_of(target),
                        bump=False,
                    )
                base = state.base(conflict.entity, conflict.external_id)
                if base is None:
                    unbased.append((conflict.entity, conflict.external_id))
                else:
                    keep.setdefault(conflict.entity, {})[conflict.external_id] = list(base)
            pending.record_bases(target, keep=keep)
            for entity, key in unbased:
                pending.drop_base(target, entity, key)
            pending.store_conflicts(target, found)
            pending.write_setting(target, pending.SYNCED_KEY, pending.now_text())
    return counts


def _put_back_drafts(conn: Connection, drafts: list[dict[str, Any]]) -> None:
    visit = model_table("visit")
    ids = {d["visit_id"] for d in drafts}
    known = (
        set(conn.execute(select(visit.c.id).where(visit.c.id.in_(ids))).scalars()) if ids else set()
    )
    kept = [d for d in drafts if d["visit_id"] in known]
    if kept:
        conn.execute(insert(model_table("debrief_draft")), kept)


def resolve(copy: Workspace, visit: str, keep: str) -> list[Conflict]:
    """Settle a visit's conflicts: keep the copy's side (pushed next sync) or take the team's."""
    if keep not in KEEP_CHOICES:
        raise FieldVisitError(f"Keep mine or theirs, not {keep!r}.")
    with copy.begin() as conn:
        found = [c for c in pending.conflicts(conn) if visit in (c.external_id, str(c.visit_id))]
        if not found:
            raise NotFound(f"Visit {visit} has no conflict to settle in this travel copy.")
        for conflict in found:
            if keep == "theirs" and conflict.theirs is not None:
                write_held(
                    conn,
                    conflict.entity,
                    conflict.external_id,
                    conflict.theirs,
                    person=conflict.theirs_by,
                    bump=False,
                )
            pending.set_base(
                conn,
                conflict.entity,
                conflict.external_id,
                conflict.theirs_version,
                conflict.theirs_fingerprint,
            )
            pending.drop_conflict(conn, conflict.key)
    return found
