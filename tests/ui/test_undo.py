"""Feedback and undo, driven from the keyboard: every action is acknowledged in place with Undo;
Ctrl+Z undoes it, Ctrl+Shift+Z (or Ctrl+Y) does it again; an undo that would lie is refused with
its reason; lists keep their place after a change."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

from fieldvisit.changes import DEBRIEF_SAVED, SNOOZED, Changes, Kind
from fieldvisit.planning.snoozes import running_snooze
from fieldvisit.ui.widgets.notice import Notice
from tests.ui.demo_files import AS_OF

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def _ready(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)


def _settle(qtbot, win, ctx) -> None:  # type: ignore[no-untyped-def]
    page = win.current_page()
    qtbot.waitUntil(lambda: not page.busy and not ctx.tasks.active(), timeout=20_000)


def _open_from(qtbot, button: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    """Press Space on `button` and return the dialog it opens."""
    button.setFocus(Qt.FocusReason.TabFocusReason)
    before = set(QApplication.topLevelWidgets())
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: any(w.isVisible() for w in set(QApplication.topLevelWidgets()) - before)
    )
    dialog = next(w for w in set(QApplication.topLevelWidgets()) - before if w.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _closed(dialog: QWidget) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _notice(page: QWidget) -> Notice:
    found = [n for n in page.findChildren(Notice) if n.isVisible()]
    assert len(found) == 1, "one notice, on the page where the action happened"
    return found[0]


def _keys(qtbot, key: Qt.Key, modifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(_focused(), key, modifier)


def _snooze_with_keyboard(qtbot, win, card) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_from(qtbot, card.snooze_button)
    qtbot.keyClicks(dialog.reason, "Waiting for the budget")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    _ready(qtbot, win)


def test_snooze_is_acknowledged_and_ctrl_z_brings_the_card_back(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window)
    week = window.current_page()
    card = week.cards[1]
    deal_pk, account = card.suggestion.deal.deal_pk, card.suggestion.deal.account_name
    _snooze_with_keyboard(qtbot, window, card)
    _settle(qtbot, window, app_ctx)
    notice = _notice(week)
    said = notice.words
    assert said.startswith(f"Snoozed {account} until ")
    assert notice.link.isVisible() and notice.link.accessibleName().startswith("Undo: Snoozed")
    assert notice.link.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable with Tab
    assert QApplication.focusWidget() is not notice.link  # but never takes the focus
    assert week.card_for(deal_pk) is None

    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    with app_ctx.workspace.connect() as conn:
        assert running_snooze(conn, deal_pk, AS_OF) is None
    qtbot.waitUntil(lambda: week.card_for(deal_pk) is not None)
    assert _notice(week).words == f"Undone: {said}"

    _keys(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    _settle(qtbot, window, app_ctx)
    with app_ctx.workspace.connect() as conn:
        assert running_snooze(conn, deal_pk, AS_OF) is not None
    qtbot.waitUntil(lambda: week.card_for(deal_pk) is None)


def test_the_notices_undo_link_is_reached_with_tab_and_undoes(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window)
    week = window.current_page()
    card = week.cards[0]
    deal_pk = card.suggestion.deal.deal_pk
    _snooze_with_keyboard(qtbot, window, card)
    _settle(qtbot, window, app_ctx)
    link = _notice(week).link
    for _ in range(200):  # Tab through the page until the link has the focus
        if QApplication.focusWidget() is link:
            break
        _keys(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    assert QApplication.focusWidget() is link
    qtbot.keyClick(link, Qt.Key.Key_Space)
    _settle(qtbot, window, app_ctx)
    qtbot.waitUntil(lambda: week.card_for(deal_pk) is not None)


def _visits_of(ctx, deal_pk: int) -> list[int]:  # type: ignore[no-untyped-def]
    with ctx.workspace.connect() as conn:
        return list(
            conn.execute(text("SELECT id FROM visit WHERE deal_id = :d"), {"d": deal_pk}).scalars()
        )


def _plan_with_keyboard(qtbot, window, app_ctx):  # type: ignore[no-untyped-def]
    week = window.current_page()
    card = week.cards[0]
    deal_pk, account = card.suggestion.deal.deal_pk, card.suggestion.deal.account_name
    before = _visits_of(app_ctx, deal_pk)
    dialog = _open_from(qtbot, card.plan_button)
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    _ready(qtbot, window)
    _settle(qtbot, window, app_ctx)
    (visit_pk,) = set(_visits_of(app_ctx, deal_pk)) - set(before)
    return week, deal_pk, account, visit_pk


def test_plan_then_ctrl_z_removes_the_visit_and_the_edit_menu_follows(
    qtbot, window, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    undo = window.menu_bar.action_for("undo")
    redo = window.menu_bar.action_for("redo")
    assert not undo.isEnabled() and not redo.isEnabled()
    _ready(qtbot, window)
    week, deal_pk, account, visit_pk = _plan_with_keyboard(qtbot, window, app_ctx)
    said = _notice(week).words
    assert said.startswith(f"Visit to {account} planned for ")
    assert undo.isEnabled()
    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    assert visit_pk not in _visits_of(app_ctx, deal_pk)
    assert _notice(week).words == f"Undone: {said}"
    assert redo.isEnabled() and not undo.isEnabled()
    _keys(qtbot, Qt.Key.Key_Y, CTRL)
    _settle(qtbot, window, app_ctx)
    assert visit_pk in _visits_of(app_ctx, deal_pk)  # the same visit, back


def test_undo_is_refused_once_invites_were_sent(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window)
    week, deal_pk, _account, visit_pk = _plan_with_keyboard(qtbot, window, app_ctx)
    with app_ctx.workspace.begin() as conn:  # the invites were exported meanwhile
        conn.execute(text("UPDATE visit SET sent_sequence = 0 WHERE id = :v"), {"v": visit_pk})
    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    notice = _notice(week)
    assert notice.words == "Cannot undo: Invites were sent; cancel the visit instead."
    assert not notice.link.isVisible()
    assert visit_pk in _visits_of(app_ctx, deal_pk)
    assert not window.menu_bar.action_for("undo").isEnabled()


def _status(ctx, visit_pk: int) -> str:  # type: ignore[no-untyped-def]
    with ctx.workspace.connect() as conn:
        return str(
            conn.execute(text("SELECT status FROM visit WHERE id = :v"), {"v": visit_pk}).scalar()
        )


def test_cancel_and_mark_done_are_undone_with_ctrl_z(qtbot, window, app_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui import plain_text

    monkeypatch.setattr(plain_text, "ask", lambda *_a, **_k: True)  # "Cancel the visit?" Yes
    page = window.show_page("visits")
    _settle(qtbot, window, app_ctx)
    visit = next(v for v in page.visit_rows() if v.status == "planned")
    _ready(qtbot, window)
    page.select_visit(visit.pk)
    assert page.actions.cancel(visit)
    _settle(qtbot, window, app_ctx)
    assert _status(app_ctx, visit.pk) == "cancelled"
    assert _notice(page).words.endswith("cancelled")
    page.tree.setFocus()
    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    assert _status(app_ctx, visit.pk) == "planned"
    visit = next(v for v in page.visit_rows() if v.pk == visit.pk)  # as listed again
    page.actions.set_status(visit, "done")
    _settle(qtbot, window, app_ctx)
    assert _notice(page).words.endswith("marked done")
    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    assert _status(app_ctx, visit.pk) == "planned"


def test_a_debrief_save_is_undone_and_its_words_stay_as_a_draft(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.debriefs import debriefs_due, load_debrief, load_draft
    from fieldvisit.ui.dialogs.launch import open_debrief_editor

    week = window.current_page()
    with app_ctx.workspace.connect() as conn:
        visit_pk = debriefs_due(conn, AS_OF, limit=1)[0].visit_id
    editor = open_debrief_editor(app_ctx, visit_pk, week)
    qtbot.keyClicks(editor.form.summary, "They want the pilot in July")
    assert editor.save()
    _ready(qtbot, window)
    _settle(qtbot, window, app_ctx)
    assert _notice(week).words == "Debrief saved"
    week.setFocus()
    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    with app_ctx.workspace.connect() as conn:
        assert load_debrief(conn, visit_pk) is None
        draft = load_draft(conn, visit_pk)
    assert draft is not None and draft.summary == "They want the pilot in July"
    _keys(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    _settle(qtbot, window, app_ctx)
    with app_ctx.workspace.connect() as conn:
        saved = load_debrief(conn, visit_pk)
    assert saved is not None and saved.summary == "They want the pilot in July"


def test_the_suggestions_keep_their_scroll_position_after_a_snooze_and_its_undo(
    qtbot, window, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 768)
    _ready(qtbot, window)
    week = window.current_page()
    bar = week.suggestions_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    card = next(c for c in week.cards if c.isVisible() and c.y() >= kept)  # one in view
    _snooze_with_keyboard(qtbot, window, card)
    _settle(qtbot, window, app_ctx)
    qtbot.waitUntil(lambda: len(week.cards) >= 8)
    QApplication.processEvents()
    assert bar.value() == kept, "the list jumped after the snooze"
    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    QApplication.processEvents()
    assert bar.value() == kept, "the list jumped after the undo"


def test_undo_history_clears_when_the_workspace_changes(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window)
    _snooze_with_keyboard(qtbot, window, window.current_page().cards[0])
    _settle(qtbot, window, app_ctx)
    assert window.menu_bar.action_for("undo").isEnabled()
    app_ctx.data_replaced()  # an import: the steps' rows may be another's now
    qtbot.waitUntil(lambda: not window.menu_bar.action_for("undo").isEnabled())


def test_snoozing_the_first_card_leaves_the_list_at_its_top(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 768)
    _ready(qtbot, window)
    week = window.current_page()
    bar = week.suggestions_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200)
    assert bar.value() == 0
    following = week.cards[1].plan_button.accessibleName()
    _snooze_with_keyboard(qtbot, window, week.cards[0])
    _settle(qtbot, window, app_ctx)
    qtbot.waitUntil(lambda: len(week.cards) >= 8)
    QApplication.processEvents()
    assert bar.value() == 0, "the list jumped to the bottom after the snooze"
    assert _focused().accessibleName() == following  # the next card has the focus


def test_visits_and_deals_keep_their_place_and_selection_after_a_change(
    qtbot, window, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 768)
    visits = window.show_page("visits")
    _settle(qtbot, window, app_ctx)
    bar = visits.tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 10)
    rows = visits.visit_rows()
    chosen = rows[-5]  # far down the list: selecting it scrolls there
    visits.select_visit(chosen.pk)
    kept = bar.value()
    assert kept > 0
    app_ctx.announce(Changes.of(Kind.VISITS))  # a visit changed (planned, cancelled, undone…)
    _settle(qtbot, window, app_ctx)
    QApplication.processEvents()
    assert (bar.value(), visits.selected_visit().pk) == (kept, chosen.pk)

    deals = window.show_page("deals")
    _settle(qtbot, window, app_ctx)
    table_bar = deals.table.verticalScrollBar()
    qtbot.waitUntil(lambda: deals.signals_ready and table_bar.maximum() > 10)
    table_bar.setValue(table_bar.maximum() // 2)
    kept = table_bar.value()
    deals.table.selectRow(deals.table.rowAt(deals.table.viewport().height() // 2))  # in view
    selected = deals.selected_deal()
    assert table_bar.value() == kept
    app_ctx.announce(SNOOZED)  # a deal was snoozed or brought back
    _settle(qtbot, window, app_ctx)
    qtbot.waitUntil(lambda: deals.signals_ready)
    QApplication.processEvents()
    assert (table_bar.value(), deals.selected_deal()) == (kept, selected)


def test_not_relevant_is_acknowledged_and_undone(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.planning.outcomes import dismissed

    _ready(qtbot, window)
    week = window.current_page()
    card = week.cards[2]
    deal_pk, account = card.suggestion.deal.deal_pk, card.suggestion.deal.account_name
    dialog = _open_from(qtbot, card.dismiss_button)
    qtbot.keyClicks(dialog.reason, "Being re-scoped")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    _ready(qtbot, window)
    _settle(qtbot, window, app_ctx)
    assert _notice(week).words == f"Dismissed the visit to {account} as not relevant"
    _keys(qtbot, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, window, app_ctx)
    with app_ctx.workspace.connect() as conn:
        assert dismissed(conn, deal_pk) == {}
    qtbot.waitUntil(lambda: week.card_for(deal_pk) is not None)


def test_the_debriefs_list_keeps_its_place_after_an_undo(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 768)
    page = window.show_page("debriefs")
    _settle(qtbot, window, app_ctx)
    bar = page.list_view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 10)
    bar.setValue(bar.maximum() - 5)
    kept = bar.value()
    view = page.list_view
    chosen = view.indexAt(view.viewport().rect().center())  # one in view, far down
    view.setCurrentIndex(chosen)
    assert bar.value() == kept and chosen.row() > 20
    app_ctx.announce(DEBRIEF_SAVED)  # a debrief was saved, or its save undone
    _settle(qtbot, window, app_ctx)
    QApplication.processEvents()
    assert (bar.value(), view.currentIndex().row()) == (kept, chosen.row()), "the list jumped"
