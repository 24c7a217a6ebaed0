"""Import messages that say what is really wrong (and what really happened)."""

from __future__ import annotations

import functools
import sqlite3
import sqlite3.dbapi2
from typing import Any

import pytest

from fieldvisit.cli import main
from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import import_csv
from fieldvisit.store import Workspace
from tests.ingest.conftest import TODAY, WriteCsv, count, dump

HEADER = "account_id,name,industry,city,country\n"


def refused(ws: Workspace, kind: str, path: object) -> list[str]:
    before = dump(ws)
    with pytest.raises(ImportProblem) as caught:
        import_csv(ws, kind, path, today=TODAY)  # type: ignore[arg-type]
    assert dump(ws) == before
    return caught.value.problems


def test_a_cell_longer_than_the_reader_allows_is_named_not_called_a_quote(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    huge = "x" * 140_000
    for cell in (huge, f'"{huge}"', f'"{huge} with ""quotes"" inside"'):
        path = write_csv(
            "long.csv", HEADER + "A3,Initech,Software,Austin,US\n" + f"A4,Big,{cell},Oslo,NO\n"
        )
        assert refused(seeded, "accounts", path) == [
            "long.csv:3:industry: a cell of more than 131,072 characters in column industry "
            "(or near column industry); shorten it, or check its quotes"
        ]


def test_a_quote_that_never_closes_is_still_an_unbalanced_quote(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    rows = "".join(f"A{i},Name {i},Retail,Lyon,FR\n" for i in range(10, 8000))
    path = write_csv("open.csv", HEADER + 'A3,"Initech,Software,Austin,US\n' + rows)
    assert refused(seeded, "accounts", path) == [
        "open.csv:2: a quoted cell starting here (line 2 of the file) never ends: unbalanced quote"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_utf16_tab_separated_is_read(
    encoding: str, seeded: Workspace, write_csv: WriteCsv
) -> None:
    """Excel's "Unicode Text" is UTF-16 with a BOM, tab-separated, CRLF lines."""
    text = "account_id\tname\tcity\tcountry\nA3\tSociété Générale\tZürich\tCH\nA4\t東京商事\tTokyo\tJP\n"
    if encoding != "utf-16":
        text = "\ufeff" + text if encoding == "utf-16-le" else text  # with and without a BOM
    path = write_csv("unicode.txt", text, encoding=encoding, newline="\r\n")
    report = import_csv(seeded, "accounts", path, today=TODAY)
    assert (report.inserted, report.rows) == (2, 2)
    with seeded.connect() as conn:
        names = dict(conn.exec_driver_sql("SELECT external_id, name FROM account").all())
    assert names["A3"] == "Société Générale"
    assert names["A4"] == "東京商事"


def test_a_nul_byte_is_refused_with_its_row_and_column(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    rows = "".join(f"A{i},Name {i},Retail,Lyon,FR\n" for i in range(10, 40))
    path = write_csv("nul.csv", (HEADER + rows).encode() + b"A99,Bad\x00Name,Retail,Lyon,FR\n")
    assert refused(seeded, "accounts", path) == [
        "nul.csv:32:name: this cell holds a NUL character (a zero byte, as in binary data); "
        "remove it or export the file from the CRM again"
    ]


# ----- Ctrl-C just after the commit --------------------------------------------------------------


def _interrupt(*_args: object, **_kwargs: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_after_the_commit_says_the_import_was_saved(
    seeded: Workspace,
    write_csv: WriteCsv,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C while the report is being printed: the rows are in, and the message says so."""
    path = write_csv("accounts.csv", HEADER + "A3,Initech,Software,Austin,US\n")
    monkeypatch.setattr("fieldvisit.ingest.report.ImportReport.__str__", _interrupt)
    seeded.close()
    assert main(["--db", seeded.label, "import", "accounts", str(path)]) == 130
    err = capsys.readouterr().err
    assert err == (
        "fieldvisit: interrupted, but the import of accounts.csv had already been saved; "
        "its rows are in the workspace.\n"
    )
    assert count(seeded, "account") == 3


class _InterruptedAfterCommit(sqlite3.Connection):
    """A connection on which Ctrl-C arrives the instant SQLite has committed."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = super().execute(sql, *args)
        if sql.strip().upper() == "COMMIT":
            raise KeyboardInterrupt
        return cursor


@pytest.mark.sqlite_only  # about SQLite's own COMMIT on the file's connection
def test_ctrl_c_the_instant_sqlite_committed_says_the_import_was_saved(
    seeded: Workspace,
    write_csv: WriteCsv,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_csv("accounts.csv", HEADER + "A3,Initech,Software,Austin,US\n")
    seeded.close()
    # SQLAlchemy opens its connections through sqlite3.dbapi2.connect.
    interrupting = functools.partial(sqlite3.connect, factory=_InterruptedAfterCommit)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", interrupting)
    assert main(["--db", seeded.label, "import", "accounts", str(path)]) == 130
    monkeypatch.undo()
    assert "had already been saved" in capsys.readouterr().err
    assert count(seeded, "account") == 3


def test_ctrl_c_before_the_commit_still_says_nothing_was_changed(
    seeded: Workspace,
    write_csv: WriteCsv,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_csv("accounts.csv", HEADER + "A3,Initech,Software,Austin,US\n")
    monkeypatch.setattr("fieldvisit.ingest.importer._fill", _interrupt)  # the last step before
    seeded.close()
    before = dump(seeded)
    assert main(["--db", seeded.label, "import", "accounts", str(path)]) == 130
    assert capsys.readouterr().err == "fieldvisit: interrupted; nothing was changed\n"
    assert dump(seeded) == before
