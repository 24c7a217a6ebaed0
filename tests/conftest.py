"""Shared fixtures: every test gets its own data folder and an in-memory keychain
(except tests marked `secret_service`, which talk to a real Secret Service in CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring_backend import MemoryKeyring

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


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    """Replace the keychain with an in-memory one for the test (restored afterwards)."""
    if request.node.get_closest_marker("secret_service"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
