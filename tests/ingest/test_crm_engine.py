"""The CRM import engine on hand-built batches: one transaction, names resolved, problems grouped."""

from __future__ import annotations

import pytest

from fieldvisit.ingest.crm.batch import Origin
from fieldvisit.ingest.crm.engine import ExportRefused, import_export, preview
from fieldvisit.store import Workspace
from tests.ingest.conftest import dump
from tests.ingest.crm_batches import TODAY, company, rec, rows


def test_a_whole_export_is_written_in_dependency_order_with_its_findings(
    workspace: Workspace,
) -> None:
    report = import_export(workspace, company(), today=TODAY)
    assert report.ok
    counts = {k.kind: (k.rows, k.inserted) for k in report.kinds}
    assert counts == {
        "executives": (2, 2),
        "reps": (2, 2),
        "accounts": (3, 3),
        "contacts": (2, 2),
        "deals": (3, 3),
        "stage-history": (3, 2),  # the deal's own stage entry was written with the deal
        "activities": (2, 2),
        "visits": (1, 1),
    }
    assert [f.file for f in report.files] == ["User.csv", "Account.csv", "Opportunity.csv"]
    assert rows(
        workspace,
        "SELECT d.external_id, a.external_id, r.email, d.status FROM deal d "
        "JOIN account a ON a.id = d.account_id JOIN rep r ON r.id = d.owner_rep_id ORDER BY 1",
    ) == [
        ("D1", "A1", "tom@northwind.example", "open"),
        ("D2", "A2", "tom@northwind.example", "open"),
        ("D3", "A3", "lea@northwind.example", "won"),
    ]
    # The CEO's e-mail task is no rep's; the meeting without an executive is no visit.
    assert rows(workspace, "SELECT external_id, rep_id IS NULL FROM activity ORDER BY 1") == [
        ("T1", 0),
        ("T2", 1),
    ]
    assert rows(
        workspace,
        "SELECT v.external_id, e.email, r.email FROM visit v "
        "JOIN visit_executive ve ON ve.visit_id = v.id JOIN executive e ON e.id = ve.executive_id "
        "JOIN visit_rep vr ON vr.visit_id = v.id JOIN rep r ON r.id = vr.rep_id",
    ) == [("E1", "helena@northwind.example", "tom@northwind.example")]
    assert any("1 meeting had no executive among its people" in n for n in report.notes)


def test_names_resolve_against_the_batch_and_the_workspace_case_and_space_blind(
    workspace: Workspace,
) -> None:
    import_export(workspace, company(), today=TODAY)
    later = company()
    later.records["accounts"] = []  # this export holds no accounts: names go to the workspace
    deal = later.records["deals"][1]
    del deal.values["account_id"]
    deal.by_name["account_id"] = "  kestrel   LOGISTICS gmbh "
    later.add("deals", rec("Opportunity.csv", 9, {"deal_id": "D9", "name": "Atlas - Add-on",
              "stage": "Prospecting"}, names={"account_id": "Atlas Maschinenbau GmbH",
              "owner_email": "Tom Becker"}))  # fmt: skip
    later.add("stage-history", rec("History.csv", 9, {"stage": "Prospecting",
              "entered_on": "2026-05-30"}, names={"deal_id": "ATLAS - ADD-ON"}))  # fmt: skip
    report = import_export(workspace, later, today=TODAY)
    assert report.ok, report.problems.lines()
    assert rows(
        workspace,
        "SELECT d.external_id, a.external_id, s.entered_on FROM deal d "
        "JOIN account a ON a.id = d.account_id "
        "JOIN stage_change s ON s.deal_id = d.id AND s.stage = d.stage "
        "WHERE d.external_id IN ('D2', 'D9') ORDER BY 1",
    ) == [("D2", "A2", "2026-05-25"), ("D9", "A1", "2026-05-30")]


