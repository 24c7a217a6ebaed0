"""The pytest fixture that writes an export route into the test's tmp_path.

Import it into a conftest.py to use it elsewhere (tests/ingest/conftest.py, for instance):

    from tests.ingest.crm.fixtures import crm_export  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest.crm.routes import route

WriteExport = Callable[..., list[Path]]


@pytest.fixture
def crm_export(tmp_path: Path) -> WriteExport:
    """Return write(route_name, time=1) -> the route's files, written under tmp_path.

    Routes with XLSX files need openpyxl (a test extra); without it the test is skipped.
    """

    def write(name: str, time: int = 1) -> list[Path]:
        chosen = route(name)
        if chosen.needs_openpyxl:
            pytest.importorskip("openpyxl")
        return chosen.write(tmp_path / f"{name}-export{time}", time)

    return write
