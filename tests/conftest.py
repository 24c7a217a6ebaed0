"""Shared fixtures: every test gets its own data folder and an in-memory keychain
(except tests marked `secret_service`, which talk to a real Secret Service in CI)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring_backend import MemoryKeyring
from pg_server import APP, PgServer, build_template, start_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def fieldvisit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every folder Field Visit uses into the test's temporary directory."""
    home = tmp_path / "fieldvisit-home"
    monkeypatch.setenv("FIELDVISIT_HOME", str(home))
    return home


_COLLECTOR: list[Any] = []  # the application's collector, once a Qt test made the application


@pytest.fixture(autouse=True)
def collect_like_the_app(request: pytest.FixtureRequest) -> Iterator[None]:
    """Once the session has a QApplication, garbage is collected on the GUI thread only, as in
    the app (ui/gc_guard.py).

    Left automatic, a collection starts wherever an allocation happens to cross the threshold: on
    a task runner's worker, a test's own thread, or in the middle of building a window, where
    freeing an earlier test's context (a reference cycle through its Qt children) crashed the
    process. So from the first Qt test on, automatic collection stays off, and after every test
    (this pytest thread is the GUI thread) each generation past its threshold is collected.
    """
    import gc

    if "qapp" in request.fixturenames and not _COLLECTOR:
        from fieldvisit.ui import gc_guard

        _COLLECTOR.append(gc_guard.install(request.getfixturevalue("qapp")))
    if not _COLLECTOR:
        yield
        return
    gc.disable()  # (a test may have switched it on for itself)
    try:
        yield
    finally:
        _COLLECTOR[0].check()


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.fieldvisit"


# Suites whose `workspace` tests run on both engines (issue 16): a test about the file itself
# (pages, journal, file locks) is marked `sqlite_only`.
BOTH_ENGINES = ("store", "ingest", "planning", "debriefs", "invites", "capture", "reads")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine_name" not in metafunc.fixturenames or "workspace" not in metafunc.fixturenames:
        return
    parts = Path(str(metafunc.definition.fspath)).parts
    suite = parts[parts.index("tests") + 1] if "tests" in parts else ""
    if suite in BOTH_ENGINES and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("engine_name", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def engine_name(request: pytest.FixtureRequest) -> str:
    """Return which engine the test's workspace runs on ("sqlite" unless parametrised)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def workspace(
    workspace_path: Path, engine_name: str, request: pytest.FixtureRequest
) -> Iterator[object]:
    """A fresh, empty workspace: a file, or (parametrised suites) a team database as well."""
    if engine_name == "postgresql":
        yield request.getfixturevalue("team_workspace")
        return
    from fieldvisit.store import open_workspace

    shutil.copyfile(request.getfixturevalue("empty_workspace_file"), workspace_path)
    ws = open_workspace(workspace_path)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def empty_workspace_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, empty workspace built once by the migrations; each test's `workspace` is a copy
    (the same file `create_workspace` writes, without running Alembic a thousand times)."""
    from fieldvisit.store import create_workspace

    path = tmp_path_factory.mktemp("template") / "empty.fieldvisit"
    create_workspace(path).close()
    return path


# Every test that needs the server skips for the same reason: the summary says it in one line.
PG_SKIPPED = "team workspace on PostgreSQL not tested"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and PG_SKIPPED in report.longrepr[2]:
        report.longrepr = (__file__, None, report.longrepr[2])  # folded: one summary line
    return report


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's private PostgreSQL server (tests needing it skip when it cannot run)."""
    found = start_server()
    if isinstance(found, str):
        pytest.skip(f"{PG_SKIPPED}: {found}")
    try:
        build_template(found)
        found.keep_spares()
        yield found
    finally:
        found.stop()


@pytest.fixture
def team_database(pg_server: PgServer) -> Iterator[str]:
    """A fresh database holding the current schema, owned by fv_owner; dropped afterwards."""
    name = pg_server.new_database()
    yield name
    pg_server.drop_database(name)


@pytest.fixture
def team_login(pg_server: PgServer, memory_keyring: MemoryKeyring | None) -> Callable[..., str]:
    """Return a function that puts a role's password in the (test) keychain and gives its URL."""

    def login(database: str, role: str = APP) -> str:
        from fieldvisit.secrets import SERVICE_NAME
        from fieldvisit.store.location import parse_team_url

        url = pg_server.url(database, role)
        keyring.set_password(
            SERVICE_NAME, parse_team_url(url).secret_key, pg_server.passwords[role]
        )
        return url

    return login


@pytest.fixture
def team_workspace(team_database: str, team_login: Callable[..., str]) -> Iterator[object]:
    """An open team workspace on a fresh database, as the app role (rows only, no schema)."""
    from fieldvisit.store.location import parse_team_url
    from fieldvisit.store.team import open_team_workspace

    ws = open_team_workspace(parse_team_url(team_login(team_database)))
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
