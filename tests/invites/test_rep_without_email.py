"""A rep a CRM only named (no e-mail address yet) is left off invites, with a note saying so."""

from __future__ import annotations

from sqlalchemy import text

from fieldvisit.cli import main

from .builder import add_visit, configure


def _rep_loses_address(workspace) -> None:
    with workspace.begin() as conn:
        conn.execute(
            text(
                "UPDATE rep SET email = NULL, crm_key = 'crm:pipedrive:Rob Rep' WHERE name = 'Rob Rep'"
            )
        )


def test_export_of_the_internal_invite_skips_the_rep_with_a_note(workspace, tmp_path, capsys):
    configure(workspace)
    add_visit(workspace)
    _rep_loses_address(workspace)
    workspace.close()
    out = tmp_path / "internal.ics"
    code = main(["--db", workspace.label, "export-ics", "--visit", "V-1",
                 "--audience", "internal", "-o", str(out)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "Note: Rob Rep has no e-mail address and is not on the invite." in printed
    data = out.read_text()
    assert "ana.exec@northwind.example" in data and "Rob Rep" not in data.split("DESCRIPTION")[0]


def test_sending_invites_skips_the_rep_with_a_note(workspace, smtp_server, capsys):
    configure(
        workspace, smtp_host=smtp_server.host, smtp_port=smtp_server.port, smtp_starttls=False
    )
    add_visit(workspace)
    _rep_loses_address(workspace)
    workspace.close()
    assert main(["--db", workspace.label, "send-invites", "--visit", "V-1"]) == 0
    out = capsys.readouterr().out
    assert (
        "Sent the internal REQUEST (sequence 0) of visit V-1 to ana.exec@northwind.example\n" in out
    )
    assert "Note: Rob Rep has no e-mail address and is not on the internal invite." in out
    recipients = [to for message in smtp_server.received for to in message.rcpt_tos]
    assert "rob.rep@northwind.example" not in recipients and None not in recipients
