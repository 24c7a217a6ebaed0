"""This week works out its suggestions once per refresh: the cards and the held-back note come
from one pass over the stalled deals, and say the same as the planning engine's own answers."""

from __future__ import annotations

from typing import Any

import pytest

from fieldvisit import planning
from fieldvisit.planning import suggest
from fieldvisit.settings import load_rules
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.snooze import SnoozeDialog


def _count_boards(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every suggestion board worked out, whichever planning function asks for it."""
    calls: list[int] = []
    real = suggest.suggestion_board

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(suggest, "suggestion_board", spy)  # behind suggest_visits, held_deals
    monkeypatch.setattr(planning, "suggestion_board", spy)
    return calls


def test_snoozing_a_card_works_the_suggestions_out_once(  # type: ignore[no-untyped-def]
    qtbot, window, app_ctx: AppContext, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = window.current_page()
    boards = _count_boards(monkeypatch)
    card = week.cards[0]
    deal_pk = card.suggestion.deal.deal_pk
    card.snooze_button.click()
    dialog = week.findChild(SnoozeDialog)
    assert dialog is not None
    dialog.reason.setEditText("Budget decided on 30 Jun")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: week.card_for(deal_pk) is None, timeout=10_000)
    settle(app_ctx, week)
    assert len(boards) == 1, f"This week worked out suggestions {len(boards)} times in a refresh"

    monkeypatch.undo()
    with app_ctx.workspace.connect() as conn:
        rules = load_rules(conn)
        expected = planning.suggest_visits(conn, app_ctx.as_of, rules, limit=len(week.cards))
        held = planning.held_deals(conn, app_ctx.as_of, rules)
    assert [c.suggestion.deal.deal_pk for c in week.cards] == [s.deal.deal_pk for s in expected]
    assert deal_pk in {h.deal.deal_pk for h in held}
    note = week.held_label.text()
    words = "stalled deal" if len(held) == 1 else "stalled deals"
    assert f"{len(held)} {words} already planned, snoozed or dismissed" in note, note
