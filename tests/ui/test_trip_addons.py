"""This week's trips show their add-ons by name, and "Add to trip" plans the visit on the trip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from sqlalchemy import text

from fieldvisit.ui.pages.trip_add_ons import AddOnRow
from fieldvisit.ui.pages.visits import VisitsPage
from fieldvisit.ui.pages.week import WeekPage

# The small demo (seed 7, as of 15 Jun 2026): Naomi's trip to Paris passes 0 km from this deal.
DEAL = "D000290"
TRIP = "T0002"


def _texts(widget) -> str:  # type: ignore[no-untyped-def]
    return " ".join(lab.text() for lab in widget.findChildren(QLabel) if lab.isVisible())


def _row(page: WeekPage) -> AddOnRow:
    rows = [r for r in page.findChildren(AddOnRow) if r.isVisible()]
    assert [(r.trip_id, r.add_on.deal.deal_id) for r in rows] == [(TRIP, DEAL)]
    return rows[0]


def _planned_visit(app_ctx) -> tuple[str, str, str] | None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.connect() as conn:
        return conn.execute(
            text(
                "SELECT v.external_id, t.external_id, e.email FROM visit v "
                "JOIN deal d ON d.id = v.deal_id LEFT JOIN trip t ON t.id = v.trip_id "
                "JOIN visit_executive ve ON ve.visit_id = v.id "
                "JOIN executive e ON e.id = ve.executive_id "
                "WHERE d.external_id = :d AND v.status = 'planned'"
            ),
            {"d": DEAL},
        ).first()


def test_a_trip_shows_its_add_on_by_name_and_the_suggestion_agrees(window) -> None:  # type: ignore[no-untyped-def]
    page = window.current_page()
    assert isinstance(page, WeekPage)
    row = _row(page)
    deal = row.add_on.deal
    words = _texts(row)
    assert deal.account_name in words and deal.deal_name in words
    assert deal.stage in words
    assert any(s.detail in words for s in deal.signals if s.stalls), "why it stalled"
    assert "0 km from" in words
    assert row.add_button.text() == "Add to trip" and row.add_button.isEnabled()
    assert "1 stalled deal nearby" in _texts(page)
    # The same deal is not sent to someone else among the cards.
    [naomi_trip] = [t for t in page.data.trips.values() if t.trip_id == TRIP]
    for card in page.cards:
        if card.suggestion.deal.deal_id == DEAL:
            assert card.suggestion.executive.email == naomi_trip.executive_email
            assert card.suggestion.trip_id == TRIP


def test_add_to_trip_from_the_keyboard_plans_it_on_the_trip(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = window.current_page()
    row = _row(page)
    executive = next(t for t in page.data.trips.values() if t.trip_id == TRIP).executive_email
    page.due_cards[0].write_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.due_cards[0].write_button)
    for _ in range(80):  # Tab along the side column until "Add to trip" has the focus
        if QApplication.focusWidget() is row.add_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is row.add_button
    qtbot.keyClick(row.add_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _planned_visit(app_ctx) is not None, timeout=10_000)
    visit_id, trip_id, email = _planned_visit(app_ctx)  # type: ignore[misc]
    assert (trip_id, email) == (TRIP, executive)
    settle(app_ctx, page)
    qtbot.waitUntil(lambda: not [r for r in page.findChildren(AddOnRow) if r.isVisible()])
    visits = window.show_page("visits")
    assert isinstance(visits, VisitsPage)
    settle(app_ctx, visits)
    assert any(v.external_id == visit_id and v.trip_pk for v in visits.visit_rows())


def test_add_to_trip_with_the_mouse_and_a_deal_planned_meanwhile_is_refused(
    qtbot, window, app_ctx, settle, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda _parent, _title, words, *a: told.append(words)),
    )
    page = window.current_page()
    row = _row(page)
    qtbot.mouseClick(row.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _planned_visit(app_ctx) is not None, timeout=10_000)
    settle(app_ctx, page)
    assert not told
    # A second "Add to trip" on a stale row (the deal is planned now) says so and plans nothing.
    page.add_to_trip(TRIP, row.add_on.deal.deal_pk)
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert "already has a planned visit" in told[0]
    settle(app_ctx, page)
    with app_ctx.workspace.connect() as conn:
        n = conn.execute(
            text(
                "SELECT COUNT(*) FROM visit v JOIN deal d ON d.id = v.deal_id "
                "WHERE d.external_id = :d AND v.status = 'planned'"
            ),
            {"d": DEAL},
        ).scalar()
    assert n == 1


def test_the_visits_page_lists_a_chosen_trips_add_ons_and_adds_one_by_keyboard(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.pages.visits import TRIP_ROLE, WHEN

    visits = window.show_page("visits")
    assert isinstance(visits, VisitsPage)
    settle(app_ctx, visits)
    tree = visits.tree
    tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    tree.setCurrentItem(tree.topLevelItem(0))

    def trip_chosen() -> bool:
        item = tree.currentItem()
        return item is not None and (item.data(WHEN, TRIP_ROLE) or ("",))[0] == TRIP

    for _ in range(60):  # arrow down the timeline to Naomi's trip
        if trip_chosen():
            break
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert trip_chosen()
    qtbot.waitUntil(lambda: bool(visits.detail.findChildren(AddOnRow)), timeout=10_000)
    [row] = visits.detail.findChildren(AddOnRow)
    assert row.add_on.deal.deal_id == DEAL
    qtbot.waitUntil(lambda: "Stalled deals nearby (1)" in _texts(visits.detail))
    for _ in range(30):  # Tab from the list into the trip's details
        if QApplication.focusWidget() is row.add_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is row.add_button
    qtbot.keyClick(row.add_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _planned_visit(app_ctx) is not None, timeout=10_000)
    settle(app_ctx, visits)
    visit_id = _planned_visit(app_ctx)[0]  # type: ignore[index]
    assert any(v.external_id == visit_id and v.trip_pk for v in visits.visit_rows())
