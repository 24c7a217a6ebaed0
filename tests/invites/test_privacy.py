"""Nothing internal reaches a customer: markers planted in every internal field never show up.

Markers sit in the deal name and id, the amount, the stage (so in the stall reasons), the
objective, debrief texts, next steps, titles, the industry, a snooze reason and a debrief draft.
They are looked for in the external .ics bytes (raw and unfolded), in every decoded part and header
of the external e-mail, and in the copy a CalDAV server stores.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import icalendar
import pytest
from caldav.lib.http_sync import requests as dav_http
from sqlalchemy import text

from fieldvisit.invites import visit_invites, visits_calendar
from fieldvisit.invites.delivery import publish_visit, send_visit_invites
from fieldvisit.settings import load_rules

from .builder import AMOUNT_TEXTS, AS_OF, MARKERS, add_visit, configure

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
FORBIDDEN = [*MARKERS.values(), *AMOUNT_TEXTS]


def readable_forms(blob: bytes) -> list[str]:
    """Return the text as sent, unfolded, and with iCalendar escapes undone."""
    raw = blob.decode("utf-8", errors="replace")
    unfolded = raw.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "")
    unescaped = unfolded.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
    return [raw, unfolded, unescaped]


def leaked(blob: bytes) -> list[str]:
    """Return the markers found in any readable form of `blob` (case-insensitive)."""
    forms = [f.lower() for f in readable_forms(blob)]
    return [m for m in FORBIDDEN if any(m.lower() in f for f in forms)]


@pytest.fixture
def secret_visit(workspace):
    configure(workspace)
    return add_visit(workspace, plant_markers=True)


def test_markers_reach_the_internal_briefing(workspace, secret_visit):
    """The markers are really planted where the briefing reads them (so the tests below can fail)."""
    with workspace.begin() as conn:
        (internal,) = visit_invites(
            conn, secret_visit.visit_pk, load_rules(conn), ["internal"], NOW, AS_OF
        )
    (ev,) = icalendar.Calendar.from_ical(internal.ics).events
    description = str(ev["DESCRIPTION"])
    for key in ("deal_name", "objective", "debrief_summary", "contact_title", "exec_title"):
        assert MARKERS[key] in description
    assert f"In {MARKERS['stage']} for" in description  # a stall reason
    assert "987,654,321" in description


def test_external_invite_bytes_hold_no_internal_marker(workspace, secret_visit):
    with workspace.begin() as conn:
        (external,) = visit_invites(
            conn, secret_visit.visit_pk, load_rules(conn), ["external"], NOW, AS_OF
        )
    assert leaked(external.ics) == []
    (ev,) = icalendar.Calendar.from_ical(external.ics).events
    # Only allow-listed properties exist at all.
    allowed = {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "ORGANIZER",
        "ATTENDEE",
        "SEQUENCE",
        "STATUS",
    }
    assert set(ev.keys()) <= allowed
    assert not ev.subcomponents  # no alarms


def test_external_cancellation_and_calendar_hold_no_internal_marker(workspace, secret_visit):
    with workspace.begin() as conn:
        conn.execute(
            text("UPDATE visit SET status = 'cancelled' WHERE id = :i"),
            {"i": secret_visit.visit_pk},
        )
        rules = load_rules(conn)
        (cancel,) = visit_invites(conn, secret_visit.visit_pk, rules, ["external"], NOW, AS_OF)
        many = visits_calendar(conn, [secret_visit.visit_pk], rules, "external", NOW, AS_OF)
    assert cancel.method == "CANCEL"
    assert leaked(cancel.ics) == []
    assert leaked(many) == []


def test_external_email_holds_no_internal_marker_in_any_part(workspace, smtp_server):
    configure(
        workspace, smtp_host=smtp_server.host, smtp_port=smtp_server.port, smtp_starttls=False
    )
    visit = add_visit(workspace, plant_markers=True)
    with workspace.begin() as conn:
        send_visit_invites(
            conn, visit.visit_pk, load_rules(conn), ["internal", "external"], None, NOW, as_of=AS_OF
        )
    internal, external = smtp_server.received
    internal_text = message_from_bytes(internal.data, policy=policy.default).get_body(("plain",))
    assert MARKERS["deal_name"] in internal_text.get_content()
    msg = message_from_bytes(external.data, policy=policy.default)
    assert leaked(external.data) == []
    for name, value in msg.items():
        assert leaked(str(value).encode()) == [], name
    parts = list(msg.walk())
    assert len(parts) == 5  # mixed, alternative, plain, calendar, attachment
    for part in parts:
        if part.is_multipart():
            continue
        assert leaked(part.get_payload(decode=True)) == [], part.get_content_type()


def test_caldav_copy_holds_no_internal_marker(workspace, radicale):
    configure(workspace, caldav_url=radicale.url, caldav_username=radicale.username)
    visit = add_visit(workspace, plant_markers=True)
    with workspace.begin() as conn:
        publish_visit(
            conn, visit.visit_pk, load_rules(conn), "external", radicale.password, NOW, AS_OF
        )
    # Every file the server keeps (items, caches, properties) is free of markers.
    kept = [f for f in radicale.storage.rglob("*") if f.is_file()]
    assert kept
    for f in kept:
        assert leaked(f.read_bytes()) == [], f.name
    (item,) = [f for f in kept if f.suffix == ".ics" and ".Radicale.cache" not in f.parts]
    url = f"{radicale.url}{item.relative_to(radicale.storage / 'collection-root').as_posix()}"
    served = dav_http.get(url, auth=(radicale.username, radicale.password), timeout=10)
    assert served.status_code == 200
    assert b"BEGIN:VEVENT" in served.content
    assert leaked(served.content) == []
