"""One way for a write to reach the pages: only `fieldvisit/ui/operations.py` announces changes.

A page or dialog writes through `operations` (`run_write`, `run_task_write`, `write_now`,
`announce_after`), which pairs the write with the `Changes` it made; so no write can forget to
announce, or announce twice, and a failed write announces nothing. `context.py` defines
`announce` and announces what it does itself (the as-of date, another workspace, an import).
These tests read the source (docs/architecture.md, "How a change reaches the pages").
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "fieldvisit" / "ui"
ALLOWED = {"operations.py", "context.py"}


def announcements(source: str) -> list[str]:
    """Return where `source` calls or hands on `announce` ("line N")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr == "announce") or (
            isinstance(node, ast.Name) and node.id == "announce"
        ):
            found.append(f"line {node.lineno}")
    return found


def test_only_operations_and_the_context_announce_changes() -> None:
    found = [
        f"{path.relative_to(UI)} {where}"
        for path in sorted(UI.rglob("*.py"))
        if path.relative_to(UI).as_posix() not in ALLOWED
        for where in announcements(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "write through fieldvisit/ui/operations.py instead: " + ", ".join(found)


def test_the_check_finds_a_page_that_announces_by_hand() -> None:
    page = """
def saved(self):
    self.ctx.announce(SNOOZED)
later = ctx.announce
def _announce(self):  # a widget's own word for screen readers is not a change
    self._announce()
"""
    assert sorted(announcements(page)) == ["line 3", "line 4"]
