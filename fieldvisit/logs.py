"""The log file: where the details of an error go (tracebacks), while the user reads one line.

One rotating file in the log folder (`fieldvisit.paths.log_dir()`: FIELDVISIT_HOME/logs, else
`logs` in the data folder), shared by the command line and the app: 2 MiB, then three older
files, owner-only (0600). Warnings and errors with their tracebacks go there; the user reads one
line. Passwords never reach it: the values of the password variables, every secret read from or
kept in the keychain (`fieldvisit.secrets` registers them with `keep_out`), passwords in URLs
and `password=…` pairs are blanked before a record is written. An error the user was shown in
words (a FieldVisitError) is logged by its kind only, not its message, which may quote a
calendar or a file. A log that cannot be written (read-only folder, disk full) is skipped
silently: logging must never be the error the user sees.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
from pathlib import Path

from fieldvisit import paths

LOG_NAME = "fieldvisit.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 3
PASSWORD_VARIABLES = ("FIELDVISIT_SMTP_PASSWORD", "FIELDVISIT_CALDAV_PASSWORD")
_HIDDEN = "********"
# Bounded and anchored: a long run of letters (a huge cell in a message) must not backtrack.
_URL_SECRET = re.compile(
    r"(?P<head>(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,30}://[^/\s:@]{1,200}:)[^@\s/]{1,200}(?=@)",
    re.I,
)
_PAIR_SECRET = re.compile(r"(?P<head>\b(?:password|passwd|pwd|secret)\s*[=:]\s*)\S+", re.I)
# Secrets seen in this process (typed, read from the keychain): blanked in every log file.
_SECRETS: set[str] = set()


class Redacting(logging.Formatter):
    """Formats a record (traceback included) with passwords blanked."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return self.hide(super().format(record))

    def hide(self, text: str) -> str:
        """Return `text` with every known secret and password-looking value blanked."""
        for secret in sorted(self._known(), key=len, reverse=True):
            text = text.replace(secret, _HIDDEN)
        text = _URL_SECRET.sub(lambda m: m.group("head") + _HIDDEN, text)
        return _PAIR_SECRET.sub(lambda m: m.group("head") + _HIDDEN, text)

    def _known(self) -> set[str]:
        from_env = {os.environ.get(name, "") for name in PASSWORD_VARIABLES}
        return {s for s in _SECRETS | from_env if len(s) >= 3}


class LogFile(logging.handlers.RotatingFileHandler):
    """The rotating log file; a failed write is dropped (never a traceback on stderr)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
        self.redacting = Redacting()
        self.setFormatter(self.redacting)

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, 0o600)  # it may hold customer names
        return stream

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        return


def start_logging() -> Path | None:
    """Send the `fieldvisit` loggers' records to the log file; return its path (None: no file).

    Calling it again (another run in the same process, another data folder) replaces the
    handler, so records never go to two files.
    """
    logger = logging.getLogger("fieldvisit")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        # Without any handler, logging's last resort prints tracebacks on stderr: never that.
        logger.addHandler(logging.NullHandler())
    try:
        path = paths.log_dir() / LOG_NAME
    except OSError:
        path = None
    for handler in list(logger.handlers):
        if isinstance(handler, LogFile):
            if path is not None and Path(handler.baseFilename) == path:
                return path
            logger.removeHandler(handler)
            handler.close()
    if path is None:
        return None
    logger.addHandler(LogFile(path))
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    return path


def log_folder() -> Path | None:
    """Return the folder of the log file (the one written to, else where it would be)."""
    current = log_file()
    if current is not None:
        return current.parent
    try:
        return paths.log_dir()
    except OSError:
        return None


def log_file() -> Path | None:
    """Return the file the `fieldvisit` loggers write to, if logging was started."""
    for handler in logging.getLogger("fieldvisit").handlers:
        if isinstance(handler, LogFile):
            return Path(handler.baseFilename)
    return None


def keep_out(secret: str | None) -> None:
    """Never write `secret` (a password just typed or read) into the log."""
    if secret:
        _SECRETS.add(secret)


__all__ = ["LOG_NAME", "keep_out", "log_file", "log_folder", "start_logging"]
