"""Salesforce exports as downloaded become one batch, and from it suggestions: every route, files
recognised whatever their names and columns, and the whole path through `import-crm`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.crm import salesforce
from fieldvisit.ingest.crm.batch import Batch, ReadOptions
from fieldvisit.ingest.crm.files import read_tables
from tests.ingest.crm import route, write_route

BERLIN = ReadOptions(zone="Europe/Berlin")
ROUTES = (
    "salesforce-reports",
    "salesforce-reports-de",
    "salesforce-reports-de-excel",
    "salesforce-reports-multicurrency",
    "salesforce-reports-xlsx",
    "salesforce-data-export",
    "salesforce-data-loader",
)
NAMED_OWNERS = {"Tom Becker", "Léa Moreau", "Daniel Kowalczyk", "Emma Hughes"}


def read(paths: list[Path], options: ReadOptions = BERLIN) -> Batch:
    return salesforce.read_export(read_tables(paths), options)


def write(name: str, folder: Path, time: int = 1) -> list[Path]:
    if route(name).needs_openpyxl:
        pytest.importorskip("openpyxl")
    return write_route(name, folder, time)


def rewrite_csv(path: Path, change, encoding: str = "utf-8") -> None:  # noqa: ANN001
    """Rewrite a report CSV (every value quoted, LF) after `change(rows)`; footer kept."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding), newline="")))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(change(rows))
    path.write_bytes(out.getvalue().encode(encoding))


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("time", [1, 2])
def test_every_salesforce_route_gives_the_companys_records(
    tmp_path: Path, name: str, time: int
) -> None:
    batch = read(write(name, tmp_path, time))
    expected = route(name).answers(time)
    assert not batch.problems, batch.problems.lines()
    assert len(batch.records["accounts"]) == expected.accounts
    assert len(batch.records.get("contacts", [])) == expected.contacts
    statuses = Counter(r.values["status"] for r in batch.records["deals"])
    assert statuses == {
        "open": expected.open_deals,
        "won": expected.won_deals,
        "lost": expected.lost_deals,
    }
    titled = {u.email: u.title for u in batch.users if not u.system}
    assert set(expected.executive_levels) <= set(titled)
    assert all(f.what != "ignored" or "Salesforce" in f.note for f in batch.files)


def test_report_columns_in_another_order_with_columns_added_and_removed_are_read(
    tmp_path: Path,
) -> None:
    paths = write("salesforce-reports", tmp_path)
    pipeline = paths[0]

    def shuffle(rows: list[list[str]]) -> list[list[str]]:
        header = rows[0]
        drop = {header.index("Fiscal Period"), header.index("Age"), header.index("Next Step")}
        order = [i for i in reversed(range(len(header))) if i not in drop]
        out = [[row[i] for i in order] + ["Added by the user"] for row in rows if len(row) > 1]
        out[0][-1] = "Region (custom)"
        return out + [r for r in rows if len(r) <= 1]

    rewrite_csv(pipeline, shuffle)
    pipeline.rename(pipeline.with_name("my pipeline.csv"))
    batch = read([pipeline.with_name("my pipeline.csv"), *paths[1:]])
    assert not batch.problems, batch.problems.lines()
    deal = next(r for r in batch.records["deals"] if r.values["name"].startswith("Brightwater - D"))
    assert deal.values["amount"] == "410000"
    assert deal.values["close_date"] == "2026-08-08"
    assert next(f for f in batch.files if f.file == "my pipeline.csv").what == "deals"


def test_a_file_that_is_no_salesforce_object_is_listed_as_ignored_with_the_reason(
    tmp_path: Path,
) -> None:
    paths = write("salesforce-data-loader", tmp_path)
    stray = tmp_path / "budget.csv"
    stray.write_text("Quarter,Budget\nQ3,1000\n", encoding="utf-8")
    campaign = tmp_path / "Campaign_extract.csv"
    campaign.write_text('"ID","NAME"\n"7015g000000AbCd","Spring"\n', encoding="utf-8")
    batch = read([*paths, stray, campaign])
    ignored = {f.file: f.note for f in batch.files if f.what == "ignored"}
    assert "not a Salesforce report or object" in ignored["budget.csv"]
    assert "Quarter, Budget" in ignored["budget.csv"]
    assert "campaigns are not imported" in ignored["Campaign_extract.csv"]
    assert len(batch.records["deals"]) == 30


def test_a_file_named_like_an_object_without_its_columns_says_what_it_lacks(
    tmp_path: Path,
) -> None:
    paths = write("salesforce-data-loader", tmp_path)
    odd = tmp_path / "Opportunity.csv"
    odd.write_text('"ID","AMOUNT"\n"0065g000000vw3o","1"\n', encoding="utf-8")
    batch = read([*paths, odd])
    note = next(f.note for f in batch.files if f.file == "Opportunity.csv")
    assert "lacks its columns (Id and Name and StageName and CloseDate)" in note


