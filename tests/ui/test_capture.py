"""Calendar capture in the app: a calendar source in Settings, Capture now with its summary, the
review list settled in one action, "It did not happen" under Debriefs due, and a calendar dropped
on the window. The calendars are the test data of tests/capture/calendars on the small demo."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget

from fieldvisit.changes import CAPTURED, Changes, Kind
from fieldvisit.settings import load_capture_settings
from fieldvisit.store import open_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_drop import WhoseCalendarDialog, is_calendar
from fieldvisit.ui.dialogs.capture_review import CaptureReviewDialog
from fieldvisit.ui.dialogs.capture_summary import COLUMNS, CaptureSummaryDialog
from fieldvisit.ui.pages.settings import SettingsPage
from fieldvisit.ui.pages.settings_calendars import CalendarSources
from tests.capture.calendars.cases import CASES
from tests.capture.calendars.expected import Scenario, scenario
from tests.capture.calendars.meetings import UNKNOWN_DOMAIN
from tests.cli_runs import run_fv
from tests.ui.demo_files import AS_OF, app_context, small_demo_copy

CAPTURE_TIMEOUT = 60_000


def press(qtbot, button: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Press a button from the keyboard, as someone tabbing to it would."""
    qtbot.waitUntil(button.isVisible)  # a widget new in a shown page shows a moment later
    assert button.isEnabled(), button.accessibleName()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def captured(changes: Changes) -> bool:
    """True for the announcement of a capture (or a review decision): visits and calendars."""
    return Kind.VISITS in changes and Kind.CALENDARS in changes


def query(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def captured_visits(db: Path, uid: str) -> list[tuple[object, ...]]:
    """Return (visit pk, account pk, status) of the visits a UID was captured into."""
    return query(
        db,
        "SELECT v.id, v.account_id, v.status FROM visit v "
        "WHERE v.id IN (SELECT visit_id FROM captured_event WHERE uid = ?) ORDER BY v.start",
        uid,
    )


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    db = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "small.fieldvisit")
    return scenario(db, AS_OF)


@pytest.fixture
def ctx(qapp: QApplication, demo: Scenario) -> Iterator[AppContext]:
    with app_context(demo.workspace) as context:
        yield context  # type: ignore[misc]


def calendars_section(qtbot, ctx: AppContext) -> tuple[SettingsPage, CalendarSources]:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: not page.stale)
    page.show_section("calendars")
    assert page.sections.currentItem().text() == "Executives' calendars"
    return page, page.calendars


def choose_executive(qtbot, section: CalendarSources, email: str) -> None:  # type: ignore[no-untyped-def]
    """Walk the executives' table with the arrow keys to the executive with this e-mail."""
    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_Home)
    for _ in range(len(section.model.rows)):
        if (section.selected().email or "").lower() == email:  # type: ignore[union-attr]
            return
        qtbot.keyClick(section.table, Qt.Key.Key_Down)
    raise AssertionError(f"{email} is not in the table")


def capture_now(qtbot, section: CalendarSources) -> CaptureSummaryDialog:  # type: ignore[no-untyped-def]
    section.summary = None
    press(qtbot, section.capture_button)
    qtbot.waitUntil(lambda: section.summary is not None, timeout=CAPTURE_TIMEOUT)
    summary = section.summary
    qtbot.waitUntil(summary.isVisible)
    return summary  # type: ignore[no-any-return]


def grid_numbers(summary: CaptureSummaryDialog, email: str) -> dict[str, int]:
    return {
        key: int(summary.cells[(email, key)].text().replace(",", "").replace(".", ""))
        for key, _h, _m in COLUMNS
    }


