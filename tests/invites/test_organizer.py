"""Invites before any invite settings exist: the executive organises, a chief of staff sends.

RFC 5545 3.2.18: SENT-BY on the ORGANIZER names who acts for the organizer. A first visit can
go out before anyone opened Settings > Invites.
"""

from __future__ import annotations

from datetime import UTC, datetime

import ics as ics_lib
import vobject

from fieldvisit.cli import main
from fieldvisit.invites import visit_invites
from fieldvisit.invites.mail import invite_message
from fieldvisit.settings import load_rules

from .builder import AS_OF, add_visit, configure
from .checks import check_all, events

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
EXEC = "mailto:ana.exec@northwind.example"
COS = "mailto:cos@northwind.example"


def organizer_by_parsers(data: bytes) -> dict[str, tuple[str, str | None, str | None]]:
    """Return (address, CN, SENT-BY) of the one event's ORGANIZER as two parsers read it."""
    _, (ev,) = events(data)
    org = ev["ORGANIZER"]
    found = {"icalendar": (str(org), org.params.get("CN"), org.params.get("SENT-BY"))}
    v = vobject.readOne(data.decode("utf-8")).vevent.organizer
    found["vobject"] = (
        v.value,
        v.params.get("CN", [None])[0],
        v.params.get("SENT-BY", [None])[0],
    )
    # The ics library keeps the organizer's address and name (no parameters beyond CN).
    (event,) = ics_lib.Calendar(data.decode("utf-8")).events
    assert event.organizer is not None
    assert event.organizer.email == EXEC.removeprefix("mailto:")
    return found


def _invites(ws, pk, audiences=("internal", "external")):
    with ws.begin() as conn:
        return visit_invites(conn, pk, load_rules(conn), list(audiences), NOW, AS_OF)


def test_exporting_works_with_no_invite_settings_and_the_executive_organises(workspace):
    visit = add_visit(workspace)  # nothing configured under Settings > Invites
    for inv in _invites(workspace, visit.visit_pk):
        assert check_all(inv.ics) == "REQUEST"
        for parser, seen in organizer_by_parsers(inv.ics).items():
            assert seen == (EXEC, "Ana Exec", None), parser
        assert b"SENT-BY" not in inv.ics


def test_a_configured_sender_is_sent_by_on_the_executives_organizer(workspace):
    configure(workspace)  # Casey Chief, cos@northwind.example
    visit = add_visit(workspace)
    for inv in _invites(workspace, visit.visit_pk):
        check_all(inv.ics)
        for parser, seen in organizer_by_parsers(inv.ics).items():
            assert seen == (EXEC, "Ana Exec", COS), parser
    # The e-mail comes from the chief of staff who sends it, and says for whom.
    msg = invite_message(inv, inv.organizer, NOW)
    assert msg["From"] == "Casey Chief <cos@northwind.example>"
    body = msg.get_body(("plain",)).get_content()
    assert "Organiser: Ana Exec <ana.exec@northwind.example>" in body
    assert "Sent by: Casey Chief <cos@northwind.example>" in body


def test_an_executive_who_is_the_configured_organizer_gets_no_sent_by(workspace):
    configure(workspace, organizer_email="ana.exec@northwind.example", organizer_name="Ana")
    visit = add_visit(workspace)
    (inv,) = _invites(workspace, visit.visit_pk, ["external"])
    assert organizer_by_parsers(inv.ics)["icalendar"] == (EXEC, "Ana Exec", None)


def test_without_an_executive_e_mail_the_configured_sender_organises(workspace):
    configure(workspace)
    visit = add_visit(workspace, exec_email=None)  # type: ignore[arg-type]
    (inv,) = _invites(workspace, visit.visit_pk, ["external"])
    _, (ev,) = events(inv.ics)
    assert str(ev["ORGANIZER"]) == COS
    assert "SENT-BY" not in ev["ORGANIZER"].params


def test_export_ics_command_needs_no_invite_settings(workspace, tmp_path, capsys):
    add_visit(workspace)
    workspace.close()
    out = tmp_path / "visit.ics"
    assert main(["--db", workspace.label, "export-ics", "--visit", "V-1", "-o", str(out)]) == 0
    assert check_all(out.read_bytes()) == "REQUEST"
    assert organizer_by_parsers(out.read_bytes())["vobject"][0] == EXEC


def test_the_organizing_executive_is_listed_as_accepted_and_not_asked_to_answer(workspace):
    visit = add_visit(workspace)
    for inv in _invites(workspace, visit.visit_pk):
        _, (ev,) = events(inv.ics)
        own = [a for a in ev["ATTENDEE"] if str(a) == EXEC]
        assert [(a.params["PARTSTAT"], a.params["RSVP"]) for a in own] == [("ACCEPTED", "FALSE")]
        others = [a for a in ev["ATTENDEE"] if str(a) != EXEC]
        assert others and all(a.params["PARTSTAT"] == "NEEDS-ACTION" for a in others)
        v = vobject.readOne(inv.ics.decode("utf-8")).vevent
        (line,) = [a for a in v.attendee_list if a.value == EXEC]
        assert line.params["PARTSTAT"] == ["ACCEPTED"] and line.params["RSVP"] == ["FALSE"]
