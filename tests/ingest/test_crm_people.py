"""Who the executives and reps of a CRM export are: title rule, declared levels, reps by name."""

from __future__ import annotations

import pytest

from fieldvisit.errors import FieldVisitError
from fieldvisit.ingest import import_csv
from fieldvisit.ingest.crm.batch import Batch, User
from fieldvisit.ingest.crm.engine import ExportRefused, import_export
from fieldvisit.ingest.crm.people import TitleRule, parse_executives
from fieldvisit.settings import Rules, load_rules, save_rules
from fieldvisit.store import Workspace
from tests.ingest.conftest import WriteCsv
from tests.ingest.crm_batches import TODAY, company, rows

RULE = TitleRule.from_rules(Rules().executive_titles)


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("CEO & Co-Founder", "C"),
        ("Chief Financial Officer", "C"),
        ("President", "C"),
        ("Founder", "C"),
        ("EVP Global Sales", "SVP"),
        ("SVP, Data & Analytics", "SVP"),
        ("Senior Vice President Sales", "SVP"),
        ("Executive Vice President, Operations", "SVP"),
        ("Vice President, EMEA", "VP"),
        ("VP Sales", "VP"),
        ("Vice-President Marketing", "VP"),
        ("Vorstandsvorsitzender", "C"),
        ("Geschäftsführerin", "C"),
        ("Vizepräsident Vertrieb", "VP"),
        ("Directeur Général", "C"),
        ("PDG", "C"),
        ("Vice-Présidente Ventes", "VP"),
        ("Director General", "C"),
        ("Amministratore Delegato", "C"),
        ("Vicepresidente Comercial", "VP"),
        ("Account Executive", None),
        ("Senior Account Executive", None),
        ("Enterprise Account Executive, DACH", None),
        ("Executive Assistant to the CEO", None),
        ("Key Account Manager", None),
        ("Revenue Operations Manager", None),
        ("", None),
    ],
)
def test_the_default_title_rule_gives_levels(title: str, level: str | None) -> None:
    assert RULE.level(title) == level


def test_the_title_rule_is_a_workspace_setting(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        save_rules(conn, {"executive_titles": [["head of sales", "VP"], ["ceo", "C"]]})
    batch = company()
    batch.users[3].title = "Head of Sales"  # Léa
    report = import_export(workspace, batch, today=TODAY)
    assert {(e.name, e.level) for e in report.executives} == {
        ("Helena Brandt", "C"),
        ("Léa Moreau", "VP"),
    }


def test_declared_levels_win_over_titles_and_none_excludes(workspace: Workspace) -> None:
    report = import_export(
        workspace,
        company(),
        executives="marcus@northwind.example=c; Helena Brandt=none;Tom Becker=VP",
        today=TODAY,
    )
    assert [(e.name, e.level, e.because) for e in report.executives] == [
        ("Marcus Okafor", "C", "declared"),
        ("Tom Becker", "VP", "declared"),
    ]
    # Tom owns deals: he stays their rep too; Helena, no executive now, has a task: a rep.
    assert rows(workspace, "SELECT name FROM rep ORDER BY name") == [
        ("Helena Brandt",),
        ("Léa Moreau",),
        ("Tom Becker",),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("helena@northwind.example", "is not EMAIL_OR_NAME=LEVEL"),
        ("helena@northwind.example=CEO", "'CEO' for 'helena@northwind.example' is not a level"),
    ],
)
def test_a_mistyped_declaration_is_an_error(text: str, message: str) -> None:
    with pytest.raises(FieldVisitError, match=message):
        parse_executives(text)


def test_system_users_and_users_owning_nothing_are_not_imported(workspace: Workspace) -> None:
    batch = company()
    batch.users.append(User("U9", "Nora Falk", "nora@northwind.example", "RevOps Manager"))
    report = import_export(workspace, batch, today=TODAY)
    assert "System users left out (never reps or executives): Integration User." in report.notes
    assert "Users who own nothing and are no executives, not imported: Nora Falk." in report.notes
    assert rows(
        workspace, "SELECT count(*) FROM rep WHERE name IN ('Nora Falk', 'Integration User')"
    ) == [(0,)]


def _pipedrive() -> Batch:
    """A Pipedrive-like batch: no users, owners and executives only by name."""
    batch = company("pipedrive")
    batch.users = []
    for record in batch.records["activities"]:
        record.by_name["rep_email"] = {"U3": "Tom Becker", "U1": "Helena Brandt"}[
            record.by_name["rep_email"]
        ]
    for kind in ("accounts", "deals"):
        for record in batch.records[kind]:
            record.by_name["owner_email"] = {"U3": "Tom Becker", "U4": "Léa Moreau"}[
                record.by_name["owner_email"]
            ]
    batch.records["visits"][0].values["executive_emails"] = "Helena Brandt;Tom Becker"
    batch.records["visits"][1].values["executive_emails"] = "Tom Becker"
    return batch


