"""A recognised Salesforce table: its columns found by name, its cells read the file's way.

Each `Sheet` knows which column holds which field (whatever the order, whatever else the user
added), the file's date order (decided from all its dates, else from the whole export's, else
asked via `ReadOptions.date_order`), each money column's number style, and the zone its
date-times are written in (a report's user's zone; UTC for the Data Export and Data Loader). A
cell that cannot be read adds one grouped problem (`Batch.problems`) naming the file's own column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fieldvisit.ingest.crm import values
from fieldvisit.ingest.crm.batch import Batch, Origin, ReadOptions, User
from fieldvisit.ingest.crm.files import Table
from fieldvisit.ingest.crm.salesforce_headers import GERMAN_WORDS, Fields

# Fields that hold dates or date-times: the file's date order is decided from all of them.
DATE_FIELDS = frozenset(
    {
        "close",
        "prev_close",
        "created",
        "stage_change",
        "modified",
        "modstamp",
        "when",
        "due",
        "completed",
        "start",
        "end",
        "day",
        "last_login",
    }
)
MONEY_FIELDS = frozenset({"amount"})
_ORDER_WORDS = {
    values.MDY: "month first, like 8/30/2026",
    values.DMY: "day first, like 30.08.2026",
    values.YMD: "year first, like 2026-08-30",
    None: "like 2026-08-30",
}


def fold(name: str) -> str:
    """Return a header as compared: lower case, single spaces, no byte-order mark."""
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


def find_column(header: list[str], names: tuple[str, ...]) -> int | None:
    """Return the index of the first of `names` in `header`; a report's `Object: ` prefix is
    tried without it too (`Opportunity: Opportunity Name`)."""
    folded = [fold(h) for h in header]
    bare = [f.split(": ", 1)[1] if ": " in f else f for f in folded]
    for name in names:
        wanted = fold(name)
        for candidates in (folded, bare):
            if wanted in candidates:
                return candidates.index(wanted)
    return None


@dataclass
class Reading:
    """One export being read: the batch it fills, what the user said, export-wide decisions."""

    batch: Batch
    options: ReadOptions
    order: str | None = None  # the date order the export's report files show together
    ordered: set[str] = field(default_factory=set)  # files already told their order is open


@dataclass
class Known:
    """What the export's API files hold, for the files that point at it (by 15-character id)."""

    users: dict[str, User] = field(default_factory=dict)
    deals: dict[str, str] = field(default_factory=dict)  # deal id → its account id
    accounts: set[str] = field(default_factory=set)
    contacts: dict[str, str] = field(default_factory=dict)  # contact id → its account id
    has_users: bool = False  # a users file is in the export: an owner id not in it is wrong
    has_deals: bool = False
    has_contacts: bool = False
    as_of: datetime | None = None  # the latest moment the export holds: later events are planned

    def owner_email(self, sheet: Sheet, row: Row) -> str:
        """Return the row's owner's e-mail (OWNER.EMAIL, or OwnerId via the users file).

        Adds a problem when the owner is only an id the export's users do not explain.
        """
        email = values.first_email(sheet.text(row, "owner_email"))
        if email:
            return email
        key = sheet.sf(row, "owner_id")
        user = self.users.get(key)
        if user is not None and user.email:
            return user.email
        if key:
            cause = (
                "is a user id that is not in the export's users file: export User (Id, Name, "
                "Email, Title) too"
                if self.has_users
                else "is only a user id: add User.csv (the Data Export's users, or a User "
                "extract with Id, Name, Email, Title) so owners get names and e-mail addresses"
            )
            sheet.problem(row, "owner_id", cause, key)
        return ""


@dataclass
class Row:
    origin: Origin
    cells: list[str]


