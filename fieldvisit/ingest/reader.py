"""Reading a CSV file safely: encoding, delimiter, header and numbered rows.

Rows are numbered the way a spreadsheet shows them: the header is row 1, the first record row 2,
and a record whose quoted cell spans several lines is still one row.

Encodings: UTF-8 (with or without BOM), Windows-1252 (Excel's plain CSV), and UTF-16 (Excel's
"Unicode Text", tab-separated, with a BOM; also recognised without one). A file that cannot be
read (permissions, a disk error) is refused with the reason, naming the file.
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
_SNIFF_BYTES = 64 * 1024
# Bytes that never occur in text (NUL and most C0 controls): many of them mean a binary file.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 26, 27))


@dataclass(frozen=True)
class CsvFile:
    """A CSV file that passed the checks: its encoding, delimiter and header cells."""

    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    size: int
    has_nul: bool = False  # a stray NUL somewhere: the row holding it is named and refused

    @property
    def name(self) -> str:
        return self.path.name


def _refuse(path: Path, reason: str, problems: list[str] | None = None) -> ImportProblem:
    return ImportProblem(f"{path.name}: {reason}; nothing was imported.", problems or [])


def _unreadable(path: Path, exc: OSError) -> ImportProblem:
    return _refuse(path, f"cannot be read ({exc.strerror or exc})")


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


def _utf16(head: bytes) -> str | None:
    """Return the UTF-16 codec for a file starting with `head`, or None when it is not UTF-16."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the codec reads the BOM and its byte order
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    # Latin text in UTF-16 without a BOM: every other byte is zero.
    if odd.count(0) >= 0.7 * len(odd) and even.count(0) <= 0.3 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.7 * len(even) and odd.count(0) <= 0.3 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    """Return True when `head` holds bytes text files do not: more than a stray one or two."""
    controls = sum(head.count(b) for b in _CONTROL)
    return controls > max(8, len(head) // 100)


def _encoding(path: Path) -> str:
    """Return 'utf-8-sig', 'cp1252' (Excel's plain CSV on Windows) or a UTF-16 codec.

    Anything else is refused: zip files (Excel workbooks), binary files, other encodings.
    """
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head.startswith(_ZIP_MAGIC):
        raise _refuse(
            path,
            "is not a CSV text file (it looks like an Excel workbook or a zip file; "
            "save it as CSV first)",
        )
    utf16 = _utf16(head)
    if utf16 is not None:
        if _decodes(path, utf16):
            return utf16
        raise _refuse(path, "looks like UTF-16 text but cannot be decoded; save it as UTF-8 CSV")
    if _looks_binary(head):
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


def open_csv(path: Path, *, allow_empty: bool = False) -> CsvFile:
    """Check `path` is readable CSV text with a header and return how to read it.

    `allow_empty` accepts a header without data rows (an export of an object with no records).
    """
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, "does not exist" if not path.exists() else "is not a file")
    try:
        return _open_csv(path, allow_empty)
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _open_csv(path: Path, allow_empty: bool = False) -> CsvFile:
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
        if not allow_empty and not _has_data(reader):
            raise _refuse(path, "has a header but no data rows")
    return CsvFile(path, encoding, delimiter, header, size, _has_nul(path))


def _has_data(reader: Iterator[list[str]]) -> bool:
    try:
        return any(any(cell.strip() for cell in row) for row in reader)
    except csv.Error:
        return True  # broken rows are data; reading them reports the problem with its row


class RowError(Exception):
    """A row that cannot be read as CSV text (bad quoting, a NUL): reading stops here."""

    def __init__(self, row: int, reason: str, column: str | None = None):
        super().__init__(reason)
        self.row = row
        self.reason = reason
        self.column = column


class Rows:
    """Iterates (row number, cells) over the data rows; tells how far through the file it is."""

    def __init__(self, source: CsvFile):
        self.source = source
        try:
            self._raw = source.path.open("rb")
        except OSError as exc:
            raise _unreadable(source.path, exc) from None
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
                    raise _row_error(exc, self.source, row, start_line) from None
                except OSError as exc:
                    raise _unreadable(self.source.path, exc) from None
                if self.source.has_nul:
                    _refuse_nul(self.source, row, cells)
                if cells:
                    yield row, cells
        finally:
            self.close()

    def close(self) -> None:
        self._text.close()


def _column_name(source: CsvFile, index: int) -> str:
    if 0 <= index < len(source.header) and source.header[index].strip():
        return source.header[index].strip()
    return f"column {index + 1}"


def _refuse_nul(source: CsvFile, row: int, cells: list[str]) -> None:
    for index, cell in enumerate(cells):
        if "\x00" in cell:
            raise RowError(
                row,
                "this cell holds a NUL character (a zero byte, as in binary data); remove it "
                "or export the file from the CRM again",
                _column_name(source, index),
            )


def _row_error(exc: csv.Error, source: CsvFile, row: int, start_line: int) -> RowError:
    message = str(exc)
    if "field larger than field limit" in message:
        limit = csv.field_size_limit()
        column = _long_cell_column(source, start_line, limit)
        if column is not None:
            name = _column_name(source, column)
            return RowError(
                row,
                f"a cell of more than {limit:,} characters in column {name} "
                f"(or near column {name}); shorten it, or check its quotes",
                name,
            )
    return RowError(row, _explain(message, start_line))


def _long_cell_column(source: CsvFile, start_line: int, limit: int) -> int | None:
    """Return the index of the over-long cell of the record starting at `start_line`.

    None when the long "cell" is really a quote that never closes (it runs to the end of the
    file), which is reported as an unbalanced quote.
    """
    delimiter = source.delimiter
    column = length = 0
    quoted = quote_seen = False
    at_start = True
    long_column: int | None = None
    with source.path.open(encoding=source.encoding, newline="") as fh:
        for number, line in enumerate(fh, start=1):
            if number < start_line:
                continue
            for ch in line:
                if quoted:
                    if quote_seen:
                        quote_seen = False
                        if ch == '"':
                            length += 1  # a doubled quote is one character of the cell
                            continue
                        quoted = False  # the quote closed the cell; `ch` follows it
                    elif ch == '"':
                        quote_seen = True
                        continue
                    else:
                        length += 1
                        if length > limit and long_column is None:
                            long_column = column
                        continue
                if long_column is not None:
                    return long_column  # the long quoted cell closed: it is a real cell
                if ch == delimiter:
                    column, length, at_start = column + 1, 0, True
                elif ch in "\r\n":
                    return None
                elif ch == '"' and at_start:
                    quoted, at_start = True, False
                else:
                    at_start = False
                    length += 1
                    if length > limit:
                        return column
    return long_column if quote_seen else None


def _explain(message: str, start_line: int) -> str:
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
