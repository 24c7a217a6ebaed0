"""An export as the CRM hands it over, read into tables: ZIPs, folders, CSV, UTF-16 text, XLSX.

Every file becomes a `Table`: its header and numbered rows as text, whatever the container. What
is not data is set apart, never guessed into rows: a report's footer after its blank line
("Grand Totals (30 records)", "Confidential Information…", the copyright line), the title block
above a formatted report's header, and files in a ZIP or folder that hold no table (attachments,
images), which are listed as skipped. CSV text goes through the same checked reader as the
generic import (`fieldvisit.ingest.reader`: encodings incl. UTF-16, delimiters, quoting, NUL
bytes); XLSX through openpyxl, its typed cells written as the generic format writes them (dates
`2026-08-08`, date-times `2026-08-08T09:12:44`, numbers without separators).
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.reader import RowError, Rows, open_csv

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SHEET_SUFFIXES = (".xlsx", ".xlsm")
ZIP_SUFFIXES = (".zip",)
# A footer line holds at most this many non-empty cells ("Grand Totals (30 records)").
_FOOTER_CELLS = 1
# Reading more than this from one ZIP is refused (a "zip bomb", or not an export).
MAX_UNPACKED_BYTES = 4 << 30


@dataclass
class Table:
    """One file of an export as rows of text.

    `name` is how the user knows the file ("WE_00D…_1.ZIP/Opportunity.csv"); `file_name` its own
    name ("Opportunity.csv"); rows are numbered as a spreadsheet shows them. `preamble` holds the
    lines above the header (a formatted report's title block), `footer` the lines cut after the
    data; `typed` is True for spreadsheets, whose dates and numbers were typed cells.
    """

    name: str
    file_name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    delimiter: str = ""
    typed: bool = False
    preamble: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """Return the file's name without folder or suffix ("Opportunity")."""
        return PurePosixPath(self.file_name).stem

    def column(self, *names: str) -> int | None:
        """Return the index of the first header matching one of `names` (case- and space-blind)."""
        wanted = [_fold(n) for n in names]
        folded = [_fold(h) for h in self.header]
        for name in wanted:
            if name in folded:
                return folded.index(name)
        return None

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (row number, {header: cell}) for every data row (cells stripped)."""
        for row, cells in self.rows:
            yield (
                row,
                {
                    h: (cells[i].strip() if i < len(cells) else "")
                    for i, h in enumerate(self.header)
                },
            )


@dataclass
class Export:
    """The tables found in the paths given, and the files that held none (with why)."""

    tables: list[Table] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)


def _fold(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


def read_tables(paths: Iterable[Path]) -> Export:
    """Read every table in `paths` (files, folders, ZIPs); refuse what cannot be read at all.

    Raises ImportProblem naming the file for a path that does not exist, a file that is neither
    a table nor a ZIP, a damaged ZIP or workbook, or a CSV the checked reader refuses.
    """
    export = Export()
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise ImportProblem(f"{path}: does not exist; nothing was imported.")
        if path.is_dir():
            _read_folder(path, export)
        else:
            _read_file(path, path.name, export, top_level=True)
    if not export.tables:
        found = "; ".join(f"{f}: {why}" for f, why in export.skipped[:5])
        raise ImportProblem(
            "No CSV, text or XLSX table was found in what was given"
            + (f" ({found})" if found else "")
            + "; nothing was imported."
        )
    return export


def _read_folder(folder: Path, export: Export) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.startswith((".", "~$")):
            continue  # hidden files and Excel's lock files
        _read_file(path, str(path.relative_to(folder.parent)), export, top_level=False)


def _read_file(path: Path, name: str, export: Export, *, top_level: bool) -> None:
    suffix = path.suffix.lower()
    if suffix in ZIP_SUFFIXES or (suffix not in TEXT_SUFFIXES + SHEET_SUFFIXES and _is_zip(path)):
        if suffix in SHEET_SUFFIXES:
            export.tables += _read_sheet(path, name)
        else:
            _read_zip(path, name, export)
    elif suffix in SHEET_SUFFIXES:
        export.tables += _read_sheet(path, name)
    elif suffix in TEXT_SUFFIXES:
        export.tables.append(_read_text(path, name))
    elif top_level:
        raise ImportProblem(f"{name}: is not a CSV, text, XLSX or ZIP file; nothing was imported.")
    else:
        export.skipped.append((name, "not a table (kept out of the import)"))


def _is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def _read_zip(path: Path, name: str, export: Export) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportProblem(
            f"{name}: is not a readable ZIP file ({exc}); nothing was imported."
        ) from None
    with archive, tempfile.TemporaryDirectory(prefix="fieldvisit-export-") as tmp:
        total = sum(info.file_size for info in archive.infolist())
        if total > MAX_UNPACKED_BYTES:
            raise ImportProblem(
                f"{name}: unpacks to {total / 2**30:.1f} GiB, more than an export of this kind "
                "holds; nothing was imported."
            )
        for number, info in enumerate(archive.infolist()):
            if info.is_dir():
                continue
            member = PurePosixPath(info.filename.replace("\\", "/"))
            shown = f"{name}/{member}"
            if member.name.startswith((".", "~$")) or "__MACOSX" in member.parts:
                continue
            suffix = member.suffix.lower()
            if suffix not in TEXT_SUFFIXES + SHEET_SUFFIXES:
                export.skipped.append((shown, "not a table (kept out of the import)"))
                continue
            # Never trust the member's path: it is written under a plain name of our own.
            target = Path(tmp) / f"{number}{suffix}"
            try:
                with archive.open(info) as src, target.open("wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ImportProblem(
                    f"{shown}: cannot be unpacked ({exc}); nothing was imported."
                ) from None
            if suffix in SHEET_SUFFIXES:
                export.tables += _read_sheet(target, shown, file_name=member.name)
            else:
                export.tables.append(_read_text(target, shown, file_name=member.name))
            target.unlink()


def _read_text(path: Path, name: str, *, file_name: str | None = None) -> Table:
    try:
        source = open_csv(path, allow_empty=True)
    except ImportProblem as exc:
        # The reader names its own temporary file; name the file as the user knows it.
        raise ImportProblem(str(exc).replace(path.name, name, 1), exc.problems) from None
    rows: list[tuple[int, list[str]]] = []
    try:
        for row, cells in Rows(source):
            rows.append((row, cells))
    except RowError as exc:
        where = f"{name}:{exc.row}" + (f":{exc.column}" if exc.column else "")
        raise ImportProblem(f"{where}: {exc.reason}; nothing was imported.") from None
    data, footer = cut_footer(rows)
    return Table(
        name=name,
        file_name=file_name or Path(name).name,
        header=[h.replace("\ufeff", "").strip() for h in source.header],
        rows=data,
        encoding=source.encoding,
        delimiter=source.delimiter,
        footer=footer,
    )


def cut_footer(rows: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Split rows into data and a report footer (lines after a blank row with one cell at most).

    Blank rows inside the data are dropped; rows after a blank row that look like data (two or
    more cells) stay data, so only a real footer is cut.
    """
    blank_seen = False
    data: list[tuple[int, list[str]]] = []
    tail: list[tuple[int, list[str]]] = []
    previous: int | None = None
    for row, cells in rows:
        # The CSV reader skips empty lines but counts them: a gap in the numbers is a blank row.
        if previous is not None and row > previous + 1:
            blank_seen = True
        previous = row
        filled = [c for c in cells if c.strip()]
        if not filled:
            blank_seen = True
            continue
        if blank_seen and len(filled) <= _FOOTER_CELLS:
            tail.append((row, cells))
            continue
        if tail:
            # What looked like a footer was followed by data: it was data after all.
            data += tail
            tail = []
        data.append((row, cells))
    footer = [" ".join(c.strip() for c in cells if c.strip()) for _, cells in tail]
    return data, footer


def _read_sheet(path: Path, name: str, *, file_name: str | None = None) -> list[Table]:
    try:
        import openpyxl
    except ImportError as exc:  # a dependency of the package: only a broken install lacks it
        raise ImportProblem(f"{name}: XLSX files need openpyxl, which is missing") from exc
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ImportProblem(
            f"{name}: is not a readable XLSX workbook ({type(exc).__name__}); nothing was imported."
        ) from None
    tables = []
    try:
        sheets = [s for s in book.worksheets if s.max_row and s.max_row > 0]
        for sheet in sheets:
            table = _sheet_table(sheet, name if len(sheets) == 1 else f"{name} [{sheet.title}]")
            if table is not None:
                table.file_name = file_name or Path(name).name
                tables.append(table)
    finally:
        book.close()
    return tables


def _sheet_table(sheet: object, name: str) -> Table | None:
    """Return the sheet's table: the first row with two or more cells is its header."""
    header: list[str] | None = None
    preamble: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if header is None:
            if sum(1 for c in cells if c) >= 2:
                header = [c.strip() for c in cells]
            elif any(cells):
                preamble.append(" ".join(c for c in cells if c))
            continue
        rows.append((number, cells))
    if header is None:
        return None
    data, footer = cut_footer(rows)
    return Table(name, Path(name).name, header, data, typed=True, preamble=preamble, footer=footer)


def cell_text(value: object) -> str:
    """Return a spreadsheet cell as the generic format writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
