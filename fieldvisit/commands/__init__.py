"""Command handlers: the table of commands, and one module per group that registers their arguments.

The table names each command, the module that holds it and its one-line help, so the parser lists
every command without importing any of them: a module (and the store, planning engine, calendar
and spreadsheet libraries it brings) is imported only when its command runs (`fieldvisit.cli`).
A test keeps the table equal to what the modules register.
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    """One command: its name, the module under fieldvisit.commands with `register`, its help."""

    name: str
    module: str
    help: str


COMMANDS: tuple[Command, ...] = (
    Command(
        "init",
        "workspace_cmds",
        "create an empty workspace (a file, or the schema in an empty team database)",
    ),
    Command("demo", "workspace_cmds", "write a demo workspace"),
    Command(
        "check",
        "workspace_cmds",
        "check the workspace's integrity and schema version (a team workspace: the connection, "
        "schema and the role's rights)",
    ),
    Command(
        "backup",
        "workspace_cmds",
        "take a verified backup of the workspace (a team workspace: a SQLite snapshot)",
    ),
    Command(
        "restore",
        "workspace_cmds",
        "replace the workspace with one of its backups (the current file is kept); a team "
        "workspace: load a snapshot into an empty team database",
    ),
    Command("export-ics", "invite_cmds", "write a visit's invite, or a trip, to an .ics file"),
    Command("send-invites", "invite_cmds", "e-mail a visit's invites (iMIP) through SMTP"),
    Command("publish", "invite_cmds", "put a visit on the CalDAV calendar (off it if cancelled)"),
    Command("cancel", "invite_cmds", "cancel a visit and produce its cancellation"),
    Command("invite-settings", "invite_cmds", "show or change the invite settings"),
    Command("import", "import_cmd", "import a CSV file (all or nothing; re-importing is safe)"),
    Command(
        "import-crm",
        "import_cmd",
        "import a CRM export as downloaded (ZIP, folder or files), all or nothing",
    ),
    Command("suggest", "planning_cmds", "stalled strategic deals and who should visit them"),
    Command("coverage", "coverage_cmd", "executives' customer time and strategic accounts"),
    Command("impact", "planning_cmds", "did executive visits move stalled deals?"),
    Command("plan", "planning_cmds", "plan a visit (the suggestion unless told otherwise)"),
    Command(
        "snooze",
        "planning_cmds",
        "keep a deal out of suggestions until a date (replaces its snooze)",
    ),
    Command("unsnooze", "planning_cmds", "end a deal's snooze: it is suggested again"),
    Command("visit-status", "visit_status_cmd", "mark a visit done, cancelled or planned again"),
    Command("pipeline", "settings_cmds", "show or set the order of the pipeline's stages"),
    Command("currency", "settings_cmds", "show or set the workspace currency and conversion rates"),
    Command("target", "target_cmd", "show or set executives' monthly visit targets"),
    Command(
        "visit-days",
        "visit_days_cmd",
        "show or set company closures, visit hours, notice and the weekly maximum",
    ),
    Command(
        "capture-calendar",
        "capture_cmd",
        "capture an executive's customer meetings from a calendar (.ics, folder, zip, CalDAV)",
    ),
    Command(
        "capture-review",
        "capture_cmd",
        "list the meetings a capture was unsure about, and settle them",
    ),
    Command("capture-settings", "capture_cmd", "show or change how calendars are captured"),
    Command(
        "trips",
        "trips_cmd",
        "planned trips and the stalled deals nearby (add-ons); --add-to plans one",
    ),
    Command(
        "dismiss",
        "outcome_cmds",
        "dismiss a deal's visit suggestion as not relevant (with a reason)",
    ),
    Command(
        "travel-copy",
        "travel_cmds",
        "write a local travel copy of a team workspace (whole org or one executive)",
    ),
    Command(
        "sync",
        "travel_cmds",
        "push a travel copy's changes to its team workspace and pull the latest",
    ),
    Command(
        "briefing",
        "briefing_cmd",
        "save the briefing pack (PDF, a page per visit) for a visit or the coming week",
    ),
)


def module_path(command: Command) -> str:
    """Return the importable name of the module that registers and runs `command`."""
    return f"fieldvisit.commands.{command.module}"