def test_capture_now_from_settings_gives_the_numbers_of_the_command_line(
    qtbot, monkeypatch, demo: Scenario, ctx: AppContext, tmp_path: Path, tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    files = demo.write(tmp_path / "calendars")
    google = demo.cast.executives["google"]
    (export,) = files[google.email]
    twin = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "cli.fieldvisit")
    cli = run_fv(twin, "capture-calendar", "--exec", google.email, str(export),
                 "--as-of", AS_OF.isoformat(), "--json")  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    by_cli = json.loads(cli.stdout)

    _page, section = calendars_section(qtbot, ctx)
    choose_executive(qtbot, section, google.email)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(export), ""))
    press(qtbot, section.choose_file)  # the system's file dialog, answered by the patch
    with ctx.workspace.connect() as conn:
        stored = load_capture_settings(conn).calendar_sources
    assert stored[google.email] == {"path": str(export.resolve())}
    assert "Saved" in section.status.text()

    with qtbot.waitSignal(ctx.changed, check_params_cb=captured, timeout=CAPTURE_TIMEOUT):
        summary = capture_now(qtbot, section)
    (outcome,) = summary.outcomes
    assert outcome.report is not None
    assert outcome.report.as_json() == by_cli  # the same capture as the command line's
    assert grid_numbers(summary, google.email) == {
        "new": by_cli["new"], "updated": by_cli["updated"], "merged": by_cli["merged"],
        "cancelled": by_cli["cancelled"], "review": len(by_cli["review"]),
    }  # fmt: skip
    # …and as the test data says: the Google calendar's unsure meetings are listed for review.
    unsure = [c.key for c in CASES if c.outcome == "review" and c.calendars == ("google",)]
    assert {r["uid"] for r in by_cli["review"]} == {demo.expected(k).uids["google"] for k in unsure}
    assert by_cli["new"] > 0 and by_cli["skipped"]["internal"] > 0
    words = " ".join(line.text() for line in summary.lines)
    assert f"{by_cli['skipped']['internal']} internal (nobody from outside)" in words
    assert f"{by_cli['skipped']['declined']} declined" in words
    assert summary.headline.text().startswith(f"{by_cli['new']} new visits from Naomi")
    assert summary.review_button is not None
    assert section.review_button.text() == f"Re&view {len(by_cli['review'])} meetings"


def test_a_review_item_assigned_in_one_action_becomes_a_visit_that_a_second_capture_keeps(
    qtbot, demo: Scenario, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    files = demo.write(tmp_path / "calendars")
    google = demo.cast.executives["google"]
    _page, section = calendars_section(qtbot, ctx)
    choose_executive(qtbot, section, google.email)
    section.path_edit.setFocus()
    qtbot.keyClicks(section.path_edit, str(files[google.email][0]))
    qtbot.keyClick(section.path_edit, Qt.Key.Key_Return)  # Enter saves the typed path
    summary = capture_now(qtbot, section)

    press(qtbot, summary.review_button)  # type: ignore[arg-type]
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in section.window().findChildren(CaptureReviewDialog))
    )
    review = next(d for d in section.window().findChildren(CaptureReviewDialog) if d.isVisible())
    pair = demo.expected("google_two_accounts")
    uid, wanted = pair.uids["google"], pair.accounts[1]
    review.list_view.setFocus()
    for _ in range(len(review.model.items)):  # arrow down to the meeting with two accounts
        if review.current().uid == uid:  # type: ignore[union-attr]
            break
        qtbot.keyClick(review.list_view, Qt.Key.Key_Down)
    item = review.current()
    assert item is not None and item.uid == uid
    assert "more than one account" in review.why_label.text()
    assert set(item.domains) == set(pair.domains)
    assert all(e in review.people_label.text() for e, _n in item.people)
    button = next(
        b for b in review.candidate_buttons if b.accessibleName() == f"Assign to {wanted.name}"
    )
    before = len(review.model.items)
    with qtbot.waitSignal(ctx.changed, check_params_cb=captured, timeout=20_000):
        press(qtbot, button)  # one action
    qtbot.waitUntil(lambda: not review.busy)
    assert len(review.model.items) == before - 1
    assert review.status.text() == f"Assigned to {wanted.name}: 1 meeting settled, 1 new visit."
    ((visit_pk, account, status),) = captured_visits(demo.workspace, uid)
    assert (account, status) == (wanted.id, "done")

    review.close()
    again = capture_now(qtbot, section)  # the choice is remembered: the visit stays, not listed
    assert grid_numbers(again, google.email)["new"] == 0
    assert uid not in {line.uid for line in again.outcomes[0].report.review}  # type: ignore[union-attr]
    assert captured_visits(demo.workspace, uid) == [(visit_pk, wanted.id, "done")]


