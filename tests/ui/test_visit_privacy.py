"""What the Visits page sends out keeps private things private.

- Publish puts the customer version on the CalDAV calendar (the same default as the command
  line), and says so: markers planted in the deal name, amount, objective and a debrief summary
  never reach the event a real Radicale server on 127.0.0.1 stores.
- Export invites records the invites as sent only when both files were written, says clearly
  when they were not, and writes both files readable by their owner only.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from caldav.davclient import get_davclient
from caldav.lib.http_sync import requests as dav_http
from sqlalchemy import text

from fieldvisit.invites.delivery import was_sent
from fieldvisit.secrets import caldav_key
from fieldvisit.store.workspace import Workspace
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.visit_actions import slug
from fieldvisit.ui.pages.visits import VisitsPage
from tests.invites import conftest as invite_servers
from tests.invites.builder import AMOUNT_TEXTS, AS_OF, MARKERS, Built, add_visit, configure
from tests.invites.conftest import RadicaleServer
from tests.invites.test_privacy import leaked
from tests.ui.test_visits import Said, _notice_words

radicale = invite_servers.radicale  # the Radicale server fixture of the invite tests

PRIVATE = [
    MARKERS["deal_name"],
    MARKERS["objective"],
    MARKERS["debrief_summary"],
    MARKERS["stage"],
    *AMOUNT_TEXTS,
]


@pytest.fixture
def secret_visit(workspace: Workspace) -> Built:
    configure(workspace)
    return add_visit(workspace, plant_markers=True)


@pytest.fixture
def page(qtbot, workspace: Workspace, settle) -> Iterator[VisitsPage]:  # type: ignore[no-untyped-def]
    ctx = AppContext(workspace, AS_OF)
    visits = VisitsPage(ctx)
    qtbot.addWidget(visits)
    visits.resize(1240, 860)
    visits.show()
    settle(ctx, visits)
    yield visits
    ctx.tasks.shutdown()


def stored_events(server: RadicaleServer) -> list[bytes]:
    """Return the raw iCalendar of every event on the server, read as another device would."""
    client = get_davclient(
        url=server.url,
        username=server.username,
        password=server.password,
        check_config_file=False,
        environment=False,
    )
    found = []
    for calendar in client.principal().calendars():
        for obj in calendar.events():
            response = dav_http.get(
                str(obj.url), auth=(server.username, server.password), timeout=10
            )
            assert response.status_code == 200
            found.append(response.content)
    return found


def _sent_state(ws: Workspace, visit_pk: int) -> tuple[object, ...]:
    with ws.connect() as conn:
        row = conn.execute(
            text(
                "SELECT internal_uid, external_uid, sequence, sent_sequence, sent_fingerprint "
                "FROM visit WHERE id = :v"
            ),
            {"v": visit_pk},
        ).one()
        return (*row, was_sent(conn, visit_pk))


# ----- Publish ------------------------------------------------------------------------------


def test_publish_puts_the_customer_version_on_the_calendar_and_says_so(
    qtbot, workspace, secret_visit, radicale, page, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    configure(workspace, caldav_url=radicale.url, caldav_username=radicale.username)
    page.ctx.secrets.set(caldav_key(radicale.username, radicale.url), radicale.password)
    said = Said(monkeypatch)
    assert page.select_visit(secret_visit.visit_pk)
    button = page.detail.buttons["publish"]
    assert "customer version" in button.toolTip()
    assert "no deal, amount, objective or debrief" in button.toolTip()

    button.click()
    settle(page.ctx)

    assert not said.messages, "success is said in place, not in a message box"
    words = _notice_words(page)
    assert words == page.actions.last_message
    assert "customer version" in words and "internal briefing" not in words
    (event,) = stored_events(radicale)
    assert b"BEGIN:VEVENT" in event
    assert leaked(event) == [], "internal content reached the shared calendar"
    for marker in PRIVATE:
        assert marker.lower() not in event.decode("utf-8").lower().replace("\r\n ", "")
    with workspace.connect() as conn:
        external_uid = conn.execute(
            text("SELECT external_uid FROM visit WHERE id = :v"), {"v": secret_visit.visit_pk}
        ).scalar()
    assert f"UID:{external_uid}".encode() in event.replace(b"\r\n ", b"")


def test_app_and_command_line_publish_the_same_version_by_default() -> None:
    from fieldvisit.cli import build_parser
    from fieldvisit.invites.audiences import PUBLISH_AUDIENCE

    args = build_parser().parse_args(["publish", "--visit", "V-1"])
    assert args.audience == PUBLISH_AUDIENCE == "external"


# ----- Export invites -----------------------------------------------------------------------


def test_export_into_a_file_instead_of_a_folder_marks_nothing_as_sent(
    workspace, secret_visit, page, tmp_path, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    said = Said(monkeypatch)
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file where a folder should be\n")
    before = _sent_state(workspace, secret_visit.visit_pk)
    visit = next(v for v in page.visit_rows() if v.pk == secret_visit.visit_pk)

    page.actions.export_invites(visit, folder=not_a_folder)
    settle(page.ctx)

    assert _sent_state(workspace, secret_visit.visit_pk) == before
    assert before[-1] is False
    title, words = said.messages[-1]
    assert title == "Exporting invites"
    assert "not a folder" in words and "not marked as sent" in words
    assert "Something went wrong" not in words
    assert not_a_folder.read_text() == "a file where a folder should be\n"


def test_export_where_one_file_cannot_be_written_saves_neither_and_marks_nothing_as_sent(
    workspace, secret_visit, page, tmp_path, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    said = Said(monkeypatch)
    before = _sent_state(workspace, secret_visit.visit_pk)
    visit = next(v for v in page.visit_rows() if v.pk == secret_visit.visit_pk)
    stem = f"{slug(visit.account_name)}-{style.local_day(visit.start, visit.account_tz)}"
    folder = tmp_path / "invites"
    folder.mkdir()
    (folder / f"{stem}-team.ics").mkdir()  # the team file's name is taken by a folder

    page.actions.export_invites(visit, folder=folder)
    settle(page.ctx)

    assert _sent_state(workspace, secret_visit.visit_pk) == before
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}-team.ics"], "no file saved"
    title, words = said.messages[-1]
    assert title == "Exporting invites"
    assert f"{stem}-team.ics" in words and "not marked as sent" in words


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_exported_invites_are_readable_by_their_owner_only(
    workspace, secret_visit, page, tmp_path, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    said = Said(monkeypatch)
    visit = next(v for v in page.visit_rows() if v.pk == secret_visit.visit_pk)
    old_umask = os.umask(0o022)  # what most desktops run with
    try:
        page.actions.export_invites(visit, folder=tmp_path)
        settle(page.ctx)
        files = sorted(tmp_path.glob("*.ics"))
        assert len(files) == 2, said.messages
        assert {_mode(p) for p in files} == {0o600}
        # A file that was shared before is owner-only again once replaced by a new export.
        for p in files:
            p.chmod(0o644)
        page.actions.export_invites(visit, folder=tmp_path)
        settle(page.ctx)
        assert {_mode(p) for p in sorted(tmp_path.glob("*.ics"))} == {0o600}
    finally:
        os.umask(old_umask)
    assert not said.messages and _notice_words(page).startswith("Saved ")
    assert was_sent_now(workspace, secret_visit.visit_pk)


def was_sent_now(ws: Workspace, visit_pk: int) -> bool:
    with ws.connect() as conn:
        return was_sent(conn, visit_pk)


def test_an_exported_trip_is_readable_by_its_owner_only(
    workspace, page, tmp_path, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    configure(workspace)
    first = add_visit(workspace, plant_markers=True)
    with workspace.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO trip (external_id, executive_id, name, starts_on, ends_on) "
                "SELECT 'T-1', id, 'Chicago week', '2026-06-22', '2026-06-26' FROM executive"
            )
        )
        conn.execute(
            text("UPDATE visit SET trip_id = (SELECT id FROM trip) WHERE id = :v"),
            {"v": first.visit_pk},
        )
    said = Said(monkeypatch)
    target = tmp_path / "trip.ics"
    page.actions.export_trip("T-1", "Chicago week", path=target)
    settle(page.ctx)
    assert not said.messages and _notice_words(page).startswith("Saved "), said.messages
    assert _mode(target) == 0o600
    assert MARKERS["objective"].encode() in target.read_bytes().replace(b"\r\n ", b"")
