"""Test data for importing real CRM exports (issue 9): one company exported every way.

    from tests.ingest.crm import ROUTES, route, write_route

    paths = write_route("salesforce-data-export", tmp_path / "export1")          # time 1
    later = write_route("salesforce-data-export", tmp_path / "export2", time=2)  # 3 weeks on
    expected = route("salesforce-data-export").answers()                         # counts, stalled...
    moved = route("salesforce-data-export").changes()                            # what export 2 adds

README.md lists each route's files and quirks and the sources of the headers.
"""

from tests.ingest.crm.answers import Answers, Carries, Changes, CloseMove, StageMove, Visit
from tests.ingest.crm.company import EXPORTS, Snapshot, snapshot
from tests.ingest.crm.routes import ROUTES, Route, route, write_route

__all__ = [
    "EXPORTS",
    "ROUTES",
    "Answers",
    "Carries",
    "Changes",
    "CloseMove",
    "Route",
    "Snapshot",
    "StageMove",
    "Visit",
    "route",
    "snapshot",
    "write_route",
]
