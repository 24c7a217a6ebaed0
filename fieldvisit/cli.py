"""The command line: argument parsing only; each command's work lives in fieldvisit.commands.*."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from fieldvisit import __version__
from fieldvisit.errors import FieldVisitError
from fieldvisit.logs import log_file, start_logging

if TYPE_CHECKING:
    from fieldvisit.store.location import TeamAddress
    from fieldvisit.store.locking import WritePolicy

log = logging.getLogger("fieldvisit")


def _add_app_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of the desktop app (also valid before a command)."""
    parser.add_argument("--version", action="version", version=f"fieldvisit {__version__}")
    parser.add_argument(
        "--db",
        help="workspace file, or postgresql://USER@HOST[:PORT]/DB for a team workspace "
        "(default: $FIELDVISIT_DB, else a file in your data folder)",
    )
    parser.add_argument(
        "--as",
        dest="as_person",
        metavar="NAME",
        help="who the changes are recorded as made by, a name or e-mail "
        "(default: $FIELDVISIT_USER, else your saved name, else your login name)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the desktop app on the demo workspace (built once, then kept)",
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="render every page, Settings section and main dialog to PNG files in DIR and exit",
    )
    parser.add_argument(
        "--size", metavar="WxH", help="with --screenshots: the window size (default 1440x900)"
    )
    parser.add_argument(
        "--appearance",
        choices=("light", "dark"),
        default="light",
        help="with --screenshots: light (the default) or dark",
    )


def app_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """Return the options when `argv` only starts the desktop app; None when it names a command.

    The app's start skips importing every command module (they load the store and the planning
    engine), so its window paints sooner.
    """
    parser = argparse.ArgumentParser(prog="fieldvisit", add_help=False)
    _add_app_options(parser)
    args, rest = parser.parse_known_args(argv)
    named = _workspace_argument(rest)
    if named is not None and args.db is None:
        args.db = named  # `fieldvisit FILE.fieldvisit`: how a file manager opens a workspace
        return args
    return None if rest else args


def _app_location(given: object) -> Path | TeamAddress | None:
    """Return the workspace the app opens: --db, else FIELDVISIT_DB; a file or a team address."""
    # FIELDVISIT_DB: `commands.common.DB_VARIABLE`, which loads the store to import.
    text = str(given or os.environ.get("FIELDVISIT_DB", ""))
    if not text:
        return None
    if text.startswith("postgres"):
        # Perhaps a team address: the store's reader decides (loading SQLAlchemy now, before the
        # window and its workers; a file's start skips it so the window paints sooner).
        from fieldvisit.store.location import parse_location

        return parse_location(text)
    return Path(text)


def _workspace_argument(rest: Sequence[str]) -> Path | None:
    """Return the workspace file named alone after the app's options, else None.

    Only a name ending in .fieldvisit, or a file that exists, counts: a mistyped command must
    stay an error, never a new empty workspace.
    """
    if len(rest) != 1 or rest[0].startswith("-"):
        return None
    from fieldvisit.app_id import WORKSPACE_SUFFIX
    from fieldvisit.commands import COMMANDS

    if rest[0] in {c.name for c in COMMANDS}:
        return None
    path = Path(rest[0]).expanduser()
    return path if path.suffix == WORKSPACE_SUFFIX or path.is_file() else None


