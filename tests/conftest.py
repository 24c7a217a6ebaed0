"""Shared fixtures: every test gets its own data folder and an in-memory keychain."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def fieldvisit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every folder Field Visit uses into the test's temporary directory."""
    home = tmp_path / "fieldvisit-home"
    monkeypatch.setenv("FIELDVISIT_HOME", str(home))
    return home


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.fieldvisit"


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[object]:
    from fieldvisit.store import create_workspace

    ws = create_workspace(workspace_path)
    yield ws
    ws.close()
