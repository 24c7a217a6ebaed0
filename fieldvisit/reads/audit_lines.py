"""The audit trail as the app shows it: who planned and changed a visit, an account's recent
changes, and the versions an editor starts from (so its save can be checked, `store.versions`).

"Planned by Dana on 3 Jun · changed by Priya on 5 Jun (time, agenda)": the sentence is built
here, once, for the visit's pane and the account page; only field names are stored, never text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.store import audit
from fieldvisit.store.times import stored_utc
from fieldvisit.store.versions import version_of

# How an action reads in the trail ("planned by Dana").
ACTION_WORDS = {
    "planned": "planned",
    "changed": "changed",
    "rescheduled": "rescheduled",
    "cancelled": "cancelled",
    "done": "marked done",
    "debrief": "debrief saved",
    "snoozed": "snoozed",
    "unsnoozed": "snooze ended",
    "setting": "changed",
    "undone": "undone",
}
SHOWN_AT_MOST = 6  # a visit's sentence names its first change and the last few


@dataclass(frozen=True)
class TrailLine:
    """One recorded change, as the trail shows it."""

    at: datetime  # aware UTC
    person: str
    action: str
    entity: str
    entity_key: str
    fields: tuple[str, ...]
    kept_over: bool

    def words(self) -> str:
        """Return "changed by Priya on 5 Jun (time, agenda)"; "…, kept over a newer change"."""
        local = self.at.astimezone()
        said = f"{ACTION_WORDS.get(self.action, self.action)} by {self.person} on {local.day} {local:%b}"
        if self.fields and self.action not in ("planned", "cancelled", "done", "unsnoozed"):
            said += f" ({', '.join(audit.field_word(f) for f in self.fields)})"
        if self.kept_over:
            said += ", kept over a newer change"
        return said


_COLUMNS = "at, person, action, entity, entity_key, fields"


def _lines(rows: object) -> list[TrailLine]:
    return [
        TrailLine(
            stored_utc(at),
            str(person),
            str(action),
            str(entity),
            str(key),
            audit.fields_of(fields),
            audit.kept_over(fields),
        )
        for at, person, action, entity, key, fields in rows  # type: ignore[attr-defined]
    ]


def visit_trail(conn: Connection, visit_pk: int) -> list[TrailLine]:
    """Return the visit's changes and its debrief's, oldest first."""
    rows = conn.execute(
        text(
            f"SELECT {_COLUMNS} FROM change_log WHERE entity IN ('visit', 'debrief') "
            "AND entity_key = (SELECT external_id FROM visit WHERE id = :v) ORDER BY at, id"
        ),
        {"v": visit_pk},
    ).all()
    return _lines(rows)


def trail_sentence(lines: list[TrailLine]) -> str:
    """Return "Planned by Dana on 3 Jun · changed by Priya on 5 Jun (time, agenda)" ("" if none).

    A long trail keeps its first change and the last few, with how many were left out.
    """
    if not lines:
        return ""
    shown = lines
    skipped = 0
    if len(lines) > SHOWN_AT_MOST:
        skipped = len(lines) - SHOWN_AT_MOST
        shown = [lines[0], *lines[-(SHOWN_AT_MOST - 1) :]]
    parts = [line.words() for line in shown]
    if skipped:
        parts.insert(1, f"{skipped} more change{'s' if skipped != 1 else ''}")
    sentence = " · ".join(parts)
    return sentence[0].upper() + sentence[1:]


@dataclass(frozen=True)
class AccountChange:
    """One line of an account's recent changes: the visit's name, then the change in words."""

    line: TrailLine
    subject: str  # "Visit on 23 Jun", "Debrief of the 23 Jun visit", "Snooze of Renewal"

    def words(self) -> str:
        said = self.line.words()
        return f"{self.subject}: {said}"


def account_changes(conn: Connection, account_pk: int, limit: int = 12) -> list[AccountChange]:
    """Return the account's most recent changes, newest first, each naming what it changed."""
    rows = conn.execute(
        text(
            "SELECT c.at, c.person, c.action, c.entity, c.entity_key, c.fields, v.start, d.name "
            "FROM change_log c LEFT JOIN visit v ON v.external_id = c.entity_key "
            "AND c.entity IN ('visit', 'debrief') "
            "LEFT JOIN snooze s ON c.entity = 'snooze' AND CAST(s.id AS TEXT) = c.entity_key "
            "LEFT JOIN deal d ON d.id = s.deal_id "
            "WHERE c.account_id = :a ORDER BY c.at DESC, c.id DESC LIMIT :n"
        ),
        {"a": account_pk, "n": limit},
    ).all()
    found = []
    for row in rows:
        (line,) = _lines([row[:6]])
        if row[6] is not None:
            start = stored_utc(row[6]).astimezone()
            day = f"{start.day} {start:%b}"
            subject = (
                f"Debrief of the {day} visit" if line.entity == "debrief" else f"Visit on {day}"
            )
        elif row[7] is not None:
            subject = f"Snooze of {row[7]}"
        elif line.entity == "snooze":
            subject = "A snooze since removed"
        else:
            subject = f"{line.entity.capitalize()} {line.entity_key}"
        found.append(AccountChange(line, subject))
    return found


def visit_version(conn: Connection, visit_pk: int) -> int:
    """Return the visit's version now: what a dialog opened on it starts from."""
    return version_of(conn, "visit", visit_pk)


def debrief_version(conn: Connection, visit_pk: int) -> int:
    """Return the visit's debrief's version now, 0 when none was written."""
    return version_of(conn, "debrief", visit_pk)


def running_snooze_version(conn: Connection, deal_pk: int, as_of: object) -> int:
    """Return the version of the deal's running snooze (0: none), for the snooze dialog."""
    from fieldvisit.planning.snoozes import running_snooze_pk
    from fieldvisit.store.times import to_date

    day = to_date(as_of)
    if day is None:
        return 0
    pk = running_snooze_pk(conn, deal_pk, day)
    return 0 if pk is None else version_of(conn, "snooze", pk)


def setting_versions(conn: Connection) -> dict[str, int]:
    """Return the settings' versions by key (what the Settings page starts from)."""
    from fieldvisit.store.versions import setting_versions as versions

    return versions(conn)
