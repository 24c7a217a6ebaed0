"""Reading a CSV file safely: encoding, delimiter, header and numbered rows.

Rows are numbered the way a spreadsheet shows them: the header is row 1, the first record row 2,
and a record whose quoted cell spans several lines is still one row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fieldvisit.errors import ImportProblem

_CHUNK = 1 << 20
_CANDIDATES = (",", ";", "\t")
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class CsvFile:
    """A CSV file that passed the checks: its encoding, delimiter and header cells."""

    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def _refuse(path: Path, reason: str, problems: list[str] | None = None) -> ImportProblem:
    return ImportProblem(f"{path.name}: {reason}; nothing was imported.", problems or [])


def _decodes(path: Path, encoding: str) -> bool:
    """Return whether the whole file decodes strictly (read in chunks, never all at once)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _has_nul(path: Path) -> bool:
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if b"\x00" in chunk:
                return True
    return False


def _encoding(path: Path) -> str:
    """Return 'utf-8-sig' or 'cp1252' (Excel's plain CSV on Windows); refuse anything else."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_ZIP_MAGIC):
        raise _refuse(
            path,
            "is not a CSV text file (it looks like an Excel workbook or a zip file; "
            "save it as CSV first)",
        )
    if _has_nul(path):
        raise _refuse(path, "is not a CSV text file (it contains binary data)")
    if _decodes(path, "utf-8-sig"):
        return "utf-8-sig"
    if _decodes(path, "cp1252"):
        return "cp1252"
    raise _refuse(path, "is neither UTF-8 nor Windows-1252 text; save it as UTF-8 CSV")


def _delimiter(first_line: str, sample: str) -> str:
    """Return the delimiter: the one splitting the header into most cells, the sniffer on ties."""
    widths = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in _CANDIDATES}
    best = max(widths.values())
    winners = [d for d in _CANDIDATES if widths[d] == best]
    if len(winners) == 1:
        return winners[0]
    try:
        # Only the delimiter is taken from the sniffer: its guess of quoting rules has been
        # seen to mangle quoted cells.
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_CANDIDATES)).delimiter
    except csv.Error:
        return ","
    return sniffed if sniffed in winners else winners[0]


def open_csv(path: Path) -> CsvFile:
    """Check `path` is readable CSV text with a header and return how to read it."""
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, "does not exist" if not path.exists() else "is not a file")
    size = path.stat().st_size
    encoding = _encoding(path)
    with path.open(encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    if not sample.strip():
        raise _refuse(path, "is empty (expected a header row and data rows)")
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    delimiter = _delimiter(first_line, sample)
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise _refuse(path, f"its header row cannot be read ({exc})") from None
        if not any(cell.strip() for cell in header):
            raise _refuse(path, "has an empty first row (expected the header)")
        if not _has_data(reader):
            raise _refuse(path, "has a header but no data rows")
    return CsvFile(path, encoding, delimiter, header, size)


def _has_data(reader: Iterator[list[str]]) -> bool:
    try:
        return any(any(cell.strip() for cell in row) for row in reader)
    except csv.Error:
        return True  # broken rows are data; reading them reports the problem with its row


class RowError(Exception):
    """A row that the CSV reader itself cannot split (bad quoting): reading stops here."""

    def __init__(self, row: int, reason: str):
        super().__init__(reason)
        self.row = row
        self.reason = reason


class Rows:
    """Iterates (row number, cells) over the data rows; tells how far through the file it is."""

    def __init__(self, source: CsvFile):
        self.source = source
        self._raw = source.path.open("rb")
        self._text = io.TextIOWrapper(self._raw, encoding=source.encoding, newline="")

    def fraction(self) -> float:
        """Return the share of the file read so far (0..1)."""
        if not self.source.size:
            return 1.0
        return min(1.0, self._raw.tell() / self.source.size)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(self._text, delimiter=self.source.delimiter, strict=True)
        row = 1
        try:
            next(reader)  # header
            while True:
                start_line = reader.line_num + 1
                row += 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise RowError(row, _explain(exc, start_line)) from None
                if cells:
                    yield row, cells
        finally:
            self.close()

    def close(self) -> None:
        self._text.close()


def _explain(exc: csv.Error, start_line: int) -> str:
    message = str(exc)
    if "unexpected end of data" in message or "field larger than field limit" in message:
        return (
            f"a quoted cell starting here (line {start_line} of the file) never ends: "
            "unbalanced quote"
        )
    if "expected after" in message:
        return (
            f"a quote inside a cell is not doubled (line {start_line} of the file): "
            f"unbalanced quote ({message})"
        )
    return f"this row cannot be read as CSV (line {start_line} of the file): {message}"
