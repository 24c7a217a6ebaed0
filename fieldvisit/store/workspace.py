"""A workspace file's engine and connections: pragmas, real transactions, damage in plain words.

Creating and opening a file (which needs the schema) is `fieldvisit.store.opening`; this module
imports neither it nor `schema`, so the store has no import circle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.failures import error_in_words, first_line
from fieldvisit.store.locking import begin_writing, current_policy

if TYPE_CHECKING:
    from sqlmodel import Session

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks files Field Visit created ('FVST'); anything else is foreign.
APPLICATION_ID = 0x46565354
WAL_MIN_SQLITE = (3, 51, 3)
# Each connection's page cache (KiB) while it reads. 64 MiB was no faster on the large demo
# (This week, Coverage, Impact, the Deals table: within noise of 16 MiB), and two workers reading
# at once each fill theirs: 16 MiB keeps them to 32 MiB of the app's peak memory.
CACHE_KIB = 16384
# How long a writer waits for another connection's write lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000
# Execution option that marks a connection as a writer: its transaction starts BEGIN IMMEDIATE.
WRITE_OPTION = "fieldvisit_write"
# Engine execution option set once a read met a damaged page: no best-effort write happens after.
DAMAGED_OPTION = "fieldvisit_damaged"
# Connection-record info key set when a block of reads ended in an error (see Workspace.connect).
READ_FAILED_KEY = "fieldvisit.read_failed"
# Connection-record info key: a callable(dbapi_connection, record) run once when the connection
# goes back to the pool (idle, rolled back), e.g. planning's learned stage limits written late.
# The one checkin listener is installed with the engine: adding listeners from worker threads
# while another returns a connection raced ("deque mutated during iteration").
ON_CHECKIN_KEY = "fieldvisit.on_checkin"


def _use_wal() -> bool:
    return sqlite3.sqlite_version_info >= WAL_MIN_SQLITE


def _install_pragmas(engine: Engine, foreign_keys: bool = True, readonly: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transactions out of the driver's hands so DDL is transactional too.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # A page cache of its own for each connection, freed when it goes back to the pool.
        cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        if _use_wal() and not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        job = record.info.pop(ON_CHECKIN_KEY, None) if record is not None else None
        if job is not None and dbapi_connection is not None:
            job(dbapi_connection, record)
        # An idle connection in the pool keeps no page cache: the app keeps one per worker thread,
        # and with 64 MiB each they held 132 MiB after This week's refresh on the large demo. The
        # file's pages stay in the OS cache, so the next read still starts from memory.
        if dbapi_connection is not None:
            with suppress(sqlite3.Error):
                dbapi_connection.execute("PRAGMA shrink_memory")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred BEGIN that later needs the write lock gets SQLITE_BUSY at once, without the
        # busy handler: writers take the lock up front so they wait their turn instead.
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write and not readonly else "BEGIN")


def make_engine(
    path: Path, *, create: bool = False, foreign_keys: bool = True, readonly: bool = False
) -> Engine:
    """Return an engine on `path`; without `create` a missing file is an error, not a new file.

    `readonly` opens with `mode=ro` (used by `check`, which must never change the file).
    """
    mode = "ro" if readonly else "rwc" if create else "rw"
    url = f"sqlite:///file:{path}?mode={mode}&uri=true"
    engine = create_engine(url, poolclass=NullPool if create or readonly else None)
    _install_pragmas(engine, foreign_keys=foreign_keys, readonly=readonly)
    return engine


def is_damage(exc: BaseException) -> bool:
    """Return True when SQLite reports a damaged file (corrupt page, or not a database)."""
    name = str(getattr(getattr(exc, "orig", exc), "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def damaged_error(path: Path) -> WorkspaceError:
    """Return the one message for a workspace SQLite finds damaged."""
    return WorkspaceError(
        f"{path} is damaged (SQLite reports corruption). Restore it from a backup "
        f"(`fieldvisit --db {path} restore BACKUP`); the file was left as it is."
    )


def describe_failure(
    exc: BaseException, path: Path, *, writing: bool = False, waited_ms: int | None = None
) -> WorkspaceError:
    """Return the one-line message for a SQLite error met opening, reading or writing `path`."""
    orig = getattr(exc, "orig", exc)
    name = getattr(orig, "sqlite_errorname", "")
    if name == "SQLITE_NOTADB":
        return WorkspaceError(f"{path} is not a Field Visit workspace (not a SQLite database).")
    if is_damage(exc):
        return damaged_error(path)
    described = error_in_words(exc, path, writing=writing, waited_ms=waited_ms)
    if described is not None:
        return described
    return WorkspaceError(f"{path} could not be opened: {first_line(exc)}")


def check_file(path: Path) -> None:
    """Raise WorkspaceError unless `path` is an existing file that starts like SQLite."""
    if not path.exists():
        raise WorkspaceError(
            f"{path} does not exist. Create a workspace with `fieldvisit --db {path} init`."
        )
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder, not a workspace file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise WorkspaceError(f"{path} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise WorkspaceError(f"{path} is not a Field Visit workspace (not a SQLite database).")


class Workspace:
    """An open workspace: one engine, sessions and transactions on it.

    This class is a workspace file (SQLite); `fieldvisit.store.team.TeamWorkspace` is the same
    on a shared PostgreSQL database. Code that needs the file itself asks `is_team` first.
    """

    is_team = False

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine

    @property
    def label(self) -> str:
        """Return how messages name the workspace: its path (a team address for a team one)."""
        return str(self.path)

    @property
    def key(self) -> str:
        """Return a stable name for the workspace, for drafts and kept answers."""
        return str(Path(self.path).resolve())

    @contextmanager
    def begin(self, *, wait_ms: int | None = None) -> Iterator[Connection]:
        """Yield a connection in one write transaction: committed on success, rolled back on error.

        The transaction starts with BEGIN IMMEDIATE, so a second writer waits for the first
        instead of failing halfway through its work: up to `wait_ms`, else as long as the
        context's WritePolicy says (`fieldvisit.store.locking`), else BUSY_TIMEOUT_MS; the policy
        is told when the wait is long enough to show. SQLite's errors about the file (locked,
        read-only, disk full, I/O) come out as one-line WorkspaceErrors naming it.
        """
        policy = current_policy()
        if wait_ms is None:
            wait_ms = policy.wait_ms if policy is not None else BUSY_TIMEOUT_MS
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                raw = conn.connection.driver_connection
                assert isinstance(raw, sqlite3.Connection)
                try:
                    trans = begin_writing(conn, self.path, wait_ms, policy)
                    # COMMIT waits for readers to finish: as long as the start could wait.
                    raw.execute(f"PRAGMA busy_timeout={max(0, int(wait_ms))}")
                    try:
                        yield conn
                    except BaseException:
                        with suppress(sqlite3.Error, DBAPIError):
                            trans.rollback()
                        raise
                    try:
                        raw.execute("COMMIT")
                    except KeyboardInterrupt:
                        # Ctrl-C lands between statements: before COMMIT (still open, rolled
                        # back when the connection goes) or just after it (saved; say so).
                        if not raw.in_transaction and policy is not None:
                            policy.commits += 1
                        raise
                    if policy is not None:
                        policy.commits += 1
                    trans.commit()  # SQLAlchemy's bookkeeping: SQLite has nothing left to commit
                finally:
                    with suppress(sqlite3.Error):
                        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except (OperationalError, DatabaseError, sqlite3.Error) as exc:
            if error_in_words(exc, self.path, writing=True) is None and not is_damage(exc):
                raise  # not about the file: a constraint or a bug, with its own traceback
            raise describe_failure(exc, self.path, writing=True, waited_ms=wait_ms) from exc

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """Yield a connection for reading.

        A damaged page met while reading raises the workspace's one "damaged" message and marks
        the workspace so nothing is written into it as a side effect of reading (the stage cache);
        any failed read marks this connection likewise until it goes back to the pool.
        """
        with self.engine.connect() as conn:
            conn.info.pop(READ_FAILED_KEY, None)
            try:
                yield conn
            except BaseException as exc:
                conn.info[READ_FAILED_KEY] = True
                if isinstance(exc, (sqlite3.DatabaseError, DatabaseError)) and is_damage(exc):
                    self.mark_damaged()
                    raise damaged_error(self.path) from exc
                raise

    @property
    def damaged(self) -> bool:
        """Return True once a read found the file damaged."""
        return bool(self.engine.get_execution_options().get(DAMAGED_OPTION, False))

    def mark_damaged(self) -> None:
        """Remember that the file is damaged: best-effort writes skip it from now on."""
        self.engine.update_execution_options(**{DAMAGED_OPTION: True})

    def session(self) -> Session:
        """Return an ORM session (expire_on_commit off so results outlive the session)."""
        # Imported here: SQLModel (and pydantic) cost a quarter second the app's start skips.
        from sqlmodel import Session

        return Session(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def integrity_problems(conn: Connection) -> list[str]:
    """Return SQLite's integrity and foreign-key complaints (empty when the file is sound)."""
    problems = [row[0] for row in conn.execute(text("PRAGMA integrity_check")) if row[0] != "ok"]
    problems += [
        f"foreign key: {row[0]} row {row[1]} points at a missing {row[2]}"
        for row in conn.execute(text("PRAGMA foreign_key_check"))
    ]
    return problems
