"""Capturing executives' calendars in the background: one executive or all, with progress and Cancel.

The CalDAV password is found (keychain) or asked for on the window thread before the task
starts, so nothing waits on a person while the workspace is written. The captures run one after
the other in one task (`ctx.tasks`, shown in the status bar with Cancel); each is all or nothing
on its own, so a Cancel keeps the calendars already captured and says so. When they are done the
pages refresh (`CAPTURED`) and `finished` hands over what each capture found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from fieldvisit import secrets
from fieldvisit.changes import CAPTURED, NOTHING
from fieldvisit.errors import Cancelled, FieldVisitError
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.operations import announce_after
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.tasks import CancelledFn, ProgressFn, Task, TaskState

if TYPE_CHECKING:
    from fieldvisit.calendar_sources import ExecutiveCalendar
    from fieldvisit.capture import CaptureReport


def capture_now(as_of: date, today: date | None = None) -> datetime | None:
    """Return the moment a capture splits past (done) from future (planned) meetings.

    None (the real now) when the app plans from today; noon UTC of the as-of day otherwise (a demo
    that keeps its own date), as `fieldvisit capture-calendar --as-of` does.
    """
    if as_of == (today or date.today()):
        return None
    return datetime.combine(as_of, time(12), UTC)


@dataclass(frozen=True)
class CaptureJob:
    """One executive's calendar to capture (the password only for this run, never shown)."""

    name: str
    email: str
    path: Path | None = None
    caldav_url: str | None = None
    caldav_user: str | None = None
    password: str | None = field(default=None, repr=False)

    def source(self) -> Any:
        from fieldvisit.capture import CalDAVSource, FileSource

        if self.caldav_url:
            return CalDAVSource(self.caldav_url, self.caldav_user or "")
        assert self.path is not None
        return FileSource(self.path)

    def where(self) -> str:
        """Return the source as a person names it (a file's name, a CalDAV address)."""
        return self.caldav_url or (self.path.name if self.path else "")


@dataclass
class CaptureOutcome:
    """What happened to one executive's calendar."""

    name: str
    email: str
    where: str
    report: CaptureReport | None = None
    error: str | None = None  # the calendar could not be read (nothing changed for it)
    cancelled: bool = False  # stopped, or not reached, before it was written


def run_captures(
    ws: Any,
    jobs: Sequence[CaptureJob],
    now: datetime | None,
    progress: ProgressFn,
    cancelled: CancelledFn,
    into: list[CaptureOutcome],
) -> list[CaptureOutcome]:
    """Capture each job in turn, appending its outcome to `into` as it goes (for a Cancel)."""
    from fieldvisit.capture import capture

    total = max(len(jobs), 1)
    for i, job in enumerate(jobs):
        outcome = CaptureOutcome(job.name, job.email, job.where())
        into.append(outcome)
        if cancelled():
            outcome.cancelled = True
            continue

        def step(fraction: float, message: str, i: int = i, job: CaptureJob = job) -> None:
            progress((i + fraction) / total, f"{job.name}: {message}" if total > 1 else message)

        try:
            outcome.report = capture(
                ws,
                job.email,
                job.source(),
                password=job.password,
                now=now,
                progress=step,
                cancel=cancelled,
            )
        except Cancelled:
            outcome.cancelled = True
        except FieldVisitError as exc:
            outcome.error = str(exc)
    return into


def ask_caldav_password(ctx: AppContext, url: str, user: str, parent: QWidget | None) -> str | None:
    """Return the CalDAV password from the keychain, or ask for it once and keep it there."""
    store = ctx.secrets
    key = secrets.caldav_key(user, url)
    stored = store.get(key) if store is not None else None
    if stored:
        return str(stored)
    typed, ok = QInputDialog.getText(
        parent,
        "CalDAV password",
        as_text(
            f"Password of {user} at {url}\n(kept in this computer's keychain, never in the "
            "workspace)"
        ),
        QLineEdit.EchoMode.Password,
    )
    if not ok or not typed:
        return None
    if store is not None:
        store.set(key, typed)
    return typed


def jobs_for(
    ctx: AppContext, calendars: Sequence[ExecutiveCalendar], parent: QWidget | None
) -> tuple[list[CaptureJob], list[str]]:
    """Return the captures to run and, in words, the executives left out (and why)."""
    jobs: list[CaptureJob] = []
    left_out: list[str] = []
    for cal in calendars:
        if not cal.email:
            left_out.append(f"{cal.name} has no e-mail address, so no calendar can be theirs.")
        elif cal.caldav_url:
            user = cal.caldav_user or ""
            password = ask_caldav_password(ctx, cal.caldav_url, user, parent)
            if password is None:
                left_out.append(f"{cal.name}'s CalDAV calendar: no password given.")
                continue
            jobs.append(CaptureJob(cal.name, cal.email, None, cal.caldav_url, user, password))
        elif cal.path:
            jobs.append(CaptureJob(cal.name, cal.email, Path(cal.path)))
        else:
            left_out.append(f"{cal.name} has no calendar set.")
    return jobs, left_out


def _captured(outcomes: Sequence[CaptureOutcome]) -> bool:
    """True when a capture changed visits or left meetings to review (pages showing them refresh)."""
    return any(o.report is not None and (o.report.changed or o.report.review) for o in outcomes)


class CaptureRunner(QObject):
    """Runs captures one batch at a time and says how they went."""

    progressed = Signal(float, str)
    finished = Signal(object)  # list[CaptureOutcome], every job's (cancelled ones too)
    running_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.outcomes: list[CaptureOutcome] = []
        self.failure: str | None = None  # an unexpected failure, in words

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start(self, jobs: Sequence[CaptureJob]) -> Task | None:
        """Start capturing `jobs` in the background; None when nothing is to do or one runs."""
        if not jobs or self.running:
            return None
        jobs = list(jobs)
        ws, now = self.ctx.workspace, capture_now(self.ctx.home_as_of)
        into: list[CaptureOutcome] = []
        self.outcomes, self.failure = into, None
        title = (
            f"Capturing {jobs[0].name}'s calendar"
            if len(jobs) == 1
            else f"Capturing {len(jobs)} calendars"
        )

        def work(progress: ProgressFn, cancelled: CancelledFn) -> list[CaptureOutcome]:
            return run_captures(ws, jobs, now, progress, cancelled, into)

        task = self.ctx.tasks.run(
            work, title=title, on_done=lambda _r: None, on_error=lambda _e: None
        )
        self.task = task
        task.progressed.connect(self.progressed)
        announce_after(self.ctx, task, lambda: CAPTURED if _captured(into) else NOTHING)
        task.finished.connect(lambda: self._finished(task, jobs, into))
        self.running_changed.emit(True)
        return task

    def cancel(self) -> None:
        """Ask the running capture to stop (what is already captured stays)."""
        if self.task is not None:
            self.task.cancel()

    def _finished(self, task: Task, jobs: list[CaptureJob], into: list[CaptureOutcome]) -> None:
        from fieldvisit.ui.workspaces import describe

        for job in jobs[len(into) :]:  # not reached before a Cancel or a failure
            into.append(CaptureOutcome(job.name, job.email, job.where(), cancelled=True))
        if task.state is TaskState.CANCELLED:
            for outcome in into:
                if outcome.report is None and outcome.error is None:
                    outcome.cancelled = True
        elif task.state is TaskState.FAILED and task.error is not None:
            self.failure = describe(task.error)
        self.outcomes = into
        self.task = None
        self.running_changed.emit(False)
        self.finished.emit(into)