def test_an_ambiguous_name_is_a_problem_naming_the_candidates_and_nothing_is_written(
    workspace: Workspace,
) -> None:
    batch = company()
    batch.add("accounts", rec("Account.csv", 5, {"account_id": "A4",
              "name": "Atlas Maschinenbau GmbH", "city": "Linz", "country": "Austria"}))  # fmt: skip
    for deal in batch.records["deals"][:2]:
        deal.by_name["account_id"] = "Atlas Maschinenbau GmbH"
        del deal.values["account_id"]
    before = dump(workspace)
    with pytest.raises(ExportRefused) as refused:
        import_export(workspace, batch, today=TODAY)
    (problem,) = refused.value.report.problems
    assert problem.line() == (
        "Opportunity.csv: account_id: 2 rows name 'Atlas Maschinenbau GmbH', which is two "
        "accounts: Stuttgart, Germany (A1) and Linz, Austria (A4); add the Account ID column to "
        "the export — e.g. row 2 ('Atlas Maschinenbau GmbH'), row 3 ('Atlas Maschinenbau GmbH')"
    )
    assert str(refused.value) == "2 problems (1 cause); nothing was imported."
    assert dump(workspace) == before


def test_the_account_a_deal_names_narrows_an_ambiguous_contact_name(workspace: Workspace) -> None:
    batch = company()
    batch.add("contacts", rec("Contact.csv", 4, {"contact_id": "C3", "account_id": "A2",
              "name": "Andreas Huber"}))  # fmt: skip
    task = batch.records["activities"][0]
    del task.values["contact_ids"]
    task.by_name["contact_ids"] = "Andreas Huber"
    task.values["account_id"] = "A1"
    assert import_export(workspace, batch, today=TODAY).ok
    assert rows(
        workspace,
        "SELECT c.external_id FROM activity_contact ac JOIN contact c ON c.id = ac.contact_id",
    ) == [("C1",)]


def test_problems_from_reader_and_checking_are_grouped_by_cause_with_counts(
    workspace: Workspace,
) -> None:
    batch = company()
    for i in range(30):
        batch.add("deals", rec("Opportunity.csv", 10 + i, {"deal_id": f"X{i}", "account_id": "A1",
                  "name": f"Deal {i}", "stage": "Proposal", "amount": "410,000.00"},
                  names={"owner_email": "U3"}))  # fmt: skip
    batch.add("visits", rec("Event.csv", 9, {"visit_id": "E9", "account_id": "A1",
              "start": "yesterday", "executive_emails": "U1"}))  # fmt: skip
    batch.problems.add(Origin("report.csv", 7), "Close Date", "is not a date", "31/02/2026")
    with pytest.raises(ExportRefused) as refused:
        import_export(workspace, batch, today=TODAY)
    lines = refused.value.report.problems.lines()
    assert lines == [
        "Event.csv: start: 1 row is not a date-time like 2026-03-14T09:30:00+01:00 — "
        "e.g. row 9 ('yesterday')",
        "Opportunity.csv: amount: 30 rows is not a number like 1234.5 (write 1234.5: no thousands "
        "separators or decimal commas) — e.g. row 10 ('410,000.00'), row 11 ('410,000.00'), "
        "row 12 ('410,000.00') and 27 more",
        "report.csv: Close Date: 1 row is not a date — e.g. row 7 ('31/02/2026')",
    ]
    assert str(refused.value) == "32 problems (3 causes); nothing was imported."


def test_a_problem_in_the_last_kind_rolls_back_every_kind(workspace: Workspace) -> None:
    batch = company()
    batch.records["visits"][0].values["end"] = "2026-05-21 08:00:00"  # before its start
    before = dump(workspace)
    with pytest.raises(ExportRefused) as refused:
        import_export(workspace, batch, today=TODAY)
    assert refused.value.report.problems.lines() == [
        "Event.csv: end: 1 row ends before it starts — e.g. row 2"
    ]
    assert dump(workspace) == before


def test_a_dry_run_reports_the_changes_and_writes_nothing(workspace: Workspace) -> None:
    before = dump(workspace)
    report = import_export(workspace, company(), dry_run=True, today=TODAY)
    assert report.dry_run and report.ok
    assert report.kind("deals") is not None and report.kind("deals").inserted == 3  # type: ignore[union-attr]
    assert "Dry run: nothing was written to the workspace." in report.lines()
    assert dump(workspace) == before


