"""Two writers on one team database, in two threads: the first held inside its transaction,
the second seen (in pg_locks) waiting for the same advisory lock. No sleeps anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from fieldvisit.store import Workspace
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.team import LOCK_KEYS, open_team_workspace

WAIT_SECONDS = 60  # only a bound on a broken lock; a working one ends the wait at once


@pytest.fixture
def team_database_maker(pg_server: Any, team_login: Callable[..., str]) -> Iterator[Any]:
    """Return a function opening a fresh team workspace (as the app role); closed afterwards."""
    opened: list[tuple[Workspace, str]] = []

    def make() -> Workspace:
        name = pg_server.new_database()
        ws = open_team_workspace(parse_team_url(team_login(name)))
        opened.append((ws, name))
        return ws

    yield make
    for ws, name in opened:
        ws.close()
        pg_server.drop_database(name)


def waiting_for_lock(ws: Workspace, kind: str, *, granted: bool = False) -> bool:
    """Return True when a connection waits for (or, `granted`, holds) the advisory lock of
    `kind`, as pg_locks shows it."""
    with ws.connect() as conn:
        found = conn.exec_driver_sql(
            f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted = {granted} "
            f"AND classid = 0 AND objid = {LOCK_KEYS[kind]} AND objsubid = 1 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).scalar()
    return bool(found)


class HeldWrite:
    """The first writer, stopped inside its transaction (its `cancel` hook) until `release()`.

    `ready()` says when the hook is inside the transaction (a hook also asked before it is
    let go on at once).
    """

    def __init__(
        self,
        run: Callable[[Callable[[], bool]], object],
        ready: Callable[[], bool] = lambda: True,
    ):
        self.ready = ready
        self.inside = threading.Event()
        self.go = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(run,), daemon=True)

    def _hold(self) -> bool:
        if self.inside.is_set() or not self.ready():
            return False
        self.inside.set()
        assert self.go.wait(WAIT_SECONDS), "the test never let the first writer go on"
        return False  # not cancelled

    def _run(self, run: Callable[[Callable[[], bool]], object]) -> None:
        try:
            self.result = run(self._hold)
        except BaseException as exc:  # handed to the test thread
            self.error = exc
            self.inside.set()

    def start(self) -> None:
        self.thread.start()
        held = self.inside.wait(WAIT_SECONDS)
        assert held and self.error is None, self.error or "the first writer never held the lock"

    def release(self) -> object:
        self.go.set()
        self.thread.join(WAIT_SECONDS)
        if self.error is not None:
            raise self.error
        return self.result


class WaitingWrite:
    """The second writer, in a thread: seen waiting for the lock of `kind`, then joined."""

    def __init__(self, ws: Workspace, run: Callable[[], object], kind: str = "import"):
        self.result: object = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(run,), daemon=True)
        self.thread.start()
        seen = False
        while self.thread.is_alive() and not seen:
            seen = waiting_for_lock(ws, kind)
        assert seen, f"the second writer did not wait for the first ({self.error!r})"

    def _run(self, run: Callable[[], object]) -> None:
        try:
            self.result = run()
        except BaseException as exc:  # handed to the test thread
            self.error = exc

    def join(self) -> object:
        self.thread.join(WAIT_SECONDS)
        assert not self.thread.is_alive(), "the second writer never got the lock"
        if self.error is not None:
            raise self.error
        return self.result
