"""Executives' calendars as Outlook, Google and Apple export them, built on a demo workspace.

    from tests.capture.calendars import CASES, scenario, write_calendars, write_bad_inputs

    files = write_calendars(workspace, tmp_path / "t1")            # {executive e-mail: [paths]}
    later = write_calendars(workspace, tmp_path / "t2", time=2)    # one moved, one deleted
    answer = scenario(workspace).expected("google_recurring")      # UIDs, UTC visits, account…
    bad = write_bad_inputs(tmp_path / "bad")                       # {file name: path}
    info = large_calendar(tmp_path / "big.ics", 10_000, workspace=workspace, as_of=AS_OF)

See README.md for the shapes, their sources and what a capture needs from the workspace.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.capture.calendars.bad import BAD_INPUTS, BadInput, write_bad_inputs
from tests.capture.calendars.cases import ACCOUNT_ROLES, CASE_BY_KEY, CASES, Case
from tests.capture.calendars.expected import Expected, Scenario, Visit
from tests.capture.calendars.expected import scenario as _scenario
from tests.capture.calendars.large import LargeCalendar, large_calendar
from tests.capture.calendars.meetings import DESCRIPTION_MARKER, PRIVATE_MARKER
from tests.ui.demo_files import AS_OF


def scenario(workspace: Path, as_of: date = AS_OF) -> Scenario:
    """Return the scenario on `workspace`: cast, meetings and each case's expected answer."""
    return _scenario(workspace, as_of)


def write_calendars(
    workspace: Path, folder: Path, time: int = 1, as_of: date = AS_OF
) -> dict[str, list[Path]]:
    """Write the Outlook, Google and Apple exports of three executives of `workspace` under
    `folder` (outlook/Calendar.ics, google/<address>.ical.zip, apple/Work.ics and Home.ics) and
    return the files per executive e-mail. Time 2 is the same export a day later, after one
    Outlook meeting moved and another was deleted."""
    return _scenario(workspace, as_of).write(Path(folder), time)


__all__ = [
    "ACCOUNT_ROLES",
    "AS_OF",
    "BAD_INPUTS",
    "CASES",
    "CASE_BY_KEY",
    "DESCRIPTION_MARKER",
    "PRIVATE_MARKER",
    "BadInput",
    "Case",
    "Expected",
    "LargeCalendar",
    "Scenario",
    "Visit",
    "large_calendar",
    "scenario",
    "write_bad_inputs",
    "write_calendars",
]
