"""No silent last-write-wins from the lists: marking a visit done or cancelled on the Visits page,
and "End snooze" on the Deals page, save from the version the page showed. Changed by someone
else since (another Workspace on the same file), the conflict dialog asks Reload or Keep mine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import text

from fieldvisit.planning.actions import set_visit_status, update_visit
from fieldvisit.planning.snoozes import running_snooze, snooze_deal
from fieldvisit.reads.audit_lines import running_snooze_version, visit_version
from fieldvisit.store import Workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.conflict import ConflictDialog
from tests.ui.demo_files import AS_OF

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _shown(qtbot, parent: QWidget) -> ConflictDialog:  # type: ignore[no-untyped-def]
    def found() -> ConflictDialog | None:
        return next((d for d in parent.findChildren(ConflictDialog) if d.isVisible()), None)

    qtbot.waitUntil(lambda: found() is not None, timeout=10_000)
    dialog = found()
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _status(ctx: AppContext, visit_pk: int) -> str:
    with ctx.workspace.connect() as conn:
        return str(
            conn.execute(text("SELECT status FROM visit WHERE id = :v"), {"v": visit_pk}).scalar()
        )


def _last_change(ctx: AppContext) -> tuple[str, str, str]:
    with ctx.workspace.connect() as conn:
        row = conn.execute(
            text("SELECT person, action, fields FROM change_log ORDER BY id DESC LIMIT 1")
        ).one()
    return (str(row[0]), str(row[1]), str(row[2]))


def _visits_page(qtbot, window, app_ctx, settle):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from fieldvisit.store.times import stored_text

    with app_ctx.workspace.begin() as conn:  # one planned visit on a passed day
        conn.execute(
            text(
                'UPDATE visit SET start = :s, "end" = :e WHERE id = '
                "(SELECT id FROM visit WHERE status = 'planned' ORDER BY start LIMIT 1)"
            ),
            {
                "s": stored_text(datetime(AS_OF.year, AS_OF.month, AS_OF.day, 8, tzinfo=UTC)),
                "e": stored_text(datetime(AS_OF.year, AS_OF.month, AS_OF.day, 9, tzinfo=UTC)),
            },
        )
    page = window.show_page("visits")
    settle(app_ctx, page)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return page


def _overdue(page):  # type: ignore[no-untyped-def]
    """A visit still planned on a passed day: the list offers "Mark as done" on it."""
    return next(v for v in page.visit_rows() if v.status == "planned" and v.start.date() <= AS_OF)


def _press(qtbot, page, key: str) -> None:  # type: ignore[no-untyped-def]
    button = page.detail.buttons[key]
    qtbot.waitUntil(button.isVisible)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)


@pytest.mark.parametrize("choice", ["reload", "keep"])
def test_mark_done_on_a_visit_changed_meanwhile_asks_reload_or_keep_mine(
    qtbot, window, app_ctx: AppContext, priya: Workspace, settle, choice: str
) -> None:  # type: ignore[no-untyped-def]
    page = _visits_page(qtbot, window, app_ctx, settle)
    visit = _overdue(page)
    assert visit.row_version >= 1, "the list carries the version it shows"
    page.select_visit(visit.pk)
    with priya.begin() as conn:
        update_visit(conn, visit.pk, agenda="Priya's agenda", seen=visit_version(conn, visit.pk))
    _press(qtbot, page, "done")
    box = _shown(qtbot, page)
    assert str(box.conflict).startswith("Priya changed this visit's agenda at ")
    assert _status(app_ctx, visit.pk) == "planned", "nothing saved silently"
    if choice == "reload":
        qtbot.keyClick(box, Qt.Key.Key_R, ALT)
        settle(app_ctx, page)

        def listed():  # type: ignore[no-untyped-def]
            return next(v for v in page.visit_rows() if v.pk == visit.pk)

        qtbot.waitUntil(lambda: listed().row_version > visit.row_version)
        assert _status(app_ctx, visit.pk) == "planned"
        # Marking it done now starts from their version: no second conflict.
        page.select_visit(visit.pk)
        _press(qtbot, page, "done")
        settle(app_ctx, page)
        qtbot.waitUntil(lambda: _status(app_ctx, visit.pk) == "done")
        assert _last_change(app_ctx) == ("Dana", "done", "status")
        return
    qtbot.keyClick(box, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: _status(app_ctx, visit.pk) == "done", timeout=10_000)
    settle(app_ctx, page)
    assert _last_change(app_ctx) == ("Dana", "done", "status,kept-over-newer")


def test_cancel_on_a_visit_someone_marked_done_meanwhile_is_not_silent(
    qtbot, window, app_ctx: AppContext, priya: Workspace, settle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui import plain_text

    monkeypatch.setattr(plain_text, "ask", lambda *_a, **_k: True)  # "Cancel the visit?" Yes
    page = _visits_page(qtbot, window, app_ctx, settle)
    visit = _overdue(page)
    page.select_visit(visit.pk)
    with priya.begin() as conn:
        set_visit_status(conn, visit.pk, "done", seen=visit_version(conn, visit.pk))
    _press(qtbot, page, "cancel")
    box = _shown(qtbot, page)
    assert str(box.conflict).startswith("Priya changed this visit's status at ")
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # back: nothing saved
    qtbot.waitUntil(lambda: not box.isVisible())
    settle(app_ctx)
    assert _status(app_ctx, visit.pk) == "done"


def _snoozed_deal_page(qtbot, window, app_ctx, settle):  # type: ignore[no-untyped-def]
    week = window.current_page()
    deal = week.cards[0].suggestion.deal
    with app_ctx.workspace.begin() as conn:
        snooze_deal(conn, deal.deal_pk, AS_OF + timedelta(days=20), "Budget first", as_of=AS_OF)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    page = window.current_page()
    settle(app_ctx, page)
    page.show_deal(deal.deal_pk)
    qtbot.waitUntil(
        lambda: (
            page.detail.detail is not None
            and page.detail.detail.pk == deal.deal_pk
            and page.detail.detail.snoozed is not None
        )
    )
    return page, deal.deal_pk


def _end_button(page) -> QPushButton:  # type: ignore[no-untyped-def]
    found = [
        b
        for b in page.detail.findChildren(QPushButton)
        if b.text() == "End snooze" and b.isVisible()
    ]
    assert found
    return found[0]


@pytest.mark.parametrize("choice", ["reload", "keep"])
def test_end_snooze_on_a_snooze_changed_meanwhile_asks_reload_or_keep_mine(
    qtbot, window, app_ctx: AppContext, priya: Workspace, settle, choice: str
) -> None:  # type: ignore[no-untyped-def]
    page, deal_pk = _snoozed_deal_page(qtbot, window, app_ctx, settle)
    assert page.detail.detail.snoozed.version >= 1
    with priya.begin() as conn:
        seen = running_snooze_version(conn, deal_pk, AS_OF)
        snooze_deal(
            conn, deal_pk, AS_OF + timedelta(days=40), "Priya waits", as_of=AS_OF, seen=seen
        )
    qtbot.waitUntil(lambda: _end_button(page) is not None)
    end = _end_button(page)
    end.setFocus()
    qtbot.keyClick(end, Qt.Key.Key_Space)
    box = _shown(qtbot, page)
    assert str(box.conflict).startswith("Priya changed this snooze's end date and reason at ")

    def running():  # type: ignore[no-untyped-def]
        with app_ctx.workspace.connect() as conn:
            return running_snooze(conn, deal_pk, AS_OF)

    assert running() is not None and running().reason == "Priya waits", "nothing ended silently"
    if choice == "reload":
        qtbot.keyClick(box, Qt.Key.Key_R, ALT)
        qtbot.waitUntil(
            lambda: (
                page.detail.detail is not None
                and page.detail.detail.snoozed is not None
                and page.detail.detail.snoozed.reason == "Priya waits"
            )
        )
        assert running() is not None
        return
    qtbot.keyClick(box, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: running() is None, timeout=10_000)
    assert _last_change(app_ctx) == ("Dana", "unsnoozed", "until,kept-over-newer")


def test_end_snooze_on_a_snooze_someone_ended_meanwhile_names_them(
    qtbot, window, app_ctx: AppContext, priya: Workspace, settle
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.planning.snoozes import end_snooze

    page, deal_pk = _snoozed_deal_page(qtbot, window, app_ctx, settle)
    with priya.begin() as conn:
        seen = running_snooze_version(conn, deal_pk, AS_OF)
        assert end_snooze(conn, deal_pk, as_of=AS_OF, seen=seen) is not None
    end = _end_button(page)  # the pane still shows the snooze Dana saw
    end.setFocus()
    qtbot.keyClick(end, Qt.Key.Key_Space)
    box = _shown(qtbot, page)
    assert str(box.conflict).startswith("Priya changed this snooze's end date at ")
    qtbot.keyClick(box, Qt.Key.Key_R, ALT)  # Reload: the pane shows the deal unsnoozed
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.snoozed is None)