def test_preview_shows_a_refusal_as_its_report_without_writing(workspace: Workspace) -> None:
    batch = company()
    batch.records["deals"][0].values["amount"] = "lots"
    before = dump(workspace)
    report = preview(workspace, batch, today=TODAY)
    assert not report.ok
    assert [p.column for p in report.problems] == ["amount"]
    assert [f.what for f in report.files] == ["users", "accounts", "deals"]
    assert dump(workspace) == before
    # the caller's batch is left as read: importing it after fixing the value works
    batch.records["deals"][0].values["amount"] = "520000"
    assert import_export(workspace, batch, today=TODAY).ok


def test_contacts_at_no_account_are_left_out_with_a_note(workspace: Workspace) -> None:
    batch = company()
    batch.add("contacts", rec("Contact.csv", 4, {"contact_id": "C9", "name": "Freya Nilsen"}))
    report = import_export(workspace, batch, today=TODAY)
    assert "Contacts at no account, left out: Freya Nilsen." in report.notes
    assert rows(workspace, "SELECT count(*) FROM contact") == [(2,)]


def test_the_report_and_its_json_say_what_was_found_and_done(workspace: Workspace) -> None:
    report = import_export(workspace, company(), today=TODAY)
    data = report.as_json()
    assert data["ok"] is True and data["refused"] is None and data["crm"] == "salesforce"
    assert data["exported_at"] == "2026-06-01T07:45:00Z"
    assert data["kinds"]["deals"] == {
        "rows": 3, "added": 3, "updated": 0, "unchanged": 0, "left_out": 0, "stage_changes": 3,
        "close_dates_pushed": 0, "close_dates_pulled": 0, "warnings": 0,
    }  # fmt: skip
    assert data["executives"] == [
        {"name": "Helena Brandt", "email": "helena@northwind.example", "level": "C",
         "because": "title 'CEO & Co-Founder'"},
        {"name": "Marcus Okafor", "email": "marcus@northwind.example", "level": "SVP",
         "because": "title 'EVP Global Sales'"},
    ]  # fmt: skip
    assert data["reps"] == {"count": 2, "without_email": []}
    assert data["pipeline"]["order_from"] == "export"
    text = str(report)
    assert "  C   Helena Brandt <helena@northwind.example> — title 'CEO & Co-Founder'" in text
    assert "  deals: 3 rows; 3 were added, 0 updated, 0 unchanged; 3 stage entries" in text


def test_cancelling_leaves_the_workspace_as_it_was(workspace: Workspace) -> None:
    from fieldvisit.errors import Cancelled

    before = dump(workspace)
    seen: list[str] = []

    def cancel() -> bool:
        return len(seen) >= 3  # after a few kinds were written

    with pytest.raises(Cancelled):
        import_export(
            workspace, company(), today=TODAY, cancel=cancel, progress=lambda f, m: seen.append(m)
        )
    assert seen[:3] == [
        "checking and writing executives",
        "checking and writing reps",
        "checking and writing accounts",
    ]
    assert dump(workspace) == before


def test_new_stages_follow_the_order_the_deals_probabilities_imply(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Without a stated order, the likely one wins over first-seen; won/lost stay last."""
    from pathlib import Path

    from fieldvisit.ingest.crm import pipedrive
    from fieldvisit.ingest.crm.batch import ReadOptions
    from fieldvisit.ingest.crm.files import read_tables
    from fieldvisit.ingest.crm.stages import settle_stages
    from fieldvisit.settings import load_rules
    from fieldvisit.store import create_workspace
    from tests.ingest.crm import write_route

    batch = pipedrive.read_export(
        read_tables(write_route("pipedrive", Path(tmp_path) / "e1")), ReadOptions()
    )
    with create_workspace(Path(tmp_path) / "ws.fieldvisit") as ws, ws.connect() as conn:
        order = settle_stages(conn, load_rules(conn).pipeline, batch, None)
    assert order.source == "probabilities"
    assert order.pipeline[:5] == [
        "Qualified",
        "Contact Made",
        "Demo Scheduled",
        "Proposal Made",
        "Negotiations Started",
    ]
    assert order.pipeline[-2:] == ["Closed Won", "Closed Lost"]
    assert "pipeline --set" in order.notes[0]
