"""Visits & trips: the timeline grouped by trip, edit and reschedule, cancel, invite actions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import text

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.plan_form import PK_ROLE
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.pages.visits import VisitsPage
from tests.ui.demo_files import AS_OF


@pytest.fixture
def visits(qtbot, app_ctx: AppContext, settle) -> VisitsPage:  # type: ignore[no-untyped-def]
    page = VisitsPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    settle(app_ctx, page)
    return page


def _notice_words(page) -> str:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.widgets.notice import Notice

    shown = [n for n in page.findChildren(Notice) if n.isVisible()]
    assert len(shown) == 1, "one notice, on the page where the action happened"
    return shown[0].words


class Said:
    """Collects what the app told the user through QMessageBox instead of showing it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer=QMessageBox.StandardButton.Yes):  # type: ignore[no-untyped-def]
        self.messages: list[tuple[str, str]] = []
        self.questions: list[str] = []

        def tell(_parent, title, words, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.messages.append((title, words))
            return QMessageBox.StandardButton.Ok

        def ask(_parent, _title, words, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.questions.append(words)
            return answer

        for name in ("information", "warning", "critical"):
            monkeypatch.setattr(QMessageBox, name, staticmethod(tell))
        monkeypatch.setattr(QMessageBox, "question", staticmethod(ask))


def _planned(page: VisitsPage):  # type: ignore[no-untyped-def]
    return [
        v for v in page.visit_rows() if v.status == "planned" and v.start.date() >= page.ctx.as_of
    ]


def test_planned_visits_are_grouped_by_trip_and_past_ones_follow(visits: VisitsPage) -> None:
    data = visits.data
    assert data is not None and data.planned and data.past
    sections = [visits.tree.topLevelItem(i).text(0) for i in range(visits.tree.topLevelItemCount())]
    assert any(s.startswith("Coming up") for s in sections)
    assert any(s.startswith("Past") for s in sections)
    trips = [
        visits.tree.topLevelItem(i).child(j).text(0)
        for i in range(visits.tree.topLevelItemCount())
        for j in range(visits.tree.topLevelItem(i).childCount())
        if visits.tree.topLevelItem(i).child(j).text(0).startswith("Trip: ")
    ]
    assert trips, "the small demo plans trips"
    first = _planned(visits)[0]
    assert visits.select_visit(first.pk)
    shown = " ".join(lab.text() for lab in visits.detail.findChildren(QLabel))
    assert first.account_name in shown and "When" in shown and "Who goes" in shown
    assert set(visits.detail.buttons) >= {"email", "export", "publish", "reschedule", "cancel"}


def test_rescheduling_moves_the_visit_and_raises_its_invite_sequence(
    qtbot, visits: VisitsPage, settle
) -> None:  # type: ignore[no-untyped-def]
    visit = _planned(visits)[0]
    visits.select_visit(visit.pk)
    visits.detail.buttons["reschedule"].click()
    dialog = visits.findChild(PlanVisitDialog)
    assert dialog is not None
    dialog.form.day.setDate(dialog.form.day.date().addDays(1))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved_visit_pk == visit.pk, timeout=10_000)
    settle(visits.ctx, visits)
    moved = next(v for v in visits.visit_rows() if v.pk == visit.pk)
    assert moved.start == visit.start + timedelta(days=1)
    with visits.ctx.workspace.connect() as conn:
        sequence = conn.execute(
            text("SELECT sequence FROM visit WHERE id = :v"), {"v": visit.pk}
        ).scalar()
    assert sequence >= 1


def _sequence(page: VisitsPage, visit_pk: int) -> int:
    with page.ctx.workspace.connect() as conn:
        return int(
            conn.execute(text("SELECT sequence FROM visit WHERE id = :v"), {"v": visit_pk}).scalar()
        )


def test_editing_changes_agenda_rep_and_contacts_and_raises_the_sequence(
    qtbot, visits: VisitsPage, settle
) -> None:  # type: ignore[no-untyped-def]
    visit = _planned(visits)[0]
    before = _sequence(visits, visit.pk)
    visits.select_visit(visit.pk)
    visits.detail.buttons["reschedule"].click()
    dialog = visits.findChild(PlanVisitDialog)
    assert dialog is not None and dialog.windowTitle() == "Edit visit"
    form = dialog.form
    for widget in (form.executive, form.rep, form.contacts, form.place, form.agenda):
        assert widget.isEnabled()
    form.agenda.setPlainText("Roll-out plan and the pilot in Lyon")
    # Another rep: the first one who is not riding along today.
    new_rep = next(i for i in range(1, form.rep.count()) if i != form.rep.currentIndex())
    form.rep.setCurrentIndex(new_rep)
    rep_name = form.rep.itemText(new_rep)
    # Flip one contact: tick the first unticked one (or untick one if all are ticked).
    items = [form.contacts.item(i) for i in range(form.contacts.count())]
    items = [item for item in items if item.data(PK_ROLE) is not None]
    assert len(items) >= 2, "the small demo's accounts have several contacts"
    unticked = [it for it in items if it.checkState() == Qt.CheckState.Unchecked]
    flipped = unticked[0] if unticked else items[-1]
    flipped.setCheckState(Qt.CheckState.Checked if unticked else Qt.CheckState.Unchecked)
    flipped_name = flipped.text().split(" — ")[0]
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved_visit_pk == visit.pk, timeout=10_000)
    settle(visits.ctx, visits)
    assert visits.select_visit(visit.pk)
    shown = " ".join(lab.text() for lab in visits.detail.findChildren(QLabel))
    assert "Roll-out plan and the pilot in Lyon" in shown
    assert f"with {rep_name}" in shown
    assert (flipped_name in shown) == bool(unticked)
    assert _sequence(visits, visit.pk) == before + 1
    edited = next(v for v in visits.visit_rows() if v.pk == visit.pk)
    assert edited.start == visit.start and edited.reps == rep_name


