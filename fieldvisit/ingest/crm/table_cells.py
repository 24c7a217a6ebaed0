"""One table of a CRM export read by what its columns mean, its cells turned into generic values.

A reader names each column it wants by a key ("id", "amount", "close") and the headers that may
carry it (labels in English and German, API names); `Cells` finds them whatever their order or
case, and reads cells with the export's decided date order and zone, the column's number style,
ids as text. A cell that cannot be read is left empty and counted in the batch's problems under
its column and cause, with the cell as example: never one line per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from fieldvisit.ingest.crm import values as v
from fieldvisit.ingest.crm.batch import Batch, Origin, ReadOptions
from fieldvisit.ingest.crm.files import Table

Vocabulary = Mapping[str, tuple[str, ...]]

DATE_CAUSE = "is not a date (write 2026-08-08, 8/8/2026 or 08.08.2026)"
AMBIGUOUS_CAUSE = (
    "could be day/month or month/day, and no date in the export tells: say which with "
    "--date-order DMY or MDY"
)
SCIENTIFIC_CAUSE = (
    "is a long id Excel shortened to scientific notation, so its digits are lost: export the "
    "file again and import it without opening it in Excel"
)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0+$")
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_LEFT_OUT_SHOWN = 5


@dataclass
class Context:
    """What the tables of one export share: the batch, the date order and the zone."""

    batch: Batch
    order: str | None = None
    zone: str | None = None
    left_out: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @classmethod
    def decide(cls, batch: Batch, options: ReadOptions, samples: Iterable[str]) -> Context:
        """Return the context with the date order the user gave, or the one the dates show."""
        order = options.date_order or v.date_order(samples)
        return cls(batch, order, options.zone)

    def leave_out(self, things: str, reason: str, name: str) -> None:
        """Remember a record left out on purpose, e.g. ("deals", "deleted in Pipedrive", name).

        The batch's notes say it once per reason: "1 deal left out (deleted in Pipedrive): 'X'".
        """
        self.left_out.setdefault((things, reason), []).append(name)

    def finish(self) -> None:
        """Write the records left out into the batch's notes: one line per reason."""
        for (things, reason), names in self.left_out.items():
            noun = things if len(names) != 1 else _singular(things)
            shown = ", ".join(repr(n) for n in names[:_LEFT_OUT_SHOWN])
            more = (
                f" and {len(names) - _LEFT_OUT_SHOWN} more" if len(names) > _LEFT_OUT_SHOWN else ""
            )
            self.batch.notes.append(f"{len(names)} {noun} left out ({reason}): {shown}{more}")
        self.left_out.clear()


def _singular(things: str) -> str:
    if things == "people":
        return "person"
    return things[:-3] + "y" if things.endswith("ies") else things.removesuffix("s")


def column_samples(table: Table, vocabulary: Vocabulary, keys: Iterable[str]) -> list[str]:
    """Return the non-empty cells of the columns `keys` name (to decide the date order)."""
    found: list[str] = []
    for key in keys:
        index = table.column(*vocabulary.get(key, ()))
        if index is None:
            continue
        found += [cells[index] for _, cells in table.rows if index < len(cells) and cells[index]]
    return found


def plain_id(raw: str) -> str:
    """Return an id as text: `18340001117.0` (a spreadsheet's number) becomes `18340001117`."""
    text = raw.strip()
    whole = _WHOLE_FLOAT.match(text)
    return whole.group(1) if whole else text


