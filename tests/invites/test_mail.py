"""E-mailed invites through a real SMTP server (aiosmtpd on 127.0.0.1): structure and bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import text

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.delivery import send_visit_invites
from fieldvisit.settings import load_rules

from .builder import AS_OF, add_visit, configure
from .checks import check_all
from .conftest import SMTP_PASSWORD, SMTP_USER

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def send(ws, pk, audiences=("internal", "external"), password=None, ssl_context=None):
    with ws.begin() as conn:
        return send_visit_invites(
            conn,
            pk,
            load_rules(conn),
            list(audiences),
            password,
            NOW,
            as_of=AS_OF,
            ssl_context=ssl_context,
        )


def parse(raw: bytes) -> EmailMessage:
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def calendar_parts(msg: EmailMessage):
    """Return (the text/calendar alternative, the .ics attachment)."""
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, cal = alternative.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert cal.get_content_type() == "text/calendar"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename().endswith(".ics")
    return plain, cal, attachment


@pytest.fixture
def visit(workspace, smtp_server):
    configure(
        workspace,
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        smtp_username="",
        smtp_starttls=False,
    )
    return add_visit(workspace)


def test_each_audience_gets_one_message_from_the_organizer(workspace, smtp_server, visit):
    deliveries = send(workspace, visit.visit_pk)
    assert [d.audience for d in deliveries] == ["internal", "external"]
    internal, external = smtp_server.received
    assert internal.mail_from == external.mail_from == "cos@northwind.example"
    assert sorted(internal.rcpt_tos) == ["ana.exec@northwind.example", "rob.rep@northwind.example"]
    assert sorted(external.rcpt_tos) == ["dana.lee@acme.example", "sam.roe@acme.example"]
    for received in (internal, external):
        msg = parse(received.data)
        assert "cos@northwind.example" in msg["From"]
        assert msg["Subject"].startswith("Invitation: ")


def test_calendar_part_and_attachment_carry_the_exact_ics(workspace, smtp_server, visit):
    with workspace.begin() as conn:
        from fieldvisit.invites import visit_invites

        expected = {
            i.content.audience: i.ics
            for i in visit_invites(
                conn, visit.visit_pk, load_rules(conn), ["internal", "external"], NOW, AS_OF
            )
        }
    send(workspace, visit.visit_pk)
    for received, audience in zip(smtp_server.received, ("internal", "external"), strict=True):
        plain, cal, attachment = calendar_parts(parse(received.data))
        assert cal.get_param("method") == "REQUEST"
        assert cal.get_param("charset").upper() == "UTF-8"
        sent = cal.get_payload(decode=True)
        assert attachment.get_payload(decode=True) == sent
        assert check_all(sent) == "REQUEST"
        # Same bytes as a file export of the same moment (DTSTAMP is the send time).
        assert sent == expected[audience]
        assert "When: Tue 23 Jun 2026, 10:00–11:00 CDT (America/Chicago)" in plain.get_content()


def test_method_parameter_follows_a_cancellation(workspace, smtp_server, visit):
    send(workspace, visit.visit_pk)
    with workspace.begin() as conn:
        conn.execute(text("UPDATE visit SET status='cancelled' WHERE id=:i"), {"i": visit.visit_pk})
    send(workspace, visit.visit_pk)
    for received in smtp_server.received[2:]:
        msg = parse(received.data)
        _, cal, attachment = calendar_parts(msg)
        assert cal.get_param("method") == "CANCEL"
        assert check_all(cal.get_payload(decode=True)) == "CANCEL"
        assert attachment.get_filename() == "cancellation.ics"
        assert msg["Subject"].startswith("Cancelled: ")


def test_external_only_when_no_customer_has_an_address_is_an_error(workspace, smtp_server):
    configure(
        workspace, smtp_host=smtp_server.host, smtp_port=smtp_server.port, smtp_starttls=False
    )
    visit = add_visit(workspace, contacts=(("Pat Doe", None),))
    with pytest.raises(FieldVisitError, match="nobody to send to"):
        send(workspace, visit.visit_pk, ["external"])
    deliveries = send(workspace, visit.visit_pk)
    assert [d.skipped is None for d in deliveries] == [True, False]
    assert len(smtp_server.received) == 1


def test_starttls_and_login_with_the_keychain_password(workspace, tls_smtp_server):
    configure(
        workspace,
        smtp_host=tls_smtp_server.host,
        smtp_port=tls_smtp_server.port,
        smtp_username=SMTP_USER,
        smtp_starttls=True,
    )
    visit = add_visit(workspace)
    send(
        workspace,
        visit.visit_pk,
        password=SMTP_PASSWORD,
        ssl_context=tls_smtp_server.client_context,
    )
    assert tls_smtp_server.logins == [(SMTP_USER, SMTP_PASSWORD)]
    assert len(tls_smtp_server.received) == 2


def test_refused_login_is_a_clear_error_and_nothing_is_recorded(workspace, tls_smtp_server):
    configure(
        workspace,
        smtp_host=tls_smtp_server.host,
        smtp_port=tls_smtp_server.port,
        smtp_username=SMTP_USER,
        smtp_starttls=True,
    )
    visit = add_visit(workspace)
    with pytest.raises(FieldVisitError, match="refused the user name or password") as err:
        send(
            workspace,
            visit.visit_pk,
            password="wrong-pw-123",
            ssl_context=tls_smtp_server.client_context,
        )
    assert "wrong-pw-123" not in str(err.value)
    assert tls_smtp_server.received == []
    with workspace.connect() as conn:
        uid = conn.execute(
            text("SELECT internal_uid FROM visit WHERE id=:i"), {"i": visit.visit_pk}
        ).scalar()
    assert uid is None  # the failed send rolled its new state back


def test_server_that_is_not_there_is_a_clear_error(workspace):
    from .conftest import free_port

    configure(workspace, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False)
    visit = add_visit(workspace)
    with pytest.raises(FieldVisitError, match="Sending through 127.0.0.1"):
        send(workspace, visit.visit_pk)


def test_subject_says_updated_only_when_an_earlier_version_went_out(workspace, smtp_server, visit):
    # Moved by the planner before anything was sent: still a first invitation for recipients.
    with workspace.begin() as conn:
        conn.execute(
            text("UPDATE visit SET sequence = 1, location = 'Acme West' WHERE id = :i"),
            {"i": visit.visit_pk},
        )
    send(workspace, visit.visit_pk)
    with workspace.begin() as conn:
        conn.execute(
            text("UPDATE visit SET location = 'Acme East' WHERE id = :i"), {"i": visit.visit_pk}
        )
    send(workspace, visit.visit_pk)
    subjects = [parse(r.data)["Subject"] for r in smtp_server.received]
    assert [s.split(":")[0] for s in subjects] == ["Invitation"] * 2 + ["Updated invitation"] * 2
    plain, cal, _ = calendar_parts(parse(smtp_server.received[-1].data))
    assert "UPDATED" in plain.get_content()
    assert b"SEQUENCE:2" in cal.get_payload(decode=True)


def test_a_line_break_in_an_account_name_cannot_inject_mail_headers(workspace, smtp_server):
    configure(
        workspace, smtp_host=smtp_server.host, smtp_port=smtp_server.port, smtp_starttls=False
    )
    visit = add_visit(workspace, account_name="Acme\r\nBcc: spy@evil.example")
    send(workspace, visit.visit_pk)
    for received in smtp_server.received:
        assert "spy@evil.example" not in received.rcpt_tos
        msg = parse(received.data)
        assert msg["Bcc"] is None
        assert "Acme Bcc: spy@evil.example" in msg["Subject"]
