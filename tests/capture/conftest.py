"""The capture's world on either engine: a workspace file, or a team database as well."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldvisit.store import Workspace
from tests.advisory_waits import team_database_maker  # noqa: F401  (a fixture)
from tests.capture.capture_builders import Db, fill_workspace


@pytest.fixture
def db(workspace: Workspace, tmp_path: Path) -> Db:
    """The small world (closed, so the test opens it as a command would); where it is."""
    return fill_workspace(workspace, tmp_path)
