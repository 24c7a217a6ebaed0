"""The command line: argument parsing only; each command's work lives in fieldvisit.commands.*."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from fieldvisit import __version__
from fieldvisit.errors import FieldVisitError

log = logging.getLogger("fieldvisit")


def _add_app_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of the desktop app (also valid before a command)."""
    parser.add_argument("--version", action="version", version=f"fieldvisit {__version__}")
    parser.add_argument("--db", type=Path, help="workspace file (default: in your data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="open the desktop app on a fresh demo workspace"
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="render every page of the app to PNG files in DIR and exit",
    )


def app_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """Return the options when `argv` only starts the desktop app; None when it names a command.

    The app's start skips importing every command module (they load the store and the planning
    engine), so its window paints sooner.
    """
    parser = argparse.ArgumentParser(prog="fieldvisit", add_help=False)
    _add_app_options(parser)
    args, rest = parser.parse_known_args(argv)
    return None if rest else args


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command in PRODUCT.md."""
    from fieldvisit.commands import COMMAND_MODULES

    parser = argparse.ArgumentParser(
        prog="fieldvisit",
        description="Get executives in the room with the customers who matter. "
        "Without a command, opens the desktop app.",
    )
    _add_app_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = app_arguments(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    else:
        args.command = None
    try:
        if args.command is None:
            from fieldvisit.ui.app import run_app

            return run_app(db=args.db, demo=args.demo, screenshots=args.screenshots)
        result: int = args.handler(args)
        return result
    except FieldVisitError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"fieldvisit: {message}", file=sys.stderr)
        details = getattr(exc, "problems", None)
        if details:
            for line in details:
                print(line, file=sys.stderr)
            total = getattr(exc, "total", len(details))
            if total > len(details):
                print(f"… and {total - len(details)} more problems", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`fieldvisit suggest | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("fieldvisit: interrupted; nothing was changed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