def test_owners_known_only_by_name_become_reps_and_a_users_file_fills_in_the_address(
    workspace: Workspace, write_csv: WriteCsv
) -> None:
    report = import_export(workspace, _pipedrive(), executives="Helena Brandt=C", today=TODAY)
    assert report.reps_without_email == ["Tom Becker", "Léa Moreau"]
    assert any(
        n.startswith("Reps known only by name (no e-mail address yet): Tom Becker")
        for n in report.notes
    )
    assert rows(workspace, "SELECT email, crm_key, name FROM rep ORDER BY name") == [
        (None, "crm:pipedrive:Léa Moreau", "Léa Moreau"),
        (None, "crm:pipedrive:Tom Becker", "Tom Becker"),
    ]
    assert rows(workspace, "SELECT email, crm_key, level FROM executive") == [
        (None, "crm:pipedrive:Helena Brandt", "C")
    ]
    # A later users file (the generic reps kind) gives Tom his address: the same rep, his deals kept.
    reps = "email,name\ntom@northwind.example,Tom Becker\n"
    result = import_csv(workspace, "reps", write_csv("reps.csv", reps))
    assert (result.inserted, result.updated) == (0, 1)
    assert rows(
        workspace,
        "SELECT r.email, r.crm_key, count(d.id) FROM rep r JOIN deal d ON d.owner_rep_id = r.id "
        "WHERE r.name = 'Tom Becker' GROUP BY r.id",
    ) == [("tom@northwind.example", "crm:pipedrive:Tom Becker", 2)]
    # ... and the next export, still naming him only, finds him by his key.
    again = import_export(workspace, _pipedrive(), today=TODAY)
    assert again.reps_without_email == ["Léa Moreau"]
    assert rows(workspace, "SELECT count(*) FROM rep") == [(2,)]
    # Helena stays an executive without being declared again.
    assert [(e.name, e.because) for e in again.executives] == [
        ("Helena Brandt", "already an executive in the workspace")
    ]


def test_a_users_export_later_gives_the_named_executive_an_address(workspace: Workspace) -> None:
    import_export(workspace, _pipedrive(), executives="Helena Brandt=C", today=TODAY)
    batch = _pipedrive()
    batch.users = [User("Helena Brandt", "Helena Brandt", "helena@northwind.example")]
    import_export(workspace, batch, today=TODAY)
    assert rows(workspace, "SELECT email, name, level FROM executive") == [
        ("helena@northwind.example", "Helena Brandt", "C")
    ]


def test_without_any_executive_the_report_says_how_to_name_them(workspace: Workspace) -> None:
    batch = company("hubspot")
    for user in batch.users:
        user.title = None
    report = import_export(workspace, batch, today=TODAY)
    assert report.executives == []
    assert any(
        n.startswith("No executives: no user's title names an executive level (this export has "
                     "no job titles). Say who they are: import-crm … --executives "
                     "'helena@northwind.example=C;…'")
        for n in report.notes
    )  # fmt: skip


def test_an_owner_name_that_fits_two_people_is_a_problem(workspace: Workspace) -> None:
    batch = company()
    batch.users.append(User("U8", "Tom Becker", "tom.b@northwind.example", "Account Executive"))
    batch.records["deals"][0].by_name["owner_email"] = "Tom Becker"
    with pytest.raises(ExportRefused) as refused:
        import_export(workspace, batch, today=TODAY)
    assert refused.value.report.problems.lines() == [
        "Opportunity.csv: owner_email: 1 row names 2 people of that name (tom@northwind.example, "
        "tom.b@northwind.example); add their e-mail addresses to the export — e.g. row 2 "
        "('Tom Becker')"
    ]


def test_title_rule_entries_are_checked(workspace: Workspace) -> None:
    from fieldvisit.settings import check_executive_titles

    with pytest.raises(FieldVisitError, match="gives the level 'Boss'"):
        check_executive_titles([["ceo", "Boss"]])
    assert check_executive_titles([["  Chief  ", "c"]]) == [["chief", "C"]]
    with workspace.connect() as conn:
        assert load_rules(conn).executive_titles[0] == ["account executive", ""]


def test_someone_declared_with_name_and_address_who_is_not_in_the_export_is_added(
    workspace: Workspace,
) -> None:
    report = import_export(
        workspace, company(), executives={"Priya Raman <Priya@northwind.example>": "c"}, today=TODAY
    )
    assert ("Priya Raman", "priya@northwind.example", "C", "declared") in {
        (e.name, e.email, e.level, e.because) for e in report.executives
    }
    with pytest.raises(FieldVisitError, match="'Boss' for 'Priya' is not a level"):
        import_export(workspace, company(), executives={"Priya": "Boss"}, today=TODAY)
