"""What every command needs: which workspace, opened safely, and printing results."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit import paths
from fieldvisit.errors import FieldVisitError
from fieldvisit.store import Workspace
from fieldvisit.store.as_of import workspace_as_of
from fieldvisit.store.location import TeamAddress, parse_location
from fieldvisit.store.locking import Waiting, WritePolicy
from fieldvisit.store.opening import open_location

# How long a command waits for another program's write lock on the workspace (seconds).
LOCK_WAIT_VARIABLE = "FIELDVISIT_LOCK_WAIT"
DEFAULT_LOCK_WAIT_S = 60.0


# Names the workspace when --db does not: a file path or a postgresql:// address.
DB_VARIABLE = "FIELDVISIT_DB"


def workspace_location(args: argparse.Namespace) -> Path | TeamAddress:
    """Return the workspace the user asked for: --db, else FIELDVISIT_DB, else the default file."""
    given = args.db or os.environ.get(DB_VARIABLE, "")
    return parse_location(given) if given else paths.default_workspace()


def workspace_path(args: argparse.Namespace) -> Path:
    """Return the workspace file the user asked for; a team address is refused by name."""
    location = workspace_location(args)
    if isinstance(location, TeamAddress):
        command = getattr(args, "command", None) or "this command"
        raise FieldVisitError(
            f"`{command}` works on a workspace file, not on a team workspace ({location.label})."
        )
    return location


def terminal_prompt() -> Callable[[str], str] | None:
    """Return a password prompt when a person sits at the terminal, else None (scripts, CI)."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass


def open_ws(args: argparse.Namespace) -> Workspace:
    """Open the user's existing workspace (never creates one): a file or a team database."""
    return open_location(workspace_location(args), prompt=terminal_prompt())


class WaitOnStderr:
    """Says on stderr, once per wait, that a command waits for another program's lock."""

    def __init__(self) -> None:
        self.telling = False

    def __call__(self, waiting: Waiting | None) -> None:
        if waiting is None:
            self.telling = False
            return
        if not self.telling:
            self.telling = True
            print(
                f"fieldvisit: waiting for {waiting.path} (in use by {waiting.holder})…",
                file=sys.stderr,
                flush=True,
            )


def command_write_policy() -> WritePolicy:
    """Return how a command's writes wait: up to FIELDVISIT_LOCK_WAIT seconds (60), said aloud."""
    try:
        seconds = float(os.environ.get(LOCK_WAIT_VARIABLE, "") or DEFAULT_LOCK_WAIT_S)
    except ValueError:
        seconds = DEFAULT_LOCK_WAIT_S
    return WritePolicy(wait_ms=max(0, int(seconds * 1000)), notice=WaitOnStderr())


def positive_int(value: str) -> int:
    """Return a count of 1 or more given on the command line (argparse's `type=`)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def parse_date(value: str) -> date:
    """argparse type for ISO dates with a plain message."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-14") from None


def add_as_of(p: argparse.ArgumentParser, what: str = "the day to plan from") -> None:
    """Give a command `--as-of DATE`, defaulting to the workspace's own date (`store.as_of`)."""
    p.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help=f"{what} (default: the workspace's date: a demo's as-of day, else today)",
    )


def as_of_for(args: argparse.Namespace, conn: Connection) -> date:
    """Return the day a command plans from: its `--as-of`, else the workspace's own date."""
    chosen: date | None = getattr(args, "as_of", None)
    return chosen if chosen is not None else workspace_as_of(conn)


def print_json(data: Any) -> None:
    """Print `data` as JSON: indented on a terminal, else compact on one line (the same content).

    Python's indenting encoder is pure Python, and even its C encoder took 0.4 s of
    `suggest --json` on a large workspace; orjson writes the same keys in the same order with the
    same values in a tenth of that (dates as `str` gives them, as before). A list goes out item by
    item, so the whole document is never one string in memory.
    """
    out = sys.stdout
    if out.isatty():
        out.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        out.write("\n")
        return
    import orjson  # only where JSON is printed: a command imports what it uses

    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
    options |= orjson.OPT_PASSTHROUGH_DATACLASS  # `default=str`, as the json module did

    def encode(item: Any) -> str:
        return orjson.dumps(item, default=str, option=options).decode()

    if not isinstance(data, list):
        out.write(encode(data))
        out.write("\n")
        return
    out.write("[")
    for index, item in enumerate(data):
        if index:
            out.write(",")  # orjson's own separator: the same text as dumping the list whole
        out.write(encode(item))
    out.write("]\n")


class Progress:
    """Prints progress to stderr when it is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self._last = -1

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.tty:
            return
        pct = int(fraction * 100)
        if pct != self._last:
            self._last = pct
            sys.stderr.write(f"\r{pct:3d}% {message[:60]:<60}")
            sys.stderr.flush()
            if pct >= 100:
                sys.stderr.write("\n")


__all__ = [
    "FieldVisitError",
    "add_as_of",
    "as_of_for",
    "command_write_policy",
    "open_ws",
    "parse_date",
    "print_json",
    "workspace_path",
    "Progress",
]
