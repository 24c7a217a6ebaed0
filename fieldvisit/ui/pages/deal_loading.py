"""How the Deals page loads its table: what it first shows comes whole, and never moves after.

Two background reads share the page's task key (a newer refresh drops either answer):

1. the strategic open deals, each with its signal codes and score worked out in SQL
   (`reads.deal_rows`): the table's first view (strategic only, most urgent first) is shown in
   its final order, chips and all;
2. the other open deals, added to a copy of that store (`deal_table.add_other_deals`), which
   replaces the shown store without a reset: the strategic rows are the same bytes, so none moves.
   Until then "Strategic only" stays on (and says why); the owners list grows.

A reload after a change keeps the scroll place and the selected deal (`hold_scroll`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldvisit.reads import deal_table
from fieldvisit.ui.keep_place import hold_scroll
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox, QLabel, QTableView

    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.models.deals_model import DealsModel
    from fieldvisit.ui.pages.deal_detail import DealDetailPane

Owners = list[tuple[int, str]]
OTHERS_TIP = "Reading the other open deals…"


class DealLoading:
    """The Deals page's loading (mixed into `DealsPage`)."""

    ctx: AppContext
    model: DealsModel
    table: QTableView
    strategic_only: QCheckBox
    count: QLabel
    detail: DealDetailPane
    signals_ready: bool  # the rows shown have their signals (the first read answered)
    all_deals_ready: bool  # every open deal is in the store (the second read answered)

    if TYPE_CHECKING:  # the page's own (a stub here would hide `Page`'s in the page's MRO)

        def task_key(self, what: str = "load") -> str: ...

        def set_busy(self, busy: bool) -> None: ...

        def selected_deal(self) -> int | None: ...

        def _fill_choices(self, pipeline: list[str], owners: Owners) -> None: ...

        def _after_load(self, select_pk: int | None = None) -> None: ...

        def _fetch_to(self, rows: int) -> None: ...

    def load_deals(self) -> None:
        """Read the strategic deals (shown at once, in their final order), then the others."""
        ws, as_of, rules = self.ctx.workspace, self.ctx.as_of, self.ctx.rules()
        self.set_busy(True)
        self.all_deals_ready = False
        # A view beyond the strategic deals is read whole in one go: no row may appear later.
        whole = not self.model.filter.strategic_only

        def strategic(_p: ProgressFn, cancelled: CancelledFn) -> tuple[Any, Owners]:
            with ws.connect() as conn:
                store = deal_table.build_store(
                    conn, as_of, rules, cancelled=cancelled, others=whole
                )
            # Handed over here, not in the answer: a finished task keeps its answer.
            shown[:] = [] if whole else [deal_table.snapshot(store)]
            return store, deal_table.owners(store)

        def others(_p: ProgressFn, cancelled: CancelledFn) -> tuple[Any, Owners]:
            with ws.connect() as conn:
                # The copy's only reference goes in: 7 MB on the large demo, freed once read.
                store = deal_table.add_other_deals(shown.pop(), conn, as_of, rules, cancelled)
            return store, deal_table.owners(store)

        shown: list[bytes] = []  # the strategic store's copy, handed to the second read

        def strategic_done(result: tuple[Any, Owners]) -> None:
            store, owners = result
            self._fill_choices(rules.pipeline, owners)
            selected, rows = self.selected_deal(), self.model.rowCount()
            hold_scroll(self.table.verticalScrollBar())
            self.model.set_store(store, as_of)
            self._fetch_to(rows)
            self._after_load(selected)
            self.signals_ready = True
            if whole:
                others_done(None)
                return
            self._hold_strategic(True)
            self.ctx.tasks.run(
                others,
                title="Reading the other open deals",
                on_done=others_done,
                on_error=failed,
                cancellable=False,
                key=self.task_key(),
                on_dropped=lambda result: result[0].close(),
            )

        def others_done(result: tuple[Any, Owners] | None) -> None:
            if result is not None:
                store, owners = result
                self._fill_choices(rules.pipeline, owners)
                if not self.model.swap_store(store):  # the view changed meanwhile: reload it
                    shown_deal = self.detail.detail.pk if self.detail.detail else None
                    selected, rows = self.selected_deal() or shown_deal, self.model.rowCount()
                    hold_scroll(self.table.verticalScrollBar())
                    self.model.reload()
                    self._fetch_to(rows)
                    self._after_load(selected)
            self.all_deals_ready = True
            self._hold_strategic(False)
            self.set_busy(False)

        def failed(exc: BaseException) -> None:
            self.count.setText(f"Deals could not be read: {exc}")
            self._hold_strategic(False)
            self.set_busy(False)

        self.ctx.tasks.run(
            strategic,
            title="Loading deals",
            on_done=strategic_done,
            on_error=failed,
            cancellable=False,
            key=self.task_key(),  # both reads share it: a newer refresh drops either
            # An older store nobody will show, and its copy for the second read.
            on_dropped=lambda result: (shown.clear(), result[0].close()),
        )

    def _hold_strategic(self, hold: bool) -> None:
        """Keep "Strategic only" as it is while only the strategic deals are read."""
        self.strategic_only.setEnabled(not hold)
        self.strategic_only.setToolTip(OTHERS_TIP if hold else "")
