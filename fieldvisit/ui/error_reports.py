"""Errors in the app: a plain message in a dialog, the details (traceback) in the log file.

An error the code expected is a FieldVisitError and says itself what happened. Anything else is
logged with its traceback and shown as one sentence pointing at the log, never as a traceback;
`install_excepthook` does that for exceptions escaping Qt's slots and event handlers too.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fieldvisit.errors import FieldVisitError
from fieldvisit.logs import log_file
from fieldvisit.ui.plain_text import as_text

log = logging.getLogger(__name__)

TITLE = "Field Visit"
REPEAT_AFTER_S = 10.0


def error_message(exc: BaseException, doing: str = "") -> str:
    """Return what to tell the user about `exc` (one paragraph, no traceback)."""
    if isinstance(exc, FieldVisitError):
        return str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        what = f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    else:
        text = str(exc).strip()
        what = f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__
    where = log_file()
    details = f"The details are in {where}." if where is not None else ""
    head = f"{doing} failed" if doing else "Something went wrong"
    return f"{head} ({what}). {details}".strip()


def report_error(parent: QWidget | None, title: str, exc: BaseException, doing: str = "") -> None:
    """Log `exc` (with its traceback unless it is a FieldVisitError) and show it in a dialog."""
    if isinstance(exc, FieldVisitError):  # its kind only: its words may quote a calendar
        log.info("%s: %s", title, type(exc).__name__, exc_info=exc.__cause__)
    else:
        log.error("%s", title, exc_info=exc)
    QMessageBox.critical(parent, title, as_text(error_message(exc, doing)))


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook() -> ExceptHook:
    """Show exceptions that escape Qt's slots as a dialog (logged); return the previous hook."""
    previous = sys.excepthook
    # An error raised while painting or in a model's data() repeats on every repaint: one dialog
    # at a time, and the same message again only after a while, so the app never drowns in them.
    showing: list[str] = []
    last_shown: dict[str, float] = {}

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        if not isinstance(exc, FieldVisitError):
            log.error("unexpected error", exc_info=(kind, exc, tb))
        message = error_message(exc)
        now = time.monotonic()
        if showing or now - last_shown.get(message, -REPEAT_AFTER_S) < REPEAT_AFTER_S:
            return
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            print(f"fieldvisit: {message}", file=sys.stderr)
            return
        showing.append(message)
        try:
            QMessageBox.critical(app.activeWindow(), TITLE, as_text(message))
        finally:
            showing.clear()
            last_shown[message] = time.monotonic()

    sys.excepthook = hook
    return previous


__all__ = ["error_message", "install_excepthook", "report_error"]
