"""Visit lists as the pages show them: upcoming, planned, overdue, past, one visit, the counts.

Plain SQL over a Connection, returning frozen dataclasses (safe to hand from a worker thread to
the UI). No Qt here, so the queries can be timed against raw SQLite in the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.times import day_start, stored_utc, to_date
from fieldvisit.store.types import UTCDateTime

_UTC = UTCDateTime()


def _aware(value: object) -> datetime | None:
    return None if value is None else stored_utc(value)


@dataclass(frozen=True)
class VisitLine:
    """A visit as a list shows it."""

    pk: int
    external_id: str
    start: datetime
    end: datetime | None
    status: str
    mode: str
    location: str | None
    account_pk: int
    account_name: str
    account_city: str | None
    account_tz: str | None
    deal_pk: int | None
    deal_name: str | None
    trip_pk: int | None
    trip_name: str | None
    trip_starts: date | None
    trip_ends: date | None
    executives: str
    executive_tz: str | None
    executive_city: str | None
    reps: str
    has_debrief: bool
    row_version: int = 0  # the version the list shows: a save from it names it (`seen`)

    @property
    def minutes(self) -> int:
        """Return the visit's length in minutes (60 when no end is known)."""
        if self.end is None:
            return 60
        return max(1, int((self.end - self.start).total_seconds() // 60))


_VISIT_SELECT = """
SELECT v.id, v.external_id, v.start, v."end", v.status, v.mode, v.location,
       a.id, a.name, a.city, a.tz, d.id, d.name, t.id, t.name, t.starts_on, t.ends_on,
       (SELECT {exec_names} FROM visit_executive ve
          JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id),
       (SELECT e.tz FROM visit_executive ve JOIN executive e ON e.id = ve.executive_id
          WHERE ve.visit_id = v.id ORDER BY e.id LIMIT 1),
       (SELECT e.home_city FROM visit_executive ve JOIN executive e ON e.id = ve.executive_id
          WHERE ve.visit_id = v.id ORDER BY e.id LIMIT 1),
       (SELECT {rep_names} FROM visit_rep vr
          JOIN rep r ON r.id = vr.rep_id WHERE vr.visit_id = v.id),
       EXISTS (SELECT 1 FROM debrief db WHERE db.visit_id = v.id), v.row_version
FROM visit v
JOIN account a ON a.id = v.account_id
LEFT JOIN deal d ON d.id = v.deal_id
LEFT JOIN trip t ON t.id = v.trip_id
"""


def _visit_line(row: tuple[object, ...]) -> VisitLine:
    start = _aware(row[2])
    assert start is not None
    return VisitLine(
        pk=int(row[0]),  # type: ignore[call-overload]
        external_id=str(row[1]),
        start=start,
        end=_aware(row[3]),
        status=str(row[4]),
        mode=str(row[5]),
        location=row[6],  # type: ignore[arg-type]
        account_pk=int(row[7]),  # type: ignore[call-overload]
        account_name=str(row[8]),
        account_city=row[9],  # type: ignore[arg-type]
        account_tz=row[10],  # type: ignore[arg-type]
        deal_pk=row[11],  # type: ignore[arg-type]
        deal_name=row[12],  # type: ignore[arg-type]
        trip_pk=row[13],  # type: ignore[arg-type]
        trip_name=row[14],  # type: ignore[arg-type]
        trip_starts=to_date(row[15]),
        trip_ends=to_date(row[16]),
        executives=str(row[17] or ""),
        executive_tz=row[18],  # type: ignore[arg-type]
        executive_city=row[19],  # type: ignore[arg-type]
        reps=str(row[20] or ""),
        has_debrief=bool(row[21]),
        row_version=int(row[22] or 0),  # type: ignore[call-overload]
    )


def _visits(conn: Connection, where: str, params: dict[str, object]) -> list[VisitLine]:
    d = dialect_of(conn)
    select = _VISIT_SELECT.format(  # SQLite joins in its indexes' order; PostgreSQL is told it
        exec_names=d.group_concat_by("e.name", ", ", "ve.executive_id"),
        rep_names=d.group_concat_by("r.name", ", ", "vr.rep_id"),
    )
    stmt = text(select + where)
    for name in ("from_", "to"):
        if name in params:
            stmt = stmt.bindparams(bindparam(name, type_=_UTC))
    return [_visit_line(tuple(r)) for r in conn.execute(stmt, params)]


def upcoming_visits(
    conn: Connection, as_of: date, *, days: int = 28, limit: int = 200
) -> list[VisitLine]:
    """Return planned visits from the as-of day on (for `days` days), earliest first."""
    return _visits(
        conn,
        "WHERE v.status = 'planned' AND v.start >= :from_ AND v.start < :to "
        "ORDER BY v.start, v.id LIMIT :limit",
        {"from_": day_start(as_of), "to": day_start(as_of + timedelta(days=days)), "limit": limit},
    )


def planned_visits(conn: Connection, as_of: date, *, limit: int = 500) -> list[VisitLine]:
    """Return every planned visit from the as-of day on, earliest first."""
    return _visits(
        conn,
        "WHERE v.status = 'planned' AND v.start >= :from_ ORDER BY v.start, v.id LIMIT :limit",
        {"from_": day_start(as_of), "limit": limit},
    )


def overdue_visits(conn: Connection, as_of: date, *, limit: int = 200) -> list[VisitLine]:
    """Return visits still marked planned although their day has passed, latest first."""
    return _visits(
        conn,
        "WHERE v.status = 'planned' AND v.start < :from_ ORDER BY v.start DESC, v.id LIMIT :limit",
        {"from_": day_start(as_of), "limit": limit},
    )


def past_visits(
    conn: Connection, as_of: date, *, limit: int = 100, offset: int = 0
) -> list[VisitLine]:
    """Return done and cancelled visits up to the as-of day, latest first (one page)."""
    return _visits(
        conn,
        "WHERE v.status IN ('done', 'cancelled') AND v.start < :to "
        "ORDER BY v.start DESC, v.id DESC LIMIT :limit OFFSET :offset",
        {"to": day_start(as_of + timedelta(days=1)), "limit": limit, "offset": offset},
    )


def visit_line(conn: Connection, visit_pk: int) -> VisitLine | None:
    """Return one visit as a list line (None when it does not exist)."""
    found = _visits(conn, "WHERE v.id = :pk", {"pk": visit_pk})
    return found[0] if found else None


def count_visits(conn: Connection, as_of: date) -> tuple[int, int]:
    """Return (planned from the as-of day on, done or cancelled before it)."""
    stmt = text(
        "SELECT sum(CASE WHEN status = 'planned' AND start >= :from_ THEN 1 ELSE 0 END), "
        "sum(CASE WHEN status IN ('done', 'cancelled') AND start < :to THEN 1 ELSE 0 END) "
        "FROM visit"
    ).bindparams(bindparam("from_", type_=_UTC), bindparam("to", type_=_UTC))
    row = conn.execute(
        stmt, {"from_": day_start(as_of), "to": day_start(as_of + timedelta(days=1))}
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def trip_ids(conn: Connection) -> dict[int, str]:
    """Return every trip's external id by its key (the Visits page names trips by them)."""
    return {int(pk): str(ext) for pk, ext in conn.execute(text("SELECT id, external_id FROM trip"))}
