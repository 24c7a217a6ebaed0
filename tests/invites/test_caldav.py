"""Publishing to a real CalDAV server (Radicale with htpasswd logins): create, update, cancel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from caldav.davclient import get_davclient
from caldav.lib.http_sync import requests as dav_http
from sqlalchemy import text

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.delivery import publish_visit, unpublish_visit
from fieldvisit.settings import load_rules

from .builder import AS_OF, START, add_visit, configure
from .checks import check_all

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def published(workspace, radicale):
    configure(workspace, caldav_url=radicale.url, caldav_username=radicale.username)
    return add_visit(workspace)


def publish(ws, pk, password, audience="external", now=NOW):
    with ws.begin() as conn:
        return publish_visit(conn, pk, load_rules(conn), audience, password, now, AS_OF)


def server_events(radicale) -> list[icalendar.Event]:
    """Read the calendar back with a separate client, as another device would."""
    client = get_davclient(
        url=radicale.url,
        username=radicale.username,
        password=radicale.password,
        check_config_file=False,
        environment=False,
    )
    found = []
    for cal in client.principal().calendars():
        for obj in cal.events():
            # The raw bytes the server serves (the library's `.data` normalises line ends).
            response = dav_http.get(
                str(obj.url), auth=(radicale.username, radicale.password), timeout=10
            )
            assert response.status_code == 200
            data = response.content
            check_all(data)
            found.extend(icalendar.Calendar.from_ical(data).events)
    return found


def uids(ws, pk):
    with ws.connect() as conn:
        return conn.execute(
            text("SELECT internal_uid, external_uid, sequence FROM visit WHERE id = :i"),
            {"i": pk},
        ).one()


def test_publish_creates_the_event_as_stored_copy(workspace, radicale, published):
    assert publish(workspace, published.visit_pk, radicale.password) == "created"
    (ev,) = server_events(radicale)
    internal_uid, external_uid, _ = uids(workspace, published.visit_pk)
    assert str(ev["UID"]) == external_uid
    assert ev.start == START
    assert str(ev["SUMMARY"]) == "Meeting: Northwind Traders and Acme Corp"
    assert "ATTENDEE" not in ev
    assert int(ev["SEQUENCE"]) == 0  # the client library did not raise it


def test_reschedule_updates_the_same_event_with_a_higher_sequence(workspace, radicale, published):
    publish(workspace, published.visit_pk, radicale.password)
    moved = START + timedelta(days=2)
    with workspace.begin() as conn:
        conn.execute(
            text('UPDATE visit SET start = :s, "end" = :e WHERE id = :i'),
            {
                "s": "2026-06-25 15:00:00.000000",
                "e": "2026-06-25 16:00:00.000000",
                "i": published.visit_pk,
            },
        )
    assert publish(workspace, published.visit_pk, radicale.password) == "updated"
    (ev,) = server_events(radicale)
    assert ev.start == moved
    assert int(ev["SEQUENCE"]) == 1


def test_internal_version_replaces_the_external_one(workspace, radicale, published):
    publish(workspace, published.visit_pk, radicale.password, "external")
    publish(workspace, published.visit_pk, radicale.password, "internal")
    (ev,) = server_events(radicale)
    internal_uid, _, _ = uids(workspace, published.visit_pk)
    assert str(ev["UID"]) == internal_uid
    assert "INTERNAL BRIEFING" in str(ev["DESCRIPTION"])


def test_cancelled_visit_is_removed_from_the_calendar(workspace, radicale, published):
    publish(workspace, published.visit_pk, radicale.password)
    with workspace.begin() as conn:
        conn.execute(
            text("UPDATE visit SET status = 'cancelled' WHERE id = :i"), {"i": published.visit_pk}
        )
    assert publish(workspace, published.visit_pk, radicale.password) == "removed"
    assert server_events(radicale) == []
    with workspace.begin() as conn:
        assert unpublish_visit(conn, published.visit_pk, load_rules(conn), radicale.password) == 0


def test_wrong_password_is_a_clear_error_without_the_password(workspace, radicale, published):
    with pytest.raises(FieldVisitError, match="refused the user name or password") as err:
        publish(workspace, published.visit_pk, "not-the-password")
    assert "not-the-password" not in str(err.value)


def test_calendar_address_picks_that_calendar(workspace, radicale):
    client = get_davclient(
        url=radicale.url,
        username=radicale.username,
        password=radicale.password,
        check_config_file=False,
        environment=False,
    )
    team = client.principal().make_calendar(name="Team visits")
    client.principal().make_calendar(name="Other")
    configure(workspace, caldav_url=str(team.url), caldav_username=radicale.username)
    visit = add_visit(workspace)
    publish(workspace, visit.visit_pk, radicale.password)
    assert len(team.events()) == 1
    names = sorted(c.get_display_name() for c in client.principal().calendars())
    assert names == ["Other", "Team visits"]  # no extra "Field Visit" calendar was made


def test_a_calendar_server_that_is_down_is_named_in_plain_words(workspace, radicale):
    from pg_server import free_port

    down = f"http://127.0.0.1:{free_port()}/{radicale.username}/"
    configure(workspace, caldav_url=down, caldav_username=radicale.username)
    visit = add_visit(workspace)
    with pytest.raises(FieldVisitError) as err:
        publish(workspace, visit.visit_pk, radicale.password)
    assert str(err.value) == (
        f"The CalDAV server at {down} failed: the connection was refused (nothing answers at "
        "that address and port)"
    )
