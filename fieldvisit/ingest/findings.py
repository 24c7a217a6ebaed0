"""What checking found: problems (which refuse an import) and warnings, as lines and by cause.

Every problem is kept twice: as a `file:row:column: reason` line (the first `PROBLEM_LIMIT`, as
the CSV import prints them) and counted in a group of its cause (`Problems`), so a report never
hides a second cause behind the first twenty rows of another.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from fieldvisit.ingest.crm.batch import Origin, Problems

PROBLEM_LIMIT = 20
WARNING_LIMIT = 100

# A value quoted the way Python's repr quotes it: 'text' or "it's".
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")


def split_reason(reason: str) -> tuple[str, str]:
    """Return (cause, example) of a reason naming the value it found.

    "'410,000.00' is not a number like 1234.5" → ("is not a number like 1234.5", "410,000.00");
    "no account 'A9' in the workspace" → ("no account … in the workspace", "A9").
    """
    found = _QUOTED.search(reason)
    if found is None:
        return reason, ""
    try:
        example = str(ast.literal_eval(found.group()))
    except (ValueError, SyntaxError):
        example = found.group()[1:-1]
    if found.start() == 0:
        cause = reason[found.end() :].strip()
    else:
        cause = f"{reason[: found.start()]}…{reason[found.end() :]}"
    return cause, example


@dataclass
class Findings:
    """Problems and warnings of one import, as `file:row:column:` lines and grouped by cause.

    `origin` maps a row number to where the row came from; by default row N of `file`. (A CRM
    export's records are checked as numbered rows and traced back to their own file and row.)
    """

    file: str
    problems: list[str] = field(default_factory=list)
    problem_total: int = 0
    warnings: list[str] = field(default_factory=list)
    warning_total: int = 0
    groups: Problems = field(default_factory=Problems)
    origin: Callable[[int], Origin] | None = None

    def where(self, row: int) -> Origin:
        return self.origin(row) if self.origin is not None else Origin(self.file, row)

    def _line(self, row: int, column: str | None, reason: str) -> str:
        at = self.where(row)
        return (
            f"{at.file}:{at.row}:{column}: {reason}" if column else f"{at.file}:{at.row}: {reason}"
        )

    def problem(
        self, row: int, column: str | None, reason: str, *, cause: str = "", example: str = ""
    ) -> None:
        """Count a problem; `cause` (default: the reason without its value) groups it."""
        self.problem_total += 1
        if len(self.problems) < PROBLEM_LIMIT:
            self.problems.append(self._line(row, column, reason))
        if not cause:
            cause, example = split_reason(reason)
        at = self.where(row)
        if at.row <= 1:
            # A header problem is about the whole file, not a row of it.
            self.groups.add(at.file, column, cause)
        else:
            self.groups.add(at, column, cause, example)

    def warn(self, row: int, column: str | None, reason: str) -> None:
        self.warning_total += 1
        if len(self.warnings) < WARNING_LIMIT:
            self.warnings.append(self._line(row, column, reason))
