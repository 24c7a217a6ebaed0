"""Stage order, safe re-imports and history dated by the CRM, on hand-built batches."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fieldvisit.errors import FieldVisitError
from fieldvisit.ingest.crm.engine import ExportRefused, import_export
from fieldvisit.settings import load_rules, save_rules, set_pipeline
from fieldvisit.store import Workspace
from tests.ingest.conftest import dump
from tests.ingest.crm_batches import TODAY, at, company, rec, rows

LATER = datetime(2026, 6, 22, 7, 45, tzinfo=UTC)


def _pipeline(ws: Workspace) -> list[str]:
    with ws.connect() as conn:
        return load_rules(conn).pipeline


def test_the_crms_stage_order_is_kept_with_won_and_lost_at_the_end(workspace: Workspace) -> None:
    report = import_export(workspace, company(), today=TODAY)
    expected = ["Prospecting", "Qualification", "Proposal", "Closed Won", "Closed Lost"]
    assert report.pipeline == expected and report.stage_order_from == "export"
    assert _pipeline(workspace) == expected


def test_stages_given_on_the_command_line_order_the_pipeline(workspace: Workspace) -> None:
    batch = company()
    batch.stage_order = None
    report = import_export(
        workspace, batch, stages=["Closed Won", "Qualification", "Proposal"], today=TODAY
    )
    assert report.stage_order_from == "--stages"
    # Prospecting (in the stage history, not in --stages) goes before the closed stages, noted.
    assert _pipeline(workspace) == ["Qualification", "Proposal", "Prospecting", "Closed Won"]
    assert any(n.startswith("Stages the --stages order does not list") for n in report.notes)


def test_without_an_order_new_stages_go_before_the_closed_ones_with_a_warning(
    workspace: Workspace,
) -> None:
    import_export(workspace, company(), today=TODAY)
    batch = company(exported=LATER)
    batch.stage_order = None
    batch.records["deals"][1].values.update(stage="Security Review", stage_entered_on="2026-06-10")
    report = import_export(workspace, batch, today=LATER.date())
    assert report.stages_added == ["Security Review"]
    assert _pipeline(workspace) == [
        "Prospecting", "Qualification", "Proposal", "Security Review", "Closed Won", "Closed Lost",
    ]  # fmt: skip
    (note,) = [n for n in report.notes if "does not give the order" in n]
    assert note == (
        "The export does not give the order of its stages: Security Review was added before the "
        "closed stages in the order first seen. If that is not their order, set it with "
        '`fieldvisit pipeline --set "Prospecting;Qualification;Proposal;Security Review;Closed '
        'Won;Closed Lost"` (reordered), or import with `--stages "A;B;C"`.'
    )


def test_the_pipeline_order_can_be_changed_later_and_is_checked(workspace: Workspace) -> None:
    import_export(workspace, company(), today=TODAY)
    with workspace.begin() as conn:
        order = set_pipeline(conn, ["prospecting", "Proposal", "Qualification", "Closed Won"])
    assert order == ["Prospecting", "Proposal", "Qualification", "Closed Won"]
    assert _pipeline(workspace) == order
    with workspace.begin() as conn, pytest.raises(FieldVisitError, match="'Proposal' .1 deal."):
        set_pipeline(conn, ["Qualification", "Closed Won"])
    with workspace.begin() as conn, pytest.raises(FieldVisitError, match="named twice"):
        set_pipeline(conn, ["Qualification", "qualification", "Proposal", "Closed Won"])
    with workspace.begin() as conn, pytest.raises(FieldVisitError, match="none of them empty"):
        set_pipeline(conn, [])


def test_an_older_export_is_refused_unless_forced(workspace: Workspace) -> None:
    newer = company(exported=LATER)
    for deal in newer.records["deals"]:
        deal.modified_at = at("2026-06-19 16:45")
    newer.records["deals"][0].values["stage"] = "Qualification"
    import_export(workspace, newer, today=LATER.date())
    before = dump(workspace)
    with pytest.raises(ExportRefused) as refused:
        import_export(workspace, company(), today=TODAY)
    assert str(refused.value) == (
        "This Salesforce export is older than what the workspace holds: 3 deals in it are older "
        "than the workspace's copies (Salesforce changed them after this export; the workspace "
        "holds changes up to 2026-06-19 16:45 UTC); it was exported 2026-06-01 07:45 UTC, before "
        "the newest Salesforce export already imported (2026-06-22 07:45 UTC). Importing it would "
        "move records back, so nothing was imported; import a newer export, or use --force to "
        "import this one anyway."
    )
    assert dump(workspace) == before
    forced = import_export(workspace, company(), force=True, today=TODAY)
    assert "Imported although older than the workspace's data (--force)." in forced.notes
    assert rows(workspace, "SELECT stage FROM deal WHERE external_id = 'D1'") == [("Proposal",)]


def test_the_same_export_again_changes_nothing(workspace: Workspace) -> None:
    import_export(workspace, company(), today=TODAY)
    before = dump(workspace)
    report = import_export(workspace, company(), today=date(2026, 7, 1))
    assert all(k.inserted == 0 and k.updated == 0 for k in report.kinds), report.lines()
    assert dump(workspace) == {**before, "crm_import": dump(workspace)["crm_import"]}


def test_a_newer_stamp_alone_is_no_change(workspace: Workspace) -> None:
    import_export(workspace, company(), today=TODAY)
    newer = company(exported=LATER)
    for deal in newer.records["deals"]:
        deal.modified_at = at("2026-06-20 10:00")
    report = import_export(workspace, newer, today=LATER.date())
    deals = report.kind("deals")
    assert deals is not None and (deals.updated, deals.unchanged) == (0, 3)
    assert rows(workspace, "SELECT DISTINCT crm_modified_at FROM deal") == [
        ("2026-06-20 10:00:00.000000",)
    ]


def test_history_takes_the_crms_dates_never_the_import_day(workspace: Workspace) -> None:
    import_export(workspace, company(), today=TODAY)
    later = company(exported=LATER)
    atlas, kestrel, _ = later.records["deals"]
    # Atlas moves on with the CRM's stage date; Kestrel moves and its close date slips, and
    # the export only stamps the record (its last change on 2026-06-12).
    atlas.values.update(stage="Closed Won", stage_entered_on="2026-06-18", close_date="2026-06-18")
    del kestrel.values["stage_entered_on"]
    kestrel.values.update(stage="Proposal", close_date="2026-10-31")
    kestrel.modified_at = at("2026-06-12 14:05")
    # A close-date change the CRM recorded with its own moment (Salesforce's history).
    later.close_moves.append(rec("OpportunityHistory.csv", 9, {"deal_id": "D1", "old_date":
                             "2026-08-08", "new_date": "2026-06-18", "changed_on": "2026-06-17"}))  # fmt: skip
    report = import_export(workspace, later, today=date(2026, 7, 30))
    deals = report.kind("deals")
    assert deals is not None
    assert (deals.stage_changes, deals.close_date_pushes, deals.close_date_pulls) == (2, 1, 1)
    assert rows(
        workspace,
        "SELECT d.external_id, s.stage, s.entered_on FROM stage_change s JOIN deal d "
        "ON d.id = s.deal_id WHERE s.entered_on > '2026-06-01' ORDER BY 1",
    ) == [("D1", "Closed Won", "2026-06-18"), ("D2", "Proposal", "2026-06-12")]
    assert rows(
        workspace,
        "SELECT d.external_id, c.old_date, c.new_date, c.changed_on FROM close_date_change c "
        "JOIN deal d ON d.id = c.deal_id ORDER BY 1",
    ) == [
        ("D1", "2026-08-08", "2026-06-18", "2026-06-17"),
        ("D2", "2026-09-30", "2026-10-31", "2026-06-12"),
    ]
    assert rows(workspace, "SELECT external_id, stage_entered_on, status FROM deal ORDER BY 1")[
        :2
    ] == [
        ("D1", "2026-06-18", "won"),
        ("D2", "2026-06-12", "open"),
    ]


def test_an_undated_stage_is_dated_by_the_export_not_the_import_day(workspace: Workspace) -> None:
    batch = company()
    del batch.records["deals"][1].values["stage_entered_on"]
    import_export(workspace, batch)  # today: the export's date
    assert rows(workspace, "SELECT stage_entered_on FROM deal WHERE external_id = 'D2'") == [
        ("2026-06-01",)
    ]


def test_the_stage_history_dates_a_deal_whose_row_has_no_stage_date(workspace: Workspace) -> None:
    batch = company()
    del batch.records["deals"][0].values["stage_entered_on"]  # D1 entered Proposal on 02-10
    import_export(workspace, batch, today=TODAY)
    assert rows(workspace, "SELECT stage_entered_on FROM deal WHERE external_id = 'D1'") == [
        ("2026-02-10",)
    ]


def test_close_date_history_is_written_once(workspace: Workspace) -> None:
    def with_history() -> object:
        batch = company()
        batch.close_moves.append(rec("OpportunityHistory.csv", 5, {"deal_id": "D1",
                                 "old_date": "2026-05-15", "new_date": "2026-08-08",
                                 "changed_on": "2026-03-02"}))  # fmt: skip
        return batch

    first = import_export(workspace, with_history(), today=TODAY)  # type: ignore[arg-type]
    assert first.kind("deals").close_date_pushes == 1  # type: ignore[union-attr]
    again = import_export(workspace, with_history(), today=TODAY)  # type: ignore[arg-type]
    assert again.kind("deals").close_date_pushes == 0  # type: ignore[union-attr]
    assert rows(workspace, "SELECT count(*) FROM close_date_change") == [(1,)]


def test_the_stage_order_setting_survives_an_import_without_new_stages(
    workspace: Workspace,
) -> None:
    import_export(workspace, company(), today=TODAY)
    with workspace.begin() as conn:
        save_rules(conn, {"pipeline": ["Qualification", "Prospecting", "Proposal", "Closed Won",
                                       "Closed Lost"]})  # fmt: skip
    batch = company()
    batch.stage_order = None
    import_export(workspace, batch, today=TODAY)
    assert _pipeline(workspace)[:2] == ["Qualification", "Prospecting"]


def test_a_deal_won_by_status_while_its_stage_stays_enters_the_won_stage(
    workspace: Workspace,
) -> None:
    batch = company("pipedrive")
    batch.stage_order, batch.won_stages, batch.lost_stages = None, set(), set()
    won = batch.records["deals"][2]  # Pipedrive: won is a status, the stage stays
    won.values.update(stage="Proposal", status="won", close_date="2026-04-02",
                      stage_entered_on="2026-03-01")  # fmt: skip
    report = import_export(workspace, batch, today=TODAY)
    assert rows(
        workspace, "SELECT stage, stage_entered_on, status FROM deal WHERE external_id = 'D3'"
    ) == [("Closed Won", "2026-04-02", "won")]
    assert report.pipeline[-2:] == ["Closed Won", "Closed Lost"]
