"""What the Deals page does with a deal: plan a visit, snooze or end a snooze, bring a dismissed
suggestion back, explain its signals ("Why?"). The menus and the detail pane's buttons call these
on the page; each opens its dialog or runs its write in the background and shows the deal again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldvisit.changes import SNOOZED
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui.dialogs.conflict_snooze import settle_end_snooze
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.dialogs.snooze import SnoozeDialog, end_snooze_in_app
from fieldvisit.ui.dialogs.why import WhyDialog
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.pages.deal_detail import DealDetailPane


class DealActions:
    """The Deals page's actions on a deal (mixed into `DealsPage`, which is the dialogs' parent)."""

    ctx: AppContext
    detail: DealDetailPane

    def selected_deal(self) -> int | None:
        raise NotImplementedError

    def show_deal(self, deal_pk: int) -> None:
        raise NotImplementedError

    def plan_visit_target(self) -> int | None:
        return self.selected_deal()

    def plan(self, deal_pk: int) -> PlanVisitDialog:
        from fieldvisit.ui.undo_steps import watch_plan  # the notice offers Undo

        dialog = PlanVisitDialog.plan(self.ctx, deal_pk=deal_pk, parent=self)
        return watch_plan(self.ctx, dialog, self)

    def snooze(self, deal_pk: int) -> SnoozeDialog | None:
        d = self.detail.detail
        if d is None or d.pk != deal_pk:
            return None
        dialog = SnoozeDialog.ask(self.ctx, deal_pk, d.account, d.deal, self)
        dialog.snoozed.connect(self.show_deal)  # the pane shows the new day (or none)
        dialog.unsnoozed.connect(self.show_deal)
        return dialog

    def unsnooze(self, deal_pk: int, *, seen: int | None = None, kept_over: bool = False) -> None:
        """End the deal's snooze; the page refreshes from its announcement (`SNOOZED`). The
        snooze's version the pane showed goes along: one changed meanwhile asks how to settle."""
        d = self.detail.detail
        shown = d is not None and d.pk == deal_pk
        account = d.account if d is not None and shown else "the deal"
        if seen is None and d is not None and shown and d.snoozed is not None:
            seen = d.snoozed.version or None
        end_snooze_in_app(
            self.ctx,
            deal_pk,
            lambda _ended: self.show_deal(deal_pk),
            lambda exc: settle_end_snooze(self, deal_pk, exc),  # type: ignore[arg-type]
            anchor=self,  # type: ignore[arg-type]  # mixed into the page
            account=account,
            seen=seen,
            kept_over=kept_over,
        )

    def bring_back(self, deal_pk: int) -> None:
        """End the deal's dismissal in the background; it is suggested again."""
        from fieldvisit.planning.outcomes import bring_back
        from fieldvisit.ui.operations import run_write

        run_write(
            self.ctx,
            lambda conn: bring_back(conn, deal_pk),
            title="Bringing the suggestion back",
            changes=SNOOZED,
            on_done=lambda _back: self.show_deal(deal_pk),
        )

    def why(self, deal_pk: int) -> None:
        ws, as_of, rules = self.ctx.workspace, self.ctx.as_of, self.ctx.rules()

        def work(_p: ProgressFn, _c: CancelledFn) -> Any:
            from fieldvisit import planning

            with ws.connect() as conn:
                deal = planning.signals_for_deal(conn, deal_pk, as_of, rules)
                try:
                    suggestion = planning.suggest_for_deal(conn, deal_pk, as_of, rules)
                except (FieldVisitError, ValueError):  # e.g. nobody to send to a closed deal
                    suggestion = None
                return deal, suggestion

        self.ctx.tasks.run(
            work,
            title="Explaining the deal",
            on_done=lambda result: WhyDialog.show_for(result[0], result[1], self),
            cancellable=False,
        )
