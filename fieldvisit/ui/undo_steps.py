"""The undoable actions, each recorded right after it is stored: plan a visit, snooze, end a
snooze, dismiss, change a visit's status (cancel, mark done, "It did not happen") and save a
debrief.

Each function reads what the undo needs (before the action, or from the row just written), then
`undo.record`s the step with the words the notice shows. The inverses are the core's
(`planning.undo`, `debriefs.undo`); they run on the window thread: each is one small write.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QWidget

from fieldvisit.changes import DEBRIEF_SAVED, SNOOZED, VISIT_PLANNED, VISIT_STATUS
from fieldvisit.planning import undo as core
from fieldvisit.reads.visit_form import account_place
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.undo import record, say

if TYPE_CHECKING:
    from fieldvisit.debriefs.undo import SavedDebrief
    from fieldvisit.planning.snoozes import RunningSnooze

PlanDialog = TypeVar("PlanDialog", bound=QDialog)  # the plan dialog, not imported: no circle


def day_words(d: date) -> str:
    """Return "Tue 23 Jun" (the notices' day)."""
    return style.locale().toString(QDate(d.year, d.month, d.day), "ddd d MMM")


def snoozed(
    ctx: AppContext, anchor: QWidget | None, change: core.SnoozeChange, account: str
) -> None:
    """Record a snooze just stored: "Snoozed Initech until Mon 13 Jul · Undo"."""
    ws, as_of, now = ctx.workspace, ctx.as_of, [change]

    def undo() -> None:
        with ws.begin() as conn:
            core.unsnooze(conn, now[0], as_of)

    def redo() -> None:
        with ws.begin() as conn:
            now[0] = core.resnooze(conn, now[0], as_of)

    words = f"Snoozed {account} until {day_words(change.until)}"
    record(ctx, anchor, words, undo, redo, SNOOZED)


def snooze_ended(
    ctx: AppContext, anchor: QWidget | None, deal_pk: int, ended: RunningSnooze, account: str
) -> None:
    """Record an ended snooze: "Snooze on Initech ended · Undo" (Undo: snoozed again until the
    same day, with the same reason)."""
    ws, as_of = ctx.workspace, ctx.as_of

    def undo() -> None:
        with ws.begin() as conn:
            core.resume_snooze(conn, deal_pk, ended, as_of)

    def redo() -> None:
        from fieldvisit.planning.snoozes import end_snooze

        with ws.begin() as conn:
            if end_snooze(conn, deal_pk, as_of=as_of) is None:
                raise core.UndoRefused("The deal is no longer snoozed.")

    words = f"Snooze on {account} ended (it was until {day_words(ended.until)})"
    record(ctx, anchor, words, undo, redo, SNOOZED)


def dismissed(ctx: AppContext, anchor: QWidget | None, outcome_pk: int, account: str) -> None:
    """Record a dismissal just stored: "Dismissed the visit to Globex as not relevant · Undo"."""
    ws = ctx.workspace
    state: list[object] = [outcome_pk]

    def undo() -> None:
        with ws.begin() as conn:
            state[:] = [core.undismiss(conn, int(state[0]))]  # type: ignore[call-overload]

    def redo() -> None:
        deal, reason, day = state[0]  # type: ignore[misc]
        with ws.begin() as conn:
            state[:] = [core.redismiss(conn, deal, reason, day)]

    words = f"Dismissed the visit to {account} as not relevant"
    record(ctx, anchor, words, undo, redo, SNOOZED)


def planned(ctx: AppContext, anchor: QWidget | None, visit_pk: int) -> None:
    """Record a visit just planned: "Visit to Globex planned for Tue 23 Jun · Undo"."""
    from fieldvisit.planning.periods import local_day

    ws = ctx.workspace
    with ws.connect() as conn:
        snapshot = core.snapshot_visit(conn, visit_pk)
        place = account_place(conn, int(snapshot.row["account_id"]))
    account = place.name
    when = day_words(local_day(str(snapshot.row["start"]), place.tz))

    def undo() -> None:
        with ws.begin() as conn:
            core.remove_planned_visit(conn, snapshot)

    def redo() -> None:
        with ws.begin() as conn:
            core.restore_planned_visit(conn, snapshot)

    words = f"Visit to {account} planned for {when}"
    record(ctx, anchor, words, undo, redo, VISIT_PLANNED)


def watch_plan(ctx: AppContext, dialog: PlanDialog, anchor: QWidget | None) -> PlanDialog:
    """Acknowledge what the plan dialog saves (`PlanVisitDialog`: its `visit_pk` and
    `visit_saved`): a new visit with Undo, an edit in words."""
    new = dialog.visit_pk is None

    def saved(visit_pk: int) -> None:
        if new:
            planned(ctx, anchor, visit_pk)
        else:
            say(anchor, "Visit saved")

    dialog.visit_saved.connect(saved)
    return dialog


STATUS_WORDS = {"done": "Marked done", "planned": "Marked planned", "cancelled": "Cancelled"}


def status_changed(
    ctx: AppContext, anchor: QWidget | None, change: core.StatusChange, words: str
) -> None:
    """Record a visit's status change ("Visit to Globex on Tue 23 Jun cancelled · Undo")."""
    ws, now = ctx.workspace, [change]

    def undo() -> None:
        with ws.begin() as conn:
            now[0] = core.revert_status(conn, now[0])

    def redo() -> None:
        with ws.begin() as conn:
            now[0] = core.revert_status(conn, now[0])

    record(ctx, anchor, words, undo, redo, VISIT_STATUS)


def debrief_saved(
    ctx: AppContext, anchor: QWidget | None, before: SavedDebrief, after: SavedDebrief
) -> None:
    """Record a debrief save: "Debrief saved · Undo" puts back what was saved before."""
    from fieldvisit.debriefs.undo import put_back_debrief

    ws = ctx.workspace

    def undo() -> None:
        put_back_debrief(ws, after, before)

    def redo() -> None:
        put_back_debrief(ws, before, after)

    record(ctx, anchor, "Debrief saved", undo, redo, DEBRIEF_SAVED)


def watch_debrief(ctx: AppContext, editor: QWidget, visit_pk: int) -> None:
    """Record each explicit save of the editor's debrief (its autosaved drafts stay as they are)."""
    from fieldvisit.debriefs.undo import saved_debrief

    ws = ctx.workspace
    before = [saved_debrief(ws, visit_pk)]
    anchor = editor.parentWidget()

    def saved(_pk: int) -> None:
        after = saved_debrief(ws, visit_pk)
        debrief_saved(ctx, anchor, before[0], after)
        before[0] = after

    editor.debrief_saved.connect(saved)  # type: ignore[attr-defined]