def test_nothing_salesforce_in_what_is_given_is_an_error_naming_the_files(tmp_path: Path) -> None:
    stray = tmp_path / "budget.csv"
    stray.write_text("Quarter,Budget\nQ3,1000\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="budget.csv.*nothing was imported"):
        read([stray])


# ----- the whole path: import-crm, suggest, export 2, export 1 again ---------------------------

LATIN1 = {"salesforce-data-export", "salesforce-reports-de", "salesforce-reports-de-excel"}


def as_exported(name: str, route_name: str) -> str:
    """Return a deal or account name as the route writes it (ISO-8859-1 exports lose Ł and ź)."""
    return name.replace("Łódź", "?ód?") if route_name in LATIN1 else name


@pytest.mark.parametrize("name", ROUTES)
def test_each_route_imported_gives_the_answers_then_export_two_then_refuses_export_one(
    tmp_path: Path, name: str
) -> None:
    from fieldvisit.ingest.crm.engine import ExportRefused, import_export
    from fieldvisit.planning.signals import stalled_deals
    from fieldvisit.settings import load_rules
    from fieldvisit.store import create_workspace

    ws = create_workspace(tmp_path / "w.fieldvisit")
    try:
        for time in (1, 2):
            expected = route(name).answers(time)
            import_export(ws, read(write(name, tmp_path / f"e{time}", time)), today=expected.as_of)
            with ws.connect() as conn:
                rules = load_rules(conn)
                found = stalled_deals(conn, expected.as_of, rules, strategic_only=False)
                visits = conn.exec_driver_sql(
                    "SELECT a.name, e.name, v.status FROM visit v "
                    "JOIN account a ON a.id = v.account_id "
                    "JOIN visit_executive ve ON ve.visit_id = v.id "
                    "JOIN executive e ON e.id = ve.executive_id"
                ).all()
                moved = conn.exec_driver_sql(
                    "SELECT d.name, s.stage, s.entered_on FROM stage_change s "
                    "JOIN deal d ON d.id = s.deal_id"
                ).all()
                pushed = conn.exec_driver_sql(
                    "SELECT d.name, c.old_date, c.new_date, c.changed_on FROM close_date_change c "
                    "JOIN deal d ON d.id = c.deal_id"
                ).all()
            assert {d.deal_name for d in found} == {
                as_exported(n, name) for n in expected.stalled_deals
            }
            assert sorted(visits) == sorted(
                (as_exported(v.account, name), v.executive, "done" if v.done else "planned")
                for v in expected.visits
            )
        for move in route(name).changes().stage_moves:
            entry = (as_exported(move.deal, name), move.to_stage, move.at.date().isoformat())
            assert entry in moved
        for close in route(name).changes().close_moves:
            if close.at is not None:  # the export holds the history of close dates
                row = (as_exported(close.deal, name), close.old, close.new, close.at.date())
                assert tuple(str(x) for x in row) in {tuple(str(x) for x in p) for p in pushed}
        with pytest.raises(ExportRefused, match="older than what the workspace holds"):
            import_export(ws, read(write(name, tmp_path / "again")), today=expected.as_of)
    finally:
        ws.close()


def fieldvisit(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "zone"), [("salesforce-data-export", None), ("salesforce-reports", "Europe/Berlin")]
)
def test_an_export_goes_to_suggestions_in_one_command_and_an_older_one_is_refused(
    tmp_path: Path, name: str, zone: str | None
) -> None:
    db = tmp_path / "w.fieldvisit"
    assert fieldvisit(db, "init").returncode == 0
    extra = ["--zone", zone] if zone else []
    one = [str(p) for p in write_route(name, tmp_path / "one")]
    done = fieldvisit(db, "import-crm", "salesforce", *one, *extra)
    assert done.returncode == 0, done.stderr
    expected = route(name).answers()
    shown = fieldvisit(db, "suggest", "--json", "--as-of", expected.as_of.isoformat())
    suggestions = json.loads(shown.stdout)
    assert suggestions
    assert {s["deal_name"] for s in suggestions} <= expected.stalled_deals | {
        n.replace("Łódź", "?ód?") for n in expected.stalled_deals
    }
    assert {s["executive"]["email"] for s in suggestions} <= set(expected.executive_levels)
    two = [str(p) for p in write_route(name, tmp_path / "two", time=2)]
    assert fieldvisit(db, "import-crm", "salesforce", *two, *extra).returncode == 0
    again = fieldvisit(db, "import-crm", "salesforce", *one, *extra)
    assert again.returncode == 1
    assert "older than what the workspace holds" in again.stderr
