"""How the plan dialog saves a visit, and "Plan and export invites…", its shortest way out.

`save_visit` is the core call the dialog runs on a worker: plan a new visit (`planning.plan_visit`)
or change one (`planning.update_visit`), in one transaction.

`InvitesAfterSaving` adds the dialog's second button. It saves like Plan visit, then, once the
dialog has closed, asks for a folder and writes the new visit's team and customer invites there
(`VisitActions.export_invites`, the Visit menu's code). It needs no invite settings: the visit's
executive is the organizer. From a suggestion that is three actions: Plan visit on the card (or
Ctrl+N), Alt+I, and Enter in the folder dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from fieldvisit.reads import visit_lines
from fieldvisit.ui.context import AppContext

if TYPE_CHECKING:
    from fieldvisit.settings import Rules
    from fieldvisit.store import Workspace
    from fieldvisit.ui.dialogs.plan_form import PlanValues

INVITES_WORDS = "Plan and export &invites…"


def save_visit(
    ws: Workspace,
    rules: Rules,
    values: PlanValues,
    *,
    visit_pk: int | None,
    deal_pk: int | None,
    executives: list[int] | None,
    reps: list[int] | None,
    allow_overlap: bool,
    seen: int | None = None,
    kept_over: bool = False,
) -> int:
    """Plan the visit (or, with `visit_pk`, change it from version `seen`) and return its key;
    runs on a worker."""
    from fieldvisit import planning

    with ws.begin() as conn:
        if visit_pk is not None:
            # Blank texts clear the stored ones; unchanged fields raise no new invite.
            planning.update_visit(
                conn,
                visit_pk,
                executive_pks=executives,
                rep_pks=reps,
                contact_pks=values.contact_pks,
                start=values.start.astimezone(UTC),
                minutes=values.minutes,
                location=values.location or "",
                mode=values.mode,
                agenda=values.agenda or "",
                objective=values.objective or "",
                rules=rules,
                allow_overlap=allow_overlap,
                seen=seen,
                kept_over=kept_over,
            )
            return visit_pk
        assert deal_pk is not None
        return planning.plan_visit(
            conn,
            deal_pk=deal_pk,
            executive_pks=[values.executive_pk],
            rep_pks=[values.rep_pk] if values.rep_pk is not None else [],
            contact_pks=values.contact_pks,
            start=values.start.astimezone(UTC),
            minutes=values.minutes,
            location=values.location,
            mode=values.mode,
            agenda=values.agenda,
            objective=values.objective,
            rules=rules,
            allow_overlap=allow_overlap,
        )


def export_invites_of(ctx: AppContext, visit_pk: int, parent: QWidget) -> None:
    """Ask for a folder and write the visit's invites there (as Visit › Export invites…)."""
    from fieldvisit.ui.pages.visit_actions import VisitActions

    with ctx.workspace.connect() as conn:
        visit = visit_lines.visit_line(conn, visit_pk)
    if visit is not None:
        VisitActions(ctx, parent).export_invites(visit)


class InvitesAfterSaving(QObject):
    """The plan dialog's "Plan and export invites…" button and what follows a save with it."""

    def __init__(self, dialog: QWidget, ctx: AppContext, save: Callable[[], None]):
        super().__init__(dialog)
        self.ctx = ctx
        self.wanted = False
        self.button = QPushButton(INVITES_WORDS, dialog)
        self.button.setAccessibleName("Plan and export invites")
        self.button.setToolTip(
            "Plan the visit, then save its team and customer invites (.ics) in a folder (Alt+I)"
        )
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self._clicked)
        self._save = save

    def _clicked(self) -> None:
        self.wanted = True
        self._save()

    def cancelled(self) -> None:
        """The save did not happen (a problem to fix, a clash declined): a later Plan visit
        exports nothing."""
        self.wanted = False

    def saved(self, visit_pk: int, parent: QWidget | None) -> None:
        """After the dialog closes, export the new visit's invites when they were asked for."""
        if not self.wanted or parent is None:
            return
        ctx = self.ctx
        QTimer.singleShot(0, parent, lambda: export_invites_of(ctx, visit_pk, parent))
