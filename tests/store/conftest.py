"""Store fixtures: the session's small demo workspace, copied for each test that needs one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.demo_files import small_demo_copy


@pytest.fixture
def small_demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return this test's own copy of the small demo workspace."""
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "team.fieldvisit")