def test_cancelling_asks_first_then_marks_the_visit_cancelled(
    qtbot, visits: VisitsPage, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    said = Said(monkeypatch, answer=QMessageBox.StandardButton.No)
    visit = _planned(visits)[0]
    visits.select_visit(visit.pk)
    visits.detail.buttons["cancel"].click()
    assert said.questions and visit.account_name in said.questions[0]
    settle(visits.ctx, visits)
    assert next(v for v in visits.visit_rows() if v.pk == visit.pk).status == "planned"

    said = Said(monkeypatch, answer=QMessageBox.StandardButton.Yes)
    visits.detail.buttons["cancel"].click()
    qtbot.waitUntil(lambda: visits.stale is False and not visits.busy, timeout=10_000)
    settle(visits.ctx, visits)
    with visits.ctx.workspace.connect() as conn:
        status = conn.execute(
            text("SELECT status FROM visit WHERE id = :v"), {"v": visit.pk}
        ).scalar()
    assert status == "cancelled"
    assert visit.pk not in {v.pk for v in _planned(visits)}


def test_exported_invites_are_two_calendar_files_and_the_customers_has_no_internal_notes(
    visits: VisitsPage, tmp_path: Path, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    said = Said(monkeypatch)
    visit = _planned(visits)[0]
    with visits.ctx.workspace.begin() as conn:
        conn.execute(
            text("UPDATE visit SET objective = 'Push for the 30 Jun signature' WHERE id = :v"),
            {"v": visit.pk},
        )
    visits.actions.export_invites(visit, folder=tmp_path)
    settle(visits.ctx)
    files = sorted(p.name for p in tmp_path.glob("*.ics"))
    assert len(files) == 2 and files[0].endswith("-customer.ics") and files[1].endswith("-team.ics")
    # Unfold the 75-octet lines of RFC 5545 before looking for words.
    team = (tmp_path / files[1]).read_bytes().decode("utf-8").replace("\r\n ", "")
    customer = (tmp_path / files[0]).read_bytes().decode("utf-8").replace("\r\n ", "")
    assert team.startswith("BEGIN:VCALENDAR") and customer.startswith("BEGIN:VCALENDAR")
    assert "30 Jun signature" in team
    assert "30 Jun signature" not in customer
    # Acknowledged in place (the page's notice), not with a message box.
    assert not said.messages
    assert _notice_words(visits).startswith("Saved ")


def test_e_mailing_without_a_mail_server_says_what_to_set(
    visits: VisitsPage, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    said = Said(monkeypatch)
    visit = _planned(visits)[0]
    visits.actions.email(visit)
    settle(visits.ctx)
    assert said.messages
    title, words = said.messages[-1]
    assert "SMTP" in words and "Settings" in words


def test_an_empty_workspace_says_how_visits_get_here(qtbot, workspace, settle) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(workspace, AS_OF)
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(ctx, page)
    assert page.stack.currentWidget() is page.empty
    words = " ".join(lab.text() for lab in page.empty.findChildren(QLabel))
    assert "No visits planned yet." in words and "This week" in words
    ctx.tasks.shutdown()
