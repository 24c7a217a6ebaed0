"""The one owner of how times and dates are stored: naive UTC text in the workspace file.

SQLAlchemy's SQLite DateTime (see `types.UTCDateTime`) writes "2026-06-23 14:00:00.000000";
raw-SQL writers and readers use the helpers here so every stored time has that one form, and a
day's bounds compare as text ("YYYY-MM-DD 00:00:00" sorts before any time on that day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

STORED_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def stored_text(moment: datetime) -> str:
    """Return an aware datetime as the stored text (naive UTC, microseconds); refuse naive."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; Field Visit stores aware datetimes only")
    return moment.astimezone(UTC).strftime(STORED_FORMAT)


def now_text() -> str:
    """Return the current moment as stored text."""
    return stored_text(datetime.now(UTC))


def stored_utc(value: object) -> datetime:
    """Return the aware UTC datetime of a stored time (text, or a datetime SQLAlchemy handed back).

    A naive datetime is read as UTC (that is what the file holds); an aware one is converted.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)[:26]).replace(tzinfo=UTC)


def to_date(value: object) -> date | None:
    """Return a date from what SQLite hands back for a date or datetime column (text or None)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def day_start_text(day: date) -> str:
    """Return the stored-text bound of midnight UTC at the start of `day`."""
    return f"{day.isoformat()} 00:00:00"


def day_end_text(day: date) -> str:
    """Return the stored-text bound of midnight UTC at the end of `day` (exclusive)."""
    return day_start_text(day + timedelta(days=1))


def day_start(day: date) -> datetime:
    """Return midnight UTC at the start of a day, aware."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
