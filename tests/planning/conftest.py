"""The planning suite's fixtures: what `--db` names for the test's workspace, on either engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldvisit.store import Workspace


@pytest.fixture
def workspace_db(workspace: Workspace, workspace_path: Path) -> str:
    """Return the `--db` value of the test's workspace: its file, or the team database's URL
    (the password is already in the test keychain)."""
    return workspace.label if getattr(workspace, "is_team", False) else str(workspace_path)
