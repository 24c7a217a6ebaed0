"""The command line: argument parsing only; each command's work lives in fieldvisit.commands.*."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from fieldvisit import __version__
from fieldvisit.commands import COMMAND_MODULES
from fieldvisit.errors import FieldVisitError

log = logging.getLogger("fieldvisit")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command in PRODUCT.md."""
    parser = argparse.ArgumentParser(
        prog="fieldvisit",
        description="Get executives in the room with the customers who matter. "
        "Without a command, opens the desktop app.",
    )
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
