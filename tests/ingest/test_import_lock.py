"""On a team workspace two imports never interleave: the second waits for the first to commit
and then finds its rows, so the result is that of running them one after the other.

Two threads, two connections to one real PostgreSQL database. The first import stops inside
its transaction (its `cancel` hook) until the test has seen, in pg_locks, the second one waiting
for the import lock; no sleeps anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fieldvisit.ingest import import_csv
from fieldvisit.ingest.crm.engine import import_export
from fieldvisit.store import Workspace
from tests.advisory_waits import HeldWrite, WaitingWrite
from tests.ingest.conftest import BASE_FILES, TODAY
from tests.ingest.crm_batches import company
from tests.stored_rows import dump, without_moments

FIRST = "account_id,name,city,country\nA3,Initech,Austin,US\nA4,Umbrella,London,GB\n"
SECOND = "account_id,name,city,country\nA3,Initech Corp,Austin,US\nA5,Hooli,Palo Alto,US\n"


def _seed(ws: Workspace, folder: Path) -> None:
    for kind in ("reps", "executives", "accounts", "contacts", "deals"):
        path = folder / f"{kind}.csv"
        path.write_text(BASE_FILES[kind], encoding="utf-8")
        import_csv(ws, kind, path, today=TODAY)


def test_a_second_import_waits_for_the_first_and_finds_its_rows(
    team_database_maker: Callable[[], Workspace], tmp_path: Path
) -> None:
    ws = team_database_maker()
    _seed(ws, tmp_path)
    first_csv, second_csv = tmp_path / "first.csv", tmp_path / "second.csv"
    first_csv.write_text(FIRST, encoding="utf-8")
    second_csv.write_text(SECOND, encoding="utf-8")

    held = HeldWrite(lambda hold: import_csv(ws, "accounts", first_csv, cancel=hold, today=TODAY))
    held.start()  # the first import holds the lock, its rows not yet committed
    waiting = WaitingWrite(ws, lambda: import_csv(ws, "accounts", second_csv, today=TODAY))
    first: Any = held.release()
    second: Any = waiting.join()

    assert (first.inserted, first.updated) == (2, 0)
    assert (second.inserted, second.updated) == (1, 1)
    # The second read the workspace after the first committed: A3 is an update, not a clash.
    with ws.connect() as conn:
        names = dict(conn.exec_driver_sql("SELECT external_id, name FROM account").all())
    assert names == {
        "A1": "Acme",
        "A2": "Globex",
        "A3": "Initech Corp",
        "A4": "Umbrella",
        "A5": "Hooli",
    }

    one_after_the_other = team_database_maker()
    _seed(one_after_the_other, tmp_path)
    import_csv(one_after_the_other, "accounts", first_csv, today=TODAY)
    import_csv(one_after_the_other, "accounts", second_csv, today=TODAY)
    assert without_moments(dump(ws)) == without_moments(dump(one_after_the_other))


def test_a_crm_import_waits_for_a_csv_import(
    team_database_maker: Callable[[], Workspace], tmp_path: Path
) -> None:
    """Every import path takes the same lock: a CRM export waits for a running CSV import."""
    ws = team_database_maker()
    first_csv = tmp_path / "first.csv"
    first_csv.write_text(BASE_FILES["reps"], encoding="utf-8")
    held = HeldWrite(lambda hold: import_csv(ws, "reps", first_csv, cancel=hold, today=TODAY))
    held.start()
    waiting = WaitingWrite(ws, lambda: import_export(ws, company(), today=TODAY))
    held.release()
    waiting.join()

    one_after_the_other = team_database_maker()
    import_csv(one_after_the_other, "reps", first_csv, today=TODAY)
    import_export(one_after_the_other, company(), today=TODAY)
    assert without_moments(dump(ws)) == without_moments(dump(one_after_the_other))