class Sheet:
    """One table recognised as one object, with its fields found and its formats decided."""

    def __init__(
        self,
        table: Table,
        obj: str,
        fields: Fields,
        reading: Reading,
        *,
        report: bool,
    ) -> None:
        self.table = table
        self.obj = obj
        self.reading = reading
        self.report = report
        self.fields = fields
        self.index: dict[str, int] = {}
        self.label: dict[str, str] = {}
        for name, aliases in fields.items():
            found = find_column(table.header, aliases)
            if found is not None:
                self.index[name] = found
                self.label[name] = table.header[found]
        self.german = report and any(fold(h) in GERMAN_WORDS for h in table.header)
        # Report date-times are in the exporting user's zone; API date-times are UTC.
        self.zone = reading.options.zone if report else None
        self.exported_at: datetime | None = None
        self._styles: dict[str, str | None] = {}
        self.order: str | None = self.own_order()

    # ----- the file -------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.table.name

    def has(self, name: str) -> bool:
        return name in self.index

    def rows(self) -> Iterator[Row]:
        for number, cells in self.table.rows:
            yield Row(Origin(self.table.name, number), cells)

    def column_values(self, name: str) -> list[str]:
        i = self.index.get(name)
        if i is None:
            return []
        return [cells[i].strip() for _, cells in self.table.rows if i < len(cells)]

    def problem(self, row: Row | None, name: str, cause: str, example: str = "") -> None:
        """Add a grouped problem for `row` (None: the whole file) in the field's column."""
        column = self.label.get(name, name)
        origin: Origin | str = row.origin if row is not None else self.table.name
        self.reading.batch.problems.add(origin, column, cause, example)

    def require(self, *groups: tuple[str, ...]) -> bool:
        """Return True when the file has, for each group, one of its fields; else say which
        column to add (one whole-file problem per missing column)."""
        missing = [g for g in groups if not any(self.has(name) for name in g)]
        for group in missing:
            wanted = " or ".join(repr(self.fields[name][0]) for name in group)
            self.reading.batch.problems.add(
                self.table.name, self.fields[group[0]][0], f"is missing: add the {wanted} column"
            )
        return not missing

    def date_samples(self) -> list[str]:
        return [v for name in DATE_FIELDS for v in self.column_values(name) if v]

    def own_order(self) -> str | None:
        """Return the date order this file's own dates show (None: they leave it open)."""
        return values.date_order(self.date_samples())

    def decide_order(self) -> None:
        """Settle the date order: the file's own, else the export's, else the user's word; when
        none is known and the file has day/month dates, say so once as a problem."""
        samples = self.date_samples()
        own = values.date_order(samples)
        if own is not None or not values.needs_order(samples):
            self.order = own
            return
        self.order = self.reading.order or self.reading.options.date_order
        if self.order is None and self.table.name not in self.reading.ordered:
            self.reading.ordered.add(self.table.name)
            example = next(s for s in samples if values.needs_order([s]))
            self.reading.batch.problems.add(
                self.table.name,
                None,
                f"dates like {example!r} could be day/month or month/day and no date in the "
                "export tells which: say which with --date-order DMY or MDY",
            )

    # ----- cells ----------------------------------------------------------------------------

    def text(self, row: Row, name: str) -> str:
        i = self.index.get(name)
        if i is None or i >= len(row.cells):
            return ""
        return row.cells[i].strip()

    def sf(self, row: Row, name: str) -> str:
        """Return the cell as a 15-character Salesforce id ("" for an empty lookup)."""
        return values.sf_id(self.text(row, name))

    def day(self, row: Row, name: str) -> str:
        """Return the ISO date of a date cell ("" when empty or unreadable: a problem then)."""
        raw = self.text(row, name)
        if not raw:
            return ""
        try:
            return values.parse_date(raw, self.order)
        except ValueError:
            if values.needs_order([raw]) and self.order is None:
                return ""  # the file is already told its date order is open
            self.problem(row, name, f"is not a date ({_ORDER_WORDS[self.order]})", raw)
            return ""

    def moment(self, row: Row, name: str) -> datetime | None:
        """Return a date-time cell as an aware UTC datetime (a date alone: midnight, local)."""
        raw = self.text(row, name)
        if not raw:
            return None
        try:
            return datetime.fromisoformat(values.parse_datetime(raw, self.order, self.zone))
        except ValueError:
            if values.needs_order([raw]) and self.order is None:
                return None
            self.problem(row, name, f"is not a date-time ({_ORDER_WORDS[self.order]})", raw)
            return None

    def moment_day(self, row: Row, name: str) -> str:
        """Return the UTC date of a date-time cell as ISO text ("" when empty or unreadable);
        a cell holding only a date gives that date as written."""
        if ":" not in self.text(row, name):
            return self.day(row, name)
        found = self.moment(row, name)
        return found.astimezone(UTC).date().isoformat() if found else ""

    def amount(self, row: Row, name: str) -> str:
        """Return a money cell as a plain decimal ("" when empty or unreadable)."""
        raw = self.text(row, name)
        if not raw:
            return ""
        try:
            return values.number(raw, self.number_style(name))
        except ValueError:
            written = {values.DOT: "410,000.00", values.COMMA: "410.000,00"}.get(
                self.number_style(name) or "", "410000.00"
            )
            self.problem(
                row, name, f"is not an amount written like the column's others ({written})", raw
            )
            return ""

    def whole(self, row: Row, name: str) -> int | None:
        """Return a whole-number cell (a sort order, minutes), None when empty or unreadable."""
        raw = self.text(row, name)
        if not raw:
            return None
        try:
            return int(float(values.number(raw, None)))
        except ValueError:
            self.problem(row, name, "is not a whole number", raw)
            return None

    def flag(self, row: Row, name: str) -> bool | None:
        """Return a checkbox cell (1/0, true/false), None when the column is missing."""
        if name not in self.index:
            return None
        raw = self.text(row, name)
        try:
            return values.yes_no(raw) == "1"
        except ValueError:
            self.problem(row, name, "is not a checkbox value (1/0 or true/false)", raw)
            return None

    def number_style(self, name: str) -> str | None:
        if name not in self._styles:
            style = values.number_style(self.column_values(name))
            if style is None and self.report and not self.table.typed:
                style = values.COMMA if self.german else values.DOT
            self._styles[name] = style
        return self._styles[name]


def modified_at(sheet: Sheet, row: Row) -> datetime | None:
    """Return the record's modification stamp (LastModifiedDate, else SystemModstamp).

    A report's `Last Modified Date` is a day without a time: it becomes that day at 00:00 UTC,
    so the day stays the one the user saw (midnight in the user's zone east of UTC would be the
    day before).
    """
    for name in ("modified", "modstamp"):
        raw = sheet.text(row, name)
        if raw and ":" not in raw:
            day = sheet.day(row, name)
            return datetime.fromisoformat(day).replace(tzinfo=UTC) if day else None
        if raw:
            return sheet.moment(row, name)
    return None


def utc_text(moment: datetime) -> str:
    """Return an aware datetime as the generic format writes it (UTC with offset)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")
