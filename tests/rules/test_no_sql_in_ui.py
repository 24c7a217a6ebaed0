"""The layers hold: the UI reads and writes only through the core; executive levels have one owner.

Every query lives outside `fieldvisit/ui/` (in `fieldvisit/reads/`, `planning/`, …), where mypy
checks it and the core's tests run it; the UI calls a function. These tests read the source.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "fieldvisit"
UI = ROOT / "ui"

# SQL as it is written in this code base: statements in capitals.
_SQL = re.compile(
    r"\bSELECT\b.+\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(TABLE|INDEX)\b|\bWHERE\s+\w+(\.\w+)?\s*(=|IN\b|LIKE\b)",
    re.DOTALL,
)
# Calls that run SQL on a SQLAlchemy connection or a sqlite3 one.
_RUNS_SQL = {"execute", "executemany", "executescript", "exec_driver_sql"}
# What the UI may import from SQLAlchemy: the classes its type hints name, nothing that builds
# a statement (text, select, insert, func, column, …; SQLModel's select and col alike).
_SQL_PACKAGES = ("sqlalchemy", "sqlmodel")
_TYPE_NAMES = {"Connection", "Engine", "Row", "RowMapping", "Result"}


def _sql_package(module: str) -> bool:
    return module.split(".", 1)[0] in _SQL_PACKAGES


def sql_found(source: str) -> list[str]:
    """Return where `source` holds SQL text or runs SQL: "line N: what"."""
    found = []
    tree = ast.parse(source)
    # `import sqlalchemy as sa`: then `sa.select(…)`, `sa.text(…)` build statements.
    aliases = {
        alias.asname or alias.name.split(".", 1)[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if _sql_package(alias.name)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _SQL.search(node.value):
                found.append(f"line {node.lineno}: SQL text {node.value[:60]!r}")
        elif isinstance(node, ast.JoinedStr):
            joined = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if _SQL.search(joined):
                found.append(f"line {node.lineno}: SQL text {joined[:60]!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in _RUNS_SQL:
                found.append(f"line {node.lineno}: runs SQL with .{node.func.attr}()")
            elif _called_on(node.func, aliases):
                found.append(f"line {node.lineno}: builds SQL with .{node.func.attr}()")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _sql_package(alias.name):
                    found.append(f"line {node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and _sql_package(node.module or ""):
            names = {a.name for a in node.names} - _TYPE_NAMES
            if names:
                found.append(
                    f"line {node.lineno}: imports {', '.join(sorted(names))} from {node.module}"
                )
    return found


def _called_on(func: ast.Attribute, aliases: set[str]) -> bool:
    """True when `func` is an attribute of an imported SQL package (`sa.select`, `sqlalchemy.sql.text`)."""
    value: ast.expr = func.value
    while isinstance(value, ast.Attribute):
        value = value.value
    return isinstance(value, ast.Name) and value.id in aliases


def test_the_ui_holds_no_sql() -> None:
    offenders = {
        str(path.relative_to(ROOT.parent)): hits
        for path in sorted(UI.rglob("*.py"))
        if (hits := sql_found(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "Move these reads and writes to the core (fieldvisit/reads/, …)"


def test_the_check_finds_sql_written_the_ways_the_ui_once_did() -> None:
    samples = [
        'conn.execute(text("SELECT name, tz FROM account WHERE id = :a"), {"a": 1})',
        'store.execute("SELECT details FROM deal_row WHERE pk = ?", (pk,))',
        'sql = f"SELECT {column} FROM {table} WHERE visit_id = :v"',
        "from sqlalchemy import text",
        'q = "UPDATE executive SET monthly_visit_target = :t"',
        "memory.executemany(insert, rows)",
        "from sqlmodel import select",
        "from sqlalchemy import func",
        "from sqlalchemy.sql.expression import column",
        "import sqlalchemy as sa\nq = sa.select(sa.column('x'))",
        "import sqlalchemy\nq = sqlalchemy.text('x')",
        "import sqlalchemy.sql\nq = sqlalchemy.sql.select()",
    ]
    for sample in samples:
        assert sql_found(sample), sample
    assert sql_found('label.setText("Select the deals you want; update them from the list")') == []
    # A type hint's class is no SQL; nor is a widget's text() or a list's select().
    assert sql_found("from sqlalchemy.engine import Connection") == []
    assert sql_found("name = self.field.text()\nself.navigation.select(key)") == []


def test_the_core_reads_import_no_qt_and_no_ui() -> None:
    for path in sorted((ROOT / "reads").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                )
                for name in names:
                    assert not name.startswith(("PySide6", "fieldvisit.ui")), f"{path}: {name}"


def _copies(pattern: str, owner: str) -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name == owner or name.startswith("store/migrations/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{name}:{n}: {line.strip()}")
    return found


def test_executive_levels_are_listed_once() -> None:
    # Their order (Python or SQL), rank and words: once, in fieldvisit/executive_levels.py.
    copies = (
        r"WHEN 'SVP'|\"SVP\": \"SVP\"|\"C\": [0-9], \"SVP\": [0-9]|\"C\": \"C-level\", \"SVP\"|"
        r"\(\"C\", \"SVP\", \"VP\"\)"
    )
    assert _copies(copies, "executive_levels.py") == []