class _LazyCommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The sub-commands: each listed from `fieldvisit.commands.COMMANDS`, filled in when chosen.

    A command's arguments (and its module, with what that imports) are loaded only when argparse
    reaches that command, so `fieldvisit check` does not import the planning engine or PySide6.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._modules: dict[str, str] = {}

    def add_command(self, name: str, module: str, help: str) -> None:
        """List `name` (with its help) and remember the module that registers its arguments."""
        self.add_parser(name, help=help)
        self._modules[name] = module

    def load(self, name: str) -> argparse.ArgumentParser:
        """Import the module of `name`, let it register its arguments; return the command's parser."""
        module = self._modules.pop(name, None)
        if module is not None:
            scratch = argparse._SubParsersAction(
                option_strings=[], prog=self._prog_prefix, parser_class=self._parser_class
            )
            importlib.import_module(module).register(scratch)
            self._name_parser_map[name] = scratch._name_parser_map[name]
        return self._name_parser_map[name]

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command (docs/cli.md lists them); each loads when chosen."""
    from fieldvisit.commands import COMMANDS, module_path

    parser = argparse.ArgumentParser(
        prog="fieldvisit",
        description="Get executives in the room with the customers who matter. "
        "Without a command, opens the desktop app (`fieldvisit FILE.fieldvisit` opens that "
        "workspace in it).",
    )
    _add_app_options(parser)
    sub = cast(
        _LazyCommands,
        parser.add_subparsers(dest="command", metavar="COMMAND", action=_LazyCommands),
    )
    for command in COMMANDS:
        sub.add_command(command.name, module_path(command), command.help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    Every failure ends as one line on stderr starting "fieldvisit: " and a non-zero exit; the
    details (a traceback, when there is one) go to the log file (`fieldvisit.logs`).
    """
    try:
        args = app_arguments(argv)
        if args is None:
            args = build_parser().parse_args(argv)
        else:
            args.command = None
    except KeyboardInterrupt:  # Ctrl-C while the commands load
        print("fieldvisit: interrupted; nothing was changed", file=sys.stderr)
        return 130
    if getattr(args, "as_person", None):
        # `store.identity.PERSON_VARIABLE`: --as is FIELDVISIT_USER for this run (app and commands).
        os.environ["FIELDVISIT_USER"] = args.as_person
    start_logging()
    policy: WritePolicy | None = None
    try:
        if args.command is None:
            # Before PySide6 loads: a missing X11 library is named here, not by Qt's abort.
            from fieldvisit.ui.system_check import check_display

            check_display()
            from fieldvisit.ui.app import run_app

            return run_app(
                db=_app_location(args.db),
                demo=args.demo,
                screenshots=args.screenshots,
                shot_size=args.size,
                shot_appearance=args.appearance,
            )
        from fieldvisit.commands.common import command_write_policy
        from fieldvisit.store.locking import write_policy

        policy = command_write_policy()
        with write_policy(policy):
            result: int = args.handler(args)
        return result
    except FieldVisitError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        # Its kind, not its words (the user has them; they may quote a calendar or a file).
        log.info("%s: %s", args.command or "app", type(exc).__name__, exc_info=exc.__cause__)
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
        # True either way: a commit counted by the policy is on disk, anything else rolled back.
        if policy is not None and policy.commits:
            print(
                "fieldvisit: interrupted; what was saved before the interruption is kept",
                file=sys.stderr,
            )
        else:
            print("fieldvisit: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, the details in the log
        print(f"fieldvisit: {_unexpected(exc, args)}", file=sys.stderr)
        return 1


def _unexpected(exc: Exception, args: argparse.Namespace) -> str:
    """Return the line for an error no command turned into a message (and log its details)."""
    log.error("%s failed", args.command or "app", exc_info=exc)
    known = _known_error(exc, args)
    if known is not None:
        return known
    where = log_file()
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    details = f"details in {where}" if where is not None else "no log file could be written"
    return f"unexpected error: {type(exc).__name__}{': ' + reason if reason else ''}; {details}"


def _known_error(exc: Exception, args: argparse.Namespace) -> str | None:
    """Return the message for a database or file error that reached the top unexplained."""
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else "a file"
        if isinstance(exc, FileExistsError):
            return f"{name} is a file, where a folder is needed"
        if isinstance(exc, NotADirectoryError):
            return f"{name}: part of this path is a file, where a folder is needed"
        return f"{name}: {exc.strerror or exc}"
    if not getattr(exc, "sqlite_errorname", None) and not getattr(
        getattr(exc, "orig", None), "sqlite_errorname", None
    ):
        return None
    from fieldvisit.commands.common import workspace_path
    from fieldvisit.store.failures import error_in_words

    described = error_in_words(exc, workspace_path(args), writing=True)
    return str(described) if described is not None else None


if __name__ == "__main__":
    sys.exit(main())
