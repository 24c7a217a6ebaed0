"""The invite commands as a chief of staff runs them: export, send, publish, cancel, settings."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from fieldvisit.cli import main
from tests.either_engine import reopen

from .builder import START, add_trip, add_visit, configure
from .checks import check_all


def run(db, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def ready(workspace):
    """A workspace with the organizer set and one visit V-1, closed so commands open it."""
    configure(workspace)
    add_visit(workspace)
    workspace.close()
    return workspace.label


def only_event(data: bytes) -> icalendar.Event:
    (ev,) = icalendar.Calendar.from_ical(data).events
    return ev


def test_export_ics_writes_the_external_invite_by_default(ready, tmp_path, capsys):
    out = tmp_path / "visit.ics"
    assert run(ready, "export-ics", "--visit", "V-1", "-o", str(out)) == 0
    data = out.read_bytes()
    assert check_all(data) == "REQUEST"
    assert str(only_event(data)["SUMMARY"]) == "Meeting: Northwind Traders and Acme Corp"
    assert "external invite of visit V-1 (REQUEST, sequence 0)" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_ics_internal_and_again_after_a_change(ready, tmp_path):
    out = tmp_path / "internal.ics"
    assert run(ready, "export-ics", "--visit", "V-1", "--audience", "internal", "-o", str(out)) == 0
    first = only_event(out.read_bytes())
    assert "INTERNAL BRIEFING" in str(first["DESCRIPTION"])

    with reopen(ready) as ws, ws.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("UPDATE visit SET location = 'Acme West Campus' WHERE external_id='V-1'"))
    # Replacing an .ics we wrote is fine; the update carries the same UID and a higher SEQUENCE.
    assert run(ready, "export-ics", "--visit", "V-1", "--audience", "internal", "-o", str(out)) == 0
    second = only_event(out.read_bytes())
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1


def test_export_ics_trip_writes_one_publish_file(workspace, tmp_path, capsys):
    configure(workspace)
    trip = add_trip(workspace, "ana.exec@northwind.example", "T-9")
    for n in range(2):
        add_visit(
            workspace,
            visit_id=f"V-{n}",
            account_id=f"A-{n}",
            trip_pk=trip,
            start=START + timedelta(days=n),
        )
    workspace.close()
    out = tmp_path / "trip.ics"
    assert run(workspace.label, "export-ics", "--trip", "T-9", "-o", str(out)) == 0
    assert check_all(out.read_bytes()) == "PUBLISH"
    assert "2 visits, PUBLISH" in capsys.readouterr().out


@pytest.mark.sqlite_only  # the file it must not overwrite is the workspace file
def test_export_ics_refuses_to_overwrite_a_file_that_is_not_a_calendar(ready, capsys):
    ready = Path(ready)
    before = ready.read_bytes()
    assert run(ready, "export-ics", "--visit", "V-1", "-o", str(ready)) == 1
    err = capsys.readouterr().err
    assert "is not a calendar file; Field Visit will not overwrite it" in err
    assert len(err.strip().splitlines()) == 1
    assert ready.read_bytes() == before


def test_failed_export_leaves_no_file_behind(workspace, tmp_path, capsys):
    # No organizer configured and an executive without an e-mail: nobody can organise it.
    add_visit(workspace, exec_email=None)  # type: ignore[arg-type]
    workspace.close()
    out = tmp_path / "out" / "visit.ics"
    out.parent.mkdir()
    assert run(workspace.label, "export-ics", "--visit", "V-1", "-o", str(out)) == 1
    assert "no executive with an e-mail address" in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []


def test_unknown_visit_is_a_one_line_error(ready, tmp_path, capsys):
    assert run(ready, "export-ics", "--visit", "NOPE", "-o", str(tmp_path / "x.ics")) == 1
    assert "NOPE" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()


def test_send_invites_emails_both_audiences(workspace, smtp_server, capsys):
    configure(
        workspace, smtp_host=smtp_server.host, smtp_port=smtp_server.port, smtp_starttls=False
    )
    add_visit(workspace)
    workspace.close()
    assert run(workspace.label, "send-invites", "--visit", "V-1") == 0
    out = capsys.readouterr().out
    assert "Sent the internal REQUEST (sequence 0) of visit V-1 to ana.exec@" in out
    assert "Sent the external REQUEST (sequence 0) of visit V-1 to dana.lee@" in out
    assert len(smtp_server.received) == 2


def test_publish_puts_the_visit_on_the_calendar(workspace, radicale, monkeypatch, capsys):
    configure(workspace, caldav_url=radicale.url, caldav_username=radicale.username)
    add_visit(workspace)
    workspace.close()
    monkeypatch.setenv("FIELDVISIT_CALDAV_PASSWORD", radicale.password)
    assert run(workspace.label, "publish", "--visit", "V-1") == 0
    assert run(workspace.label, "publish", "--visit", "V-1") == 0
    out = capsys.readouterr().out
    assert "Published the external version of visit V-1" in out
    assert "Updated the external version of visit V-1" in out


def test_invite_settings_are_stored_and_shown(workspace, capsys):
    workspace.close()
    assert (
        run(
            workspace.label,
            "invite-settings",
            "--organizer-email",
            "cos@northwind.example",
            "--organizer-name",
            "Casey Chief",
            "--smtp-port",
            "2525",
            "--no-smtp-starttls",
            "--json",
        )
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert shown["organizer_email"] == "cos@northwind.example"
    assert shown["smtp_port"] == 2525 and shown["smtp_starttls"] is False
    assert run(workspace.label, "invite-settings") == 0
    assert "Casey Chief" in capsys.readouterr().out


def test_cancel_writes_a_cancellation_with_the_same_uid(ready, tmp_path, capsys):
    invite, cancel = tmp_path / "invite.ics", tmp_path / "cancel.ics"
    assert run(ready, "export-ics", "--visit", "V-1", "-o", str(invite)) == 0
    assert run(ready, "cancel", "--visit", "V-1", "-o", str(cancel)) == 0
    assert check_all(cancel.read_bytes()) == "CANCEL"
    before, after = only_event(invite.read_bytes()), only_event(cancel.read_bytes())
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1  # raised once, not twice
    assert str(after["STATUS"]) == "CANCELLED"
    out = capsys.readouterr().out
    assert "Visit V-1 is cancelled." in out
    # Exporting a cancelled visit again gives the same cancellation, not a new invite.
    assert run(ready, "export-ics", "--visit", "V-1", "-o", str(invite)) == 0
    again = only_event(invite.read_bytes())
    assert str(again["STATUS"]) == "CANCELLED" and int(again["SEQUENCE"]) == int(after["SEQUENCE"])


def test_cancel_sends_and_unpublishes_what_was_sent(
    workspace, smtp_server, radicale, monkeypatch, capsys
):
    configure(
        workspace,
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        smtp_starttls=False,
        caldav_url=radicale.url,
        caldav_username=radicale.username,
    )
    add_visit(workspace)
    workspace.close()
    monkeypatch.setenv("FIELDVISIT_CALDAV_PASSWORD", radicale.password)
    assert run(workspace.label, "send-invites", "--visit", "V-1") == 0
    assert run(workspace.label, "publish", "--visit", "V-1") == 0
    assert run(workspace.label, "cancel", "--visit", "V-1", "--send", "--unpublish") == 0
    out = capsys.readouterr().out
    assert "Removed 1 event(s) from the calendar" in out
    assert "Sent the external CANCEL (sequence 1) of visit V-1 to dana.lee@" in out
    cancels = smtp_server.received[2:]
    assert len(cancels) == 2
    for received in cancels:
        assert b"method=CANCEL" in received.data or b'method="CANCEL"' in received.data
    assert not any(
        f.suffix == ".ics"
        for f in radicale.storage.rglob("*")
        if f.is_file() and ".Radicale.cache" not in f.parts
    )


def test_cancel_of_a_visit_never_sent_sends_nothing(workspace, smtp_server, capsys):
    configure(
        workspace, smtp_host=smtp_server.host, smtp_port=smtp_server.port, smtp_starttls=False
    )
    add_visit(workspace)
    workspace.close()
    assert run(workspace.label, "cancel", "--visit", "V-1", "--send") == 0
    assert "No invites were sent for this visit" in capsys.readouterr().out
    assert smtp_server.received == []


def test_reschedule_by_the_planner_raises_sequence_once(ready, tmp_path):
    from fieldvisit.planning import reschedule_visit, visit_pk_for

    out = tmp_path / "v.ics"
    assert run(ready, "export-ics", "--visit", "V-1", "-o", str(out)) == 0
    first = only_event(out.read_bytes())
    with reopen(ready) as ws, ws.begin() as conn:
        reschedule_visit(conn, visit_pk_for(conn, "V-1"), START + timedelta(days=1), 90)
    assert run(ready, "export-ics", "--visit", "V-1", "-o", str(out)) == 0
    second = only_event(out.read_bytes())
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert second.start == START + timedelta(days=1)
    assert second.end - second.start == timedelta(minutes=90)


def test_unset_company_name_is_pointed_out(workspace, tmp_path, capsys):
    configure(workspace, company_name="Our company")
    add_visit(workspace)
    workspace.close()
    assert run(workspace.label, "export-ics", "--visit", "V-1", "-o", str(tmp_path / "v.ics")) == 0
    assert "invite-settings --company-name" in capsys.readouterr().err
