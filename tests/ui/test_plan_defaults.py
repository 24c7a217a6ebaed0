"""The plan dialog and `fieldvisit plan` start a visit the same way (`planning.plan_defaults`).

They once had their own fallbacks: with no decision maker on file the dialog ticked the most
senior contact by name, the command by the CRM's contact id, so the two planned different people.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.planning import suggest_for_deal
from fieldvisit.planning.plan_defaults import default_start
from fieldvisit.settings import load_rules
from fieldvisit.store import create_workspace, open_workspace
from fieldvisit.store.times import stored_utc
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.pages.week import WeekPage
from tests.planning.builders import AS_OF, Builder


def test_the_dialog_and_the_plan_command_pick_the_same_start_and_contacts(
    qtbot, qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "same.fieldvisit"
    ws = create_workspace(path)
    with ws.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh")
        account = b.account("Globex")
        # Two equally senior people, no decision maker: name order and id order disagree.
        zed = b.contact(account, "Zed Zane", seniority="VP", external_id="C1")
        b.contact(account, "Amy Able", seniority="VP", external_id="C2")
        b.contact(account, "Mo Manager", seniority="Manager", external_id="C0")
        b.deal(account, b.rep("rep@us.example"), external_id="D1", entered=date(2026, 4, 1))
    context = AppContext(ws, AS_OF)
    try:
        week = WeekPage(context)
        qtbot.addWidget(week)
        week.show()
        qtbot.waitUntil(lambda: not week.stale and not week.busy and bool(week.cards))
        card = week.cards[0]
        card.plan_button.setFocus()
        qtbot.keyClick(card.plan_button, Qt.Key.Key_Space)
        [dialog] = [d for d in week.findChildren(PlanVisitDialog) if d.isVisible()]
        qapp.processEvents()
        in_dialog = (dialog.form.checked_contacts(), dialog.form.start())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        week.close()
    finally:
        context.tasks.shutdown()
        ws.close()
    assert in_dialog[0] == [zed]

    code = main(["--db", str(path), "plan", "--deal", "D1", "--as-of", AS_OF.isoformat()])
    capsys.readouterr()
    assert code == 0
    opened = open_workspace(path)
    try:
        with opened.connect() as conn:
            start, contacts = conn.execute(
                text(
                    "SELECT v.start, (SELECT group_concat(contact_id) FROM visit_contact "
                    "WHERE visit_id = v.id) FROM visit v"
                )
            ).one()
    finally:
        opened.close()
    assert [int(c) for c in str(contacts).split(",")] == in_dialog[0]
    assert stored_utc(start) == in_dialog[1]


def test_a_suggestion_from_an_earlier_day_starts_on_the_as_of_day(tmp_path: Path) -> None:
    ws = create_workspace(tmp_path / "late.fieldvisit")
    try:
        with ws.begin() as conn:
            b = Builder(conn)
            b.executive("ceo@us.example")
            account = b.account("Globex")
            deal = b.deal(account, b.rep("rep@us.example"), entered=date(2026, 4, 1))
            rules = load_rules(conn)
            suggestion = suggest_for_deal(conn, deal, AS_OF, rules)
            later = suggestion.window_start + timedelta(days=9)
            start = default_start(conn, suggestion, rules, later)
            assert start.date() == later
            assert start.timetz() == default_start(conn, suggestion, rules).timetz()
            assert isinstance(start, datetime) and start.tzinfo is not None
    finally:
        ws.close()