class Cells:
    """The cells of one table, found by key and read as generic values."""

    def __init__(self, table: Table, vocabulary: Vocabulary, context: Context) -> None:
        self.table = table
        self.context = context
        self.labels: dict[str, str] = {}
        for key, names in vocabulary.items():
            index = table.column(*names)
            if index is not None:
                self.labels[key] = table.header[index]
        self._styles: dict[str, str | None] = {}
        self._reported: set[tuple[int, str]] = set()

    def adopt(self, header: str) -> None:
        """Make a column the vocabulary does not name readable under its own header."""
        self.labels[header] = header

    def has(self, key: str) -> bool:
        return key in self.labels

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def origin(self, row: int) -> Origin:
        return Origin(self.table.name, row)

    def text(self, record: Mapping[str, str], key: str) -> str:
        """Return the cell of column `key` trimmed ("" when the file has no such column)."""
        label = self.labels.get(key)
        return record.get(label, "").strip() if label else ""

    def problem(self, row: int, key: str, cause: str, example: str) -> None:
        """Count a problem of one cell (only the first one of a cell: what follows from it is not)."""
        if (row, self.label(key)) in self._reported:
            return
        self._reported.add((row, self.label(key)))
        self.context.batch.problems.add(self.origin(row), self.label(key), cause, example)

    def ident(self, row: int, record: Mapping[str, str], key: str) -> str:
        """Return the id in column `key` as text ("" when empty or unreadable)."""
        return self._id(row, key, self.text(record, key))

    def idents(self, row: int, record: Mapping[str, str], key: str) -> list[str]:
        """Return the `;`-separated ids of a list cell, in their order."""
        raw = self.text(record, key)
        found = [self._id(row, key, part) for part in re.split(r"[;,]", raw)]
        return [i for i in found if i]

    def _id(self, row: int, key: str, raw: str) -> str:
        text = raw.strip()
        if _SCIENTIFIC.match(text):
            self.problem(row, key, SCIENTIFIC_CAUSE, text)
            return ""
        return plain_id(text)

    def amount(self, row: int, record: Mapping[str, str], key: str) -> str:
        """Return a plain decimal, read in the number style of the whole column."""
        raw = self.text(record, key)
        if not raw:
            return ""
        if key not in self._styles:
            self._styles[key] = v.number_style(cell for _, cell in self._column(key))
        style = self._styles[key]
        try:
            return v.number(raw, style)
        except ValueError:
            written = "410,000.00" if style == v.DOT else "410.000,00" if style else "410000.00"
            self.problem(
                row, key, f"is not a number written like the column's others ({written})", raw
            )
            return ""

    def _column(self, key: str) -> Iterable[tuple[int, str]]:
        label = self.labels.get(key)
        if label is None:
            return ()
        return ((row, record.get(label, "")) for row, record in self.table.records())

    def day(self, row: int, record: Mapping[str, str], key: str) -> str:
        """Return the ISO date of a date cell; a date-time gives its date in UTC."""
        raw = self._date_text(record, key)
        if not raw:
            return ""
        try:
            if _TIME.search(raw):
                return v.parse_datetime(raw, self.context.order, self.context.zone)[:10]
            return v.parse_date(raw, self.context.order)
        except ValueError:
            self._date_problem(row, key, raw)
            return ""

    def moment(self, row: int, record: Mapping[str, str], key: str) -> str:
        """Return the ISO date-time in UTC of a date-time cell (read in the export's zone)."""
        return self.moment_of(row, key, self._date_text(record, key))

    def moment_of(self, row: int, key: str, raw: str) -> str:
        """Return `raw` (e.g. a date and a time cell joined) read as column `key`'s date-time."""
        if not raw:
            return ""
        try:
            return v.parse_datetime(raw, self.context.order, self.context.zone)
        except ValueError:
            self._date_problem(row, key, raw)
            return ""

    def stamp(self, row: int, record: Mapping[str, str], key: str) -> datetime | None:
        """Return a date-time cell as an aware UTC datetime (a modification stamp)."""
        moment = self.moment(row, record, key)
        return datetime.fromisoformat(moment) if moment else None

    def _date_text(self, record: Mapping[str, str], key: str) -> str:
        raw = self.text(record, key)
        if raw and self.table.typed and v.is_excel_serial(raw):
            # A spreadsheet's date kept as a bare number; a whole day number is a date alone.
            moment = v.excel_serial(raw)
            return moment.removesuffix("T00:00:00") if "." not in raw else moment
        return raw

    def _date_problem(self, row: int, key: str, raw: str) -> None:
        ambiguous = self.context.order is None and v.needs_order([raw])
        self.problem(row, key, AMBIGUOUS_CAUSE if ambiguous else DATE_CAUSE, raw)


def fold(text: str) -> str:
    """Return text as internal values write it: lower case, letters and digits only."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def zone_note(options: ReadOptions) -> str:
    """Return how date-times without an offset were read, for a file's finding."""
    return (
        f"times read in {options.zone}" if options.zone else "times read as UTC (no --zone given)"
    )