def test_a_domain_mapped_to_an_account_typed_into_the_chooser_settles_the_meeting(
    qtbot, monkeypatch, demo: Scenario, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    demo.write(tmp_path / "calendars")
    apple = demo.cast.executives["apple"]
    _page, section = calendars_section(qtbot, ctx)
    choose_executive(qtbot, section, apple.email)
    folder = tmp_path / "calendars" / "apple"  # Work.ics and Home.ics
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    press(qtbot, section.choose_folder)
    capture_now(qtbot, section).close()
    review = section.open_review()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    uid = demo.expected("apple_unknown_domain").uids["apple"]
    assert review.select_uid(uid)
    assert [review.domain_box.itemText(i) for i in range(review.domain_box.count())] == [
        UNKNOWN_DOMAIN
    ]
    assert not review.map_button.isEnabled()  # no account chosen yet
    target = demo.cast.accounts["in_person"]  # any account will do: the person decides
    chooser = review.chooser
    chooser.setFocus()
    qtbot.keyClicks(chooser, target.name[:6])
    popup = chooser.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    for _ in range(popup.model().rowCount()):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        if popup.currentIndex().data().startswith(target.name):
            break
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert chooser.account() is not None and chooser.account().name == target.name  # type: ignore[union-attr]
    with qtbot.waitSignal(ctx.changed, check_params_cb=captured, timeout=20_000):
        qtbot.keyClick(review, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # &Map to account
    qtbot.waitUntil(lambda: not review.busy)
    assert review.last_message.startswith(f"{UNKNOWN_DOMAIN} now means {target.name}: 1 meeting")
    assert [a for _v, a, _s in captured_visits(demo.workspace, uid)] == [target.id]
    assert not review.select_uid(uid)
    review.close()
    again = capture_now(qtbot, section)  # later captures match the domain by themselves
    assert uid not in {line.uid for line in again.outcomes[0].report.review}  # type: ignore[union-attr]
    assert grid_numbers(again, apple.email)["new"] == 0


def test_it_did_not_happen_takes_a_captured_visit_off_debriefs_due_with_undo(
    qtbot, demo: Scenario, window, settle, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.capture import FileSource, capture
    from fieldvisit.ui.dialogs.capture_run import capture_now as split_moment

    files = demo.write(tmp_path / "calendars")
    google = demo.cast.executives["google"]
    ctx = window.ctx
    with open_workspace(demo.workspace) as ws:
        capture(ws, google.email, FileSource(files[google.email][0]), now=split_moment(AS_OF))
    ctx.announce(CAPTURED)
    page = window.show_page("week")
    settle(ctx, page)
    captured = {int(pk) for (pk,) in query(demo.workspace, "SELECT visit_id FROM captured_event")}
    cards = [c for c in page.due_cards if c.visit_pk in captured]
    assert cards, "a captured past visit shows under Debriefs due like any other"
    card = cards[0]
    total = page.data.due_total
    press(qtbot, card.not_happened_button)
    settle(ctx, page)
    assert card.visit_pk not in {c.visit_pk for c in page.due_cards}
    assert page.data.due_total == total - 1
    assert query(demo.workspace, "SELECT status FROM visit WHERE id = ?", card.visit_pk) == [
        ("cancelled",)
    ]

    def notices() -> list[QWidget]:
        return [w for w in page.findChildren(QWidget, "undo-notice") if w.isVisible()]

    qtbot.waitUntil(lambda: len(notices()) == 1)  # shown on the next turn of the event loop
    (notice,) = notices()
    said = notice.findChild(QLabel).text()
    assert said.startswith("Visit to ") and said.endswith("cancelled: it did not happen.")
    undo = notice.property("undo_button")
    press(qtbot, undo)
    settle(ctx, page)
    assert page.data.due_total == total
    assert query(demo.workspace, "SELECT status FROM visit WHERE id = ?", card.visit_pk) == [
        ("done",)
    ]


def drop(window: QWidget, paths: list[Path]) -> bool:  # type: ignore[no-untyped-def]
    """Drag `paths` over the window and drop them; return whether the window took them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPoint(400, 300)
    args = (point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter = QDragEnterEvent(*args)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(window, QDropEvent(*args))
    return True


def test_an_ics_dropped_on_the_window_asks_whose_calendar_and_captures_it(
    qtbot, demo: Scenario, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    files = demo.write(tmp_path / "calendars")
    outlook = demo.cast.executives["outlook"]
    google = demo.cast.executives["google"]
    (calendar,) = files[outlook.email]
    assert calendar.suffix == ".ics" and is_calendar(files[google.email][0])  # Google's zip too
    assert drop(window, [calendar])
    dialog = next(d for d in window.findChildren(WhoseCalendarDialog) if d.isVisible())
    assert dialog.executive().email == outlook.email  # guessed from the file
    assert dialog.keep_box.isChecked()  # they have no calendar yet: keep this one
    qtbot.keyClick(dialog.executive_box, Qt.Key.Key_Return)  # Enter: Capture
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in window.findChildren(CaptureSummaryDialog)),
        timeout=CAPTURE_TIMEOUT,
    )
    summary = next(d for d in window.findChildren(CaptureSummaryDialog) if d.isVisible())
    numbers = grid_numbers(summary, outlook.email)
    assert numbers["merged"] == 1  # the Outlook meeting on a visit the demo already had
    assert numbers["new"] == sum(
        len(demo.expected(c.key).visits) for c in CASES
        if c.outcome == "captured" and c.calendars[0] == "outlook" and c.capture == "new"
    )  # fmt: skip
    with window.ctx.workspace.connect() as conn:
        assert load_capture_settings(conn).calendar_sources[outlook.email] == {
            "path": str(calendar.resolve())
        }
    summary.close()

    readme = tmp_path / "notes.pdf"
    readme.write_bytes(b"%PDF-1.4")
    assert not drop(window, [readme])


def test_cancel_stops_a_capture_and_changes_nothing(
    qtbot, demo: Scenario, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.capture.calendars.large import large_calendar
    from tests.cli_runs import digest

    big = large_calendar(tmp_path / "five-years.ics", 10_000, workspace=demo.workspace, as_of=AS_OF)
    _page, section = calendars_section(qtbot, ctx)
    choose_executive(qtbot, section, big.owner)
    section.path_edit.setFocus()
    qtbot.keyClicks(section.path_edit, str(big.path))
    qtbot.keyClick(section.path_edit, Qt.Key.Key_Return)
    before = query(demo.workspace, "SELECT count(*), max(updated_at) FROM visit")
    section.summary = None
    press(qtbot, section.capture_button)
    qtbot.waitUntil(section.progress_row.isVisible)
    press(qtbot, section.cancel_button)
    qtbot.waitUntil(lambda: section.summary is not None, timeout=CAPTURE_TIMEOUT)
    summary = section.summary
    assert summary.headline.text() == "Capture cancelled: nothing was changed."
    assert summary.cells == {}  # no numbers for a capture that did not happen
    assert not section.progress_row.isVisible() and section.capture_button.isEnabled()
    assert query(demo.workspace, "SELECT count(*), max(updated_at) FROM visit") == before
    assert query(demo.workspace, "SELECT count(*) FROM captured_event") == [(0,)]
    assert digest(demo.workspace)  # the file is still there and readable


def test_a_caldav_password_goes_only_to_the_keychain_and_a_refusing_server_changes_nothing(
    qtbot, monkeypatch, demo: Scenario, ctx: AppContext, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from fieldvisit import secrets

    password, url = "Kz-7781-unique", "http://127.0.0.1:9/dav/calendars/naomi/work/"
    google = demo.cast.executives["google"]
    _page, section = calendars_section(qtbot, ctx)
    choose_executive(qtbot, section, google.email)
    press(qtbot, section.editor.caldav_kind)
    for field, words in ((section.editor.url_edit, url), (section.editor.user_edit, "naomi")):
        field.setFocus()
        qtbot.keyClicks(field, words)
    assert "keychain" in section.editor.password_note.text()
    press(qtbot, section.editor.save_button)
    assert section.status.text().startswith(f"Naomi Zhang's calendar: {url}. Saved.")
    # No password typed: the first capture asks for it once and keeps it in the keychain.
    asked: list[str] = []

    def ask(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return password, True

    monkeypatch.setattr(QInputDialog, "getText", ask)
    before = query(demo.workspace, "SELECT count(*) FROM visit")
    summary = capture_now(qtbot, section)
    assert len(asked) == 1 and "naomi" in asked[0]
    assert (
        memory_keyring.get_password(secrets.SERVICE_NAME, secrets.caldav_key("naomi", url))
        == password
    )
    assert summary.headline.text() == "No calendar could be captured."
    assert "not captured. The CalDAV server at" in summary.lines[0].text()
    assert query(demo.workspace, "SELECT count(*) FROM visit") == before
    assert password.encode() not in demo.workspace.read_bytes()
    summary.close()
    capture_now(qtbot, section).close()  # the second time the keychain answers
    assert len(asked) == 1


def test_without_a_keychain_the_caldav_password_is_kept_for_this_session_and_said_so(
    qtbot, demo: Scenario, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts the test keychain back
    _page, section = calendars_section(qtbot, ctx)
    google = demo.cast.executives["google"]
    choose_executive(qtbot, section, google.email)
    press(qtbot, section.editor.caldav_kind)
    assert section.editor.password_note.text().startswith("No keychain is available")
    section.editor.url_edit.setText("https://dav.example.com/cal/naomi/")
    section.editor.user_edit.setText("naomi")
    section.editor.password_edit.setFocus()
    qtbot.keyClicks(section.editor.password_edit, "Kz-7781-unique")
    press(qtbot, section.editor.save_button)
    assert section.status.text().endswith(
        "Password kept in memory until Field Visit closes (no keychain)."
    )
    assert b"Kz-7781-unique" not in demo.workspace.read_bytes()


def test_the_review_list_is_worked_with_the_keyboard_alone(
    qtbot, demo: Scenario, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    files = demo.write(tmp_path / "calendars")
    google = demo.cast.executives["google"]
    _page, section = calendars_section(qtbot, ctx)
    choose_executive(qtbot, section, google.email)
    section.path_edit.setFocus()
    qtbot.keyClicks(section.path_edit, str(files[google.email][0]))
    qtbot.keyClick(section.path_edit, Qt.Key.Key_Return)
    capture_now(qtbot, section).close()
    review = section.open_review()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    assert review.focusWidget() is review.list_view
    uid = demo.expected("google_needs_action_past").uids["google"]
    qtbot.keyClick(review.list_view, Qt.Key.Key_End)  # the last meeting: never answered
    assert review.current().uid == uid  # type: ignore[union-attr]
    qtbot.waitUntil(review.candidate_buttons[0].isVisible)
    qtbot.keyClick(review.focusWidget(), Qt.Key.Key_Tab)
    assert review.focusWidget() is review.candidate_buttons[0]  # its account, one key away
    qtbot.keyClick(review.focusWidget(), Qt.Key.Key_Tab)
    assert review.focusWidget() is review.chooser
    with qtbot.waitSignal(ctx.changed, check_params_cb=captured, timeout=20_000):
        qtbot.keyClick(review, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # not a meeting
    qtbot.waitUntil(lambda: not review.busy)
    assert review.last_message == "Dismissed: not a customer meeting: 1 meeting settled."
    assert not review.select_uid(uid)
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not review.isVisible())


def test_a_typed_calendar_is_saved_with_the_settings_ctrl_s(
    qtbot, demo: Scenario, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    files = demo.write(tmp_path / "calendars")
    apple = demo.cast.executives["apple"]
    page, section = calendars_section(qtbot, ctx)
    choose_executive(qtbot, section, apple.email)
    section.path_edit.setFocus()
    qtbot.keyClicks(section.path_edit, str(files[apple.email][0].parent))
    qtbot.keyClick(section.path_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with ctx.workspace.connect() as conn:
        stored = load_capture_settings(conn).calendar_sources[apple.email]
    assert stored == {"path": str(files[apple.email][0].parent.resolve())}
    assert "Fatima Santos's calendar: apple. Saved." in page.status.text()
