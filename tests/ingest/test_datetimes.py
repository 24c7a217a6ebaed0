"""The generic format's date-times: with an offset as given, without one in UTC or a given zone."""

from __future__ import annotations

import pytest

from fieldvisit.cli import main
from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import import_csv
from fieldvisit.store import Workspace
from tests.ingest.conftest import WriteCsv
from tests.ingest.crm_batches import rows

VISITS = """visit_id,account_id,executive_emails,start,end
V1,A1,ceo@corp.example,2025-09-04 11:05:00,2025-09-04T14:05:00+02:00
V2,A1,ceo@corp.example,2025-09-04T11:05,
"""


def test_date_times_without_an_offset_are_read_in_utc(
    seeded: Workspace, write_csv: WriteCsv
) -> None:
    import_csv(seeded, "visits", write_csv("visits.csv", VISITS))
    assert rows(seeded, 'SELECT external_id, start, "end" FROM visit ORDER BY 1') == [
        ("V1", "2025-09-04 11:05:00.000000", "2025-09-04 12:05:00.000000"),
        ("V2", "2025-09-04 11:05:00.000000", None),
    ]


def test_a_zone_given_reads_them_as_local_time_there(
    seeded: Workspace, write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv("visits.csv", VISITS)
    code = main(["--db", seeded.label, "import", "visits", str(path), "--zone", "Europe/Berlin"])
    assert code == 0, capsys.readouterr().err
    assert rows(seeded, "SELECT external_id, start FROM visit ORDER BY 1") == [
        ("V1", "2025-09-04 09:05:00.000000"),
        ("V2", "2025-09-04 09:05:00.000000"),
    ]


def test_an_unknown_zone_is_refused(seeded: Workspace, write_csv: WriteCsv) -> None:
    with pytest.raises(ImportProblem, match="'Mars/Base' is not a time zone like Europe/Berlin"):
        import_csv(seeded, "visits", write_csv("visits.csv", VISITS), zone="Mars/Base")
