"""This week's card actions: plan, snooze, dismiss, Why?, "It did not happen".

The dialogs are imported when first opened: they load the store's models, which the page's
workers load anyway, so the window's thread does not wait for them at start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from fieldvisit.errors import FieldVisitError
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.widgets.cards import SuggestionCard

if TYPE_CHECKING:
    from fieldvisit.planning import Suggestion
    from fieldvisit.ui.dialogs.dismiss import DismissDialog
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog
    from fieldvisit.ui.dialogs.why import WhyDialog


def plan(ctx: AppContext, suggestion: Suggestion, parent: QWidget) -> PlanVisitDialog:
    """Open the plan dialog filled from the suggestion (a new visit is acknowledged with Undo)."""
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
    from fieldvisit.ui.undo_steps import watch_plan

    dialog = PlanVisitDialog.plan(ctx, suggestion=suggestion, parent=parent)
    return watch_plan(ctx, dialog, parent)


def snooze(
    ctx: AppContext, suggestion: Suggestion, parent: QWidget, gone: Callable[[int], None]
) -> SnoozeDialog:
    """Ask until when and why; `gone(deal pk)` once snoozed."""
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog

    deal = suggestion.deal
    dialog = SnoozeDialog.ask(ctx, deal.deal_pk, deal.account_name, deal.deal_name, parent)
    dialog.snoozed.connect(gone)
    return dialog


def dismiss(
    ctx: AppContext, suggestion: Suggestion, parent: QWidget, gone: Callable[[int], None]
) -> DismissDialog:
    """Ask why a visit is not relevant; `gone(deal pk)` once dismissed."""
    from fieldvisit.ui.dialogs.dismiss import DismissDialog

    deal = suggestion.deal
    dialog = DismissDialog.ask(ctx, deal.deal_pk, deal.account_name, parent)
    dialog.dismissed.connect(gone)
    return dialog


def why(suggestion: Suggestion, parent: QWidget) -> WhyDialog:
    """Show the full breakdown behind the suggestion."""
    from fieldvisit.ui.dialogs.why import WhyDialog

    return WhyDialog.show_for(suggestion.deal, suggestion, parent)


def did_not_happen(
    ctx: AppContext, visit_pk: int, account: str, when: str, parent: QWidget
) -> None:
    """Cancel a visit owed a debrief that never took place (the notice offers Undo)."""
    from fieldvisit.ui.dialogs.capture_gone import cancel_not_happened
    from fieldvisit.ui.plain_text import tell

    try:
        cancel_not_happened(ctx, visit_pk, account, when, parent)
    except FieldVisitError as exc:
        tell(parent, "It did not happen", str(exc), warn=True)


def remove_card(cards: list[SuggestionCard], card: SuggestionCard, focused: QWidget | None) -> None:
    """Take `card` out of `cards` and off the screen, the focus going to the next card."""
    index = cards.index(card)
    cards.remove(card)
    if focused is not None and card.isAncestorOf(focused) and cards:
        # Hiding the card would send the focus down the chain (to the last link of the list),
        # scrolling the list to its bottom: the next card takes it instead.
        cards[min(index, len(cards) - 1)].plan_button.setFocus()
    card.hide()
    card.deleteLater()
