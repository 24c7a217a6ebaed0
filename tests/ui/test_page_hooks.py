"""The window talks to a page only through the hooks `Page` declares: a page that answers one
is asked, a page that does not gets the default (no `hasattr` guessing)."""

from __future__ import annotations

from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.pages.base import Page


def _plan_dialog(qtbot, window) -> PlanVisitDialog:  # type: ignore[no-untyped-def]
    window.menu_bar.action_for("plan_visit").trigger()  # Visit › Plan visit… (Ctrl+N)

    def shown() -> list[PlanVisitDialog]:
        return [d for d in window.findChildren(PlanVisitDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def test_ctrl_n_plans_the_deal_a_page_names_and_asks_on_a_page_without_one(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    week = window.current_page()
    top = week.cards[0].suggestion.deal.deal_pk
    dialog = _plan_dialog(qtbot, window)
    assert dialog.deal_pk == top  # This week answers plan_visit_target: its top suggestion
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    page = window.show_page("map")  # the Map page declares no deal of its own
    settle(app_ctx, page)
    assert type(page).plan_visit_target is Page.plan_visit_target
    dialog = _plan_dialog(qtbot, window)
    assert dialog.deal_pk is None  # the dialog lets the user choose
    dialog.reject()


def test_every_hook_has_a_default_and_says_what_it_is_for() -> None:
    hooks = (
        "opened_from",
        "show_section",
        "show_hit",
        "go_back",
        "plan_visit_target",
        "debrief_target",
        "selected_visit",
        "prepare_screenshot",
        "workspace_opened",
    )
    for name in hooks:
        hook = getattr(Page, name)
        assert callable(hook) and hook.__doc__, name
