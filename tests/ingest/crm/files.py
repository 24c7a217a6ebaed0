"""Writing files byte for byte as the CRMs (and Excel) write them: quoting, encodings, line ends.

Also the locale formats the exports use for numbers and dates. No file is committed: every route
writes its files into a folder a test gives it (a pytest tmp_path).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

Row = Sequence[str]


@dataclass(frozen=True)
class Shape:
    """How a CSV file is written: delimiter, quoting, line end, encoding, byte-order mark."""

    delimiter: str = ","
    quote_all: bool = True
    newline: str = "\n"
    encoding: str = "utf-8"
    bom: bool = False
    pad_rows: bool = False  # Excel writes every row as wide as the widest (footer lines too)


SALESFORCE_REPORT = Shape()  # every value quoted, LF, UTF-8 (en_US user)
SALESFORCE_REPORT_DE = Shape(encoding="iso-8859-1")
GERMAN_EXCEL = Shape(
    delimiter=";", quote_all=False, newline="\r\n", encoding="cp1252", pad_rows=True
)
DATA_EXPORT = Shape(encoding="iso-8859-1")
DATA_LOADER = Shape()
HUBSPOT = Shape(bom=True)
UNICODE_TEXT = Shape(
    delimiter="\t", quote_all=False, newline="\r\n", encoding="utf-16-le", bom=True, pad_rows=False
)
PIPEDRIVE = Shape(quote_all=False)


def csv_bytes(header: Row, rows: Iterable[Row], shape: Shape, footer: Sequence[Row] = ()) -> bytes:
    """Return the file's bytes: header, rows, then footer lines (a blank footer line is [])."""
    body = [list(header), *(list(r) for r in rows)]
    width = len(header)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=shape.delimiter,
        quoting=csv.QUOTE_ALL if shape.quote_all else csv.QUOTE_MINIMAL,
        lineterminator=shape.newline,
    )
    for row in body:
        writer.writerow(row)
    for line in footer:
        cells = list(line)
        if shape.pad_rows:
            cells += [""] * (width - len(cells))
            writer.writerow(cells)
        elif cells:
            writer.writerow(cells)
        else:
            buffer.write(shape.newline)
    data = buffer.getvalue().encode(shape.encoding, errors="replace")
    if shape.bom:
        data = ("\ufeff".encode(shape.encoding)) + data
    return data


def write_csv(
    path: Path, header: Row, rows: Iterable[Row], shape: Shape, footer: Sequence[Row] = ()
) -> Path:
    """Write a CSV file as `shape` says and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(header, rows, shape, footer))
    return path


def openpyxl_module() -> Any:
    """Return openpyxl, imported only when an XLSX route is written (an optional test extra)."""
    import openpyxl

    return openpyxl


# --- values -------------------------------------------------------------------------------------


def plain(amount: Decimal | None) -> str:
    """410000.00 → '410000.00' (API exports)."""
    return "" if amount is None else f"{amount:.2f}"


def bare(amount: Decimal | None) -> str:
    """410000.00 → '410000' (Data Export and HubSpot write numbers without trailing zeros)."""
    if amount is None:
        return ""
    text = f"{amount.normalize():f}"
    return text


def en_us_amount(amount: Decimal | None) -> str:
    """410000.00 → '410,000.00'."""
    return "" if amount is None else f"{amount:,.2f}"


def de_amount(amount: Decimal | None) -> str:
    """410000.00 → '410.000,00'."""
    if amount is None:
        return ""
    return f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def excel_general(amount: Decimal | None, decimal_comma: bool) -> str:
    """What Excel writes back for a number cell in General format: 410000, 87500,5."""
    if amount is None:
        return ""
    text = bare(amount.quantize(Decimal("0.01")))
    return text.replace(".", ",") if decimal_comma else text


def en_us_date(day: date | None) -> str:
    """2026-08-08 → '8/8/2026'."""
    return "" if day is None else f"{day.month}/{day.day}/{day.year}"


def de_date(day: date | None) -> str:
    """2026-08-08 → '08.08.2026'."""
    return "" if day is None else day.strftime("%d.%m.%Y")


def local(moment: datetime, zone: str) -> datetime:
    """Return a UTC moment in a time zone (what a CRM shows its user)."""
    return moment.astimezone(ZoneInfo(zone))


def en_us_datetime(moment: datetime | None, zone: str) -> str:
    """'6/1/2026 9:45 AM' in the user's zone."""
    if moment is None:
        return ""
    m = local(moment, zone)
    hour = m.hour % 12 or 12
    return f"{m.month}/{m.day}/{m.year} {hour}:{m.minute:02d} {'AM' if m.hour < 12 else 'PM'}"


def de_datetime(moment: datetime | None, zone: str) -> str:
    """'01.06.2026 09:45' in the user's zone."""
    return "" if moment is None else local(moment, zone).strftime("%d.%m.%Y %H:%M")


def iso_seconds(moment: datetime | None) -> str:
    """'2026-01-10 09:12:44' (UTC), as the Data Export and Pipedrive write date-times."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def iso_millis_z(moment: datetime | None) -> str:
    """'2026-01-10T09:12:44.000Z', as Data Loader writes date-times."""
    return "" if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def excel_serial(moment: datetime | date | None) -> float | None:
    """Return an Excel serial day number (1900 system): 2026-06-01 → 46174.0."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        naive = moment.replace(tzinfo=None)
        delta = naive - datetime(1899, 12, 30)
        return round(delta.days + delta.seconds / 86400, 6)
    return float((moment - date(1899, 12, 30)).days)


def fiscal_period(day: date) -> str:
    """Salesforce's 'Fiscal Period' of a close date (fiscal year = calendar year): 'Q3-2026'."""
    return f"Q{(day.month - 1) // 3 + 1}-{day.year}"
