"""What a CRM export turns into before it is written: generic records, users and findings.

Reading an export (`fieldvisit.ingest.crm.<crm>.read_export`) and writing it
(`fieldvisit.ingest.crm.engine.import_export`) meet here. A reader recognises each file, maps its
rows onto the generic columns of `fieldvisit.ingest.kinds` (values already in the generic format:
ISO dates, UTC date-times, plain decimal numbers, `1`/`0` booleans, `;`-joined lists) and hands
back one `Batch`; the engine resolves what the reader could only name, decides who the executives
are, and writes every kind in dependency order in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

# The kinds a batch can hold, in the order they are written (each may point at the earlier).
WRITE_ORDER = (
    "executives",
    "reps",
    "accounts",
    "contacts",
    "deals",
    "stage-history",
    "activities",
    "visits",
)
# How many example rows a grouped problem shows.
EXAMPLES = 3


@dataclass(frozen=True)
class Origin:
    """Where a record came from: the file as the user knows it and its row (header = row 1)."""

    file: str  # e.g. "WE_00D5g000004XyZaEAK_1.ZIP/Opportunity.csv" or "report1717236000000.csv"
    row: int


@dataclass
class Record:
    """One generic record of a kind, as text in the generic format.

    `values` maps generic column names (`fieldvisit.ingest.kinds`) to text. A reference the export
    only gives by name goes in `by_name` instead of `values` under the same generic column, e.g.
    `{"account_id": "Atlas Maschinenbau GmbH"}` or `{"owner_email": "Tom Becker"}`; the engine
    resolves it against the batch and the workspace (an ambiguous name is an error naming the
    candidates). `modified_at` is the CRM's own modification stamp of the record, when it has one
    (UTC, aware), used to refuse an export older than what the workspace holds.
    """

    values: dict[str, str]
    origin: Origin
    by_name: dict[str, str] = field(default_factory=dict)
    modified_at: datetime | None = None


@dataclass
class User:
    """A CRM user: a candidate executive or rep (the engine decides which, or neither).

    `key` is how the export's records point at the user (a CRM id, or the name when the CRM only
    names owners); `system` marks integration/automation users who are never people we send.
    """

    key: str
    name: str
    email: str | None = None
    title: str | None = None
    active: bool = True
    system: bool = False
    manager: str | None = None  # the manager's key, when the export gives one
    origin: Origin | None = None
    city: str | None = None  # where the user works (an executive's home city), when given
    country: str | None = None


@dataclass
class FileFinding:
    """What one file of the export was recognised as, for the user to see before importing."""

    file: str
    what: str  # "deals", "accounts", "users", "stage history", "activities", "visits", "ignored"
    rows: int = 0
    note: str = ""  # e.g. "Salesforce report (English, US numbers); footer of 4 lines cut"


@dataclass
class Problem:
    """Rows refused for one cause in one column of one file, counted, with a few examples."""

    file: str
    column: str | None
    cause: str  # what is wrong and how to fix it, e.g. "is not a date the file's other dates match"
    rows: list[int] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    count: int = 0

    def line(self) -> str:
        """Return the problem as one line: file, column, count, cause and examples."""
        where = f"{self.file}: {self.column}" if self.column else self.file
        noun = "row" if self.count == 1 else "rows"
        shown = ", ".join(
            f"row {r} ({e!r})" if e else f"row {r}"
            for r, e in zip(self.rows, self.examples, strict=False)
        )
        more = f" and {self.count - len(self.rows)} more" if self.count > len(self.rows) else ""
        if self.count == 0:
            return f"{where}: {self.cause}"
        return f"{where}: {self.count} {noun} {self.cause} — e.g. {shown}{more}"


class Problems:
    """Problems grouped by (file, column, cause): one line per cause, not one per row."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str | None, str], Problem] = {}

    def add(self, origin: Origin | str, column: str | None, cause: str, example: str = "") -> None:
        """Count one row (or, with a file name as origin, the whole file) refused for `cause`."""
        file, row = (origin.file, origin.row) if isinstance(origin, Origin) else (origin, 0)
        key = (file, column, cause)
        group = self._groups.setdefault(key, Problem(file, column, cause))
        if row:
            group.count += 1
            if len(group.rows) < EXAMPLES:
                group.rows.append(row)
                group.examples.append(example)

    def extend(self, other: Problems) -> None:
        for problem in other:
            group = self._groups.setdefault(
                (problem.file, problem.column, problem.cause),
                Problem(problem.file, problem.column, problem.cause),
            )
            group.count += problem.count
            room = EXAMPLES - len(group.rows)
            group.rows += problem.rows[:room]
            group.examples += problem.examples[:room]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._groups.values())

    def __len__(self) -> int:
        return len(self._groups)

    def __bool__(self) -> bool:
        return bool(self._groups)

    def lines(self) -> list[str]:
        """Return one line per cause, whole-file problems first."""
        ordered = sorted(self._groups.values(), key=lambda p: (p.file, p.count != 0))
        return [p.line() for p in ordered]


@dataclass
class Batch:
    """Everything one export holds, mapped onto the generic kinds, ready for the engine.

    `records` holds accounts, contacts, deals, stage-history, activities and visits (executives
    and reps come from `users` and the owners the records name). `stage_order` is the CRM's own
    pipeline order when the export carries it (Salesforce StageSortOrder, HubSpot's "Date
    entered" columns), won and lost stages included; `won_stages`/`lost_stages` name them.
    `exported_at` is when the export was made, when the files say (HubSpot's file name date, a
    report's epoch in its name); `notes` are things left out on purpose, with the reason.
    People columns (`owner_email`, `rep_email`, `executive_emails`, `rep_emails`) may hold
    e-mails, user keys or names (names in `by_name`); a visit may list every internal attendee
    in `executive_emails`: the engine keeps the executives there, moves the others to
    `rep_emails`, and leaves out a meeting without an executive.
    """

    crm: str
    files: list[FileFinding] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    records: dict[str, list[Record]] = field(default_factory=dict)
    stage_order: list[str] | None = None
    # An order the export implies without stating it (the deals' probabilities grow along the
    # pipeline): used for new stages when neither the export nor the user gives one.
    likely_stage_order: list[str] | None = None
    won_stages: set[str] = field(default_factory=set)
    lost_stages: set[str] = field(default_factory=set)
    exported_at: datetime | None = None
    problems: Problems = field(default_factory=Problems)
    notes: list[str] = field(default_factory=list)
    # Close-date changes the CRM recorded with their own moment (Salesforce OpportunityHistory):
    # values deal_id (or by_name), old_date, new_date, changed_on (ISO dates); modified_at = when.
    close_moves: list[Record] = field(default_factory=list)

    def add(self, kind: str, record: Record) -> None:
        """Add a record of `kind` (one of WRITE_ORDER)."""
        if kind not in WRITE_ORDER:
            raise ValueError(f"unknown kind {kind!r}")
        self.records.setdefault(kind, []).append(record)


@dataclass(frozen=True)
class ReadOptions:
    """What the user told the reader: the date order when the files leave it open, and the zone
    of date-times written without one (a report's user's zone; default UTC)."""

    date_order: str | None = None  # "DMY", "MDY" or "YMD"; None: decide from the file, else ask
    zone: str | None = None  # IANA name, e.g. "Europe/Berlin"
