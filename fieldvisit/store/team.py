"""A team workspace on PostgreSQL: engine, transactions, schema versions and roles.

The same tables and the same Alembic migrations as a workspace file. Two roles (docs/team.md):
the owner runs `init` (the migrations) and grants the app role, which reads and writes rows but
cannot change the schema; the app never needs a superuser. The password comes from the keychain
(`fieldvisit.secrets`) and never appears in the address, a log or the settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from fieldvisit.errors import FieldVisitError, WorkspaceError
from fieldvisit.logs import keep_out
from fieldvisit.store.location import TeamAddress
from fieldvisit.store.locking import current_policy
from fieldvisit.store.team_errors import (
    PASSWORD_VARIABLE,
    PasswordRefused,
    about_the_server,
    team_error,
)
from fieldvisit.store.workspace import Workspace

if TYPE_CHECKING:
    from fieldvisit.secrets import SecretStore

# Advisory lock keys (pg_advisory_xact_lock): migrations, imports and calendar captures, so two
# of the same kind never interleave; released with the transaction.
LOCK_KEYS = {"schema": 0x46560001, "import": 0x46560002, "capture": 0x46560003, "deal": 0x46560004}
# How long a statement waits for another transaction's row or advisory lock (milliseconds).
LOCK_TIMEOUT_MS = 60000
PasswordPrompt = Callable[[str], str]


class TeamWorkspace(Workspace):
    """An open team workspace: one pooled engine on a PostgreSQL database."""

    is_team = True

    def __init__(self, address: TeamAddress, engine: Engine):
        self.address = address
        self.engine = engine

    @property
    def path(self) -> Path:  # type: ignore[override]
        raise WorkspaceError(f"{self.address.label} is a team workspace; it has no file.")

    @property
    def label(self) -> str:
        return self.address.label

    @property
    def key(self) -> str:
        return self.address.label

    @contextmanager
    def begin(self, *, wait_ms: int | None = None) -> Iterator[Connection]:
        """Yield a connection in one write transaction: committed on success, else rolled back."""
        timeout = LOCK_TIMEOUT_MS if wait_ms is None else max(1, int(wait_ms))
        try:
            with self.engine.begin() as conn:
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {timeout}")
                yield conn
            policy = current_policy()
            if policy is not None:
                policy.commits += 1  # so an interrupted command can say what was saved
        except DBAPIError as exc:
            if not about_the_server(exc):
                raise  # about the statement: a constraint or a bug, with its own traceback
            raise team_error(exc, self.address, writing=True) from exc

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """Yield a connection for reading; a server that cannot be reached (or went away, or a
        lock that was not granted) is one line naming the database, as for writing."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            if not about_the_server(exc):
                raise
            raise team_error(exc, self.address) from exc

    @property
    def damaged(self) -> bool:
        return False

    def mark_damaged(self) -> None:
        return None


def team_password(
    address: TeamAddress,
    *,
    prompt: PasswordPrompt | None = None,
    store: SecretStore | None = None,
) -> str | None:
    """Return the login's password: environment, else keychain, else `prompt` (then kept).

    None when there is none and nobody can be asked: libpq's own sources (a .pgpass file, a
    trusted local login) may still let the connection in.
    """
    from fieldvisit.secrets import SecretStore, obtain_password

    store = store or SecretStore()
    try:
        return obtain_password(store, address.secret_key, PASSWORD_VARIABLE, "PostgreSQL", prompt)
    except FieldVisitError:
        return None  # no password anywhere: libpq's own sources may still let us in


def forget_password(address: TeamAddress, store: SecretStore | None = None) -> None:
    """Remove a refused password from the keychain, so the next run asks again."""
    from fieldvisit.secrets import SecretStore

    (store or SecretStore()).delete(address.secret_key)


def make_team_engine(address: TeamAddress, password: str | None, *, pooled: bool = True) -> Engine:
    """Return an engine on the team database (psycopg 3; sslmode and CA file from the address)."""
    from sqlalchemy.pool import NullPool

    if password:
        keep_out(password)
    query = dict(address.options)
    query.setdefault("application_name", "Field Visit")
    query.setdefault("connect_timeout", "10")
    url = URL.create(
        "postgresql+psycopg",
        username=address.user,
        password=password or None,
        host=address.host,
        port=address.port,
        database=address.database,
        query=query,
    )
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if not pooled:
        kwargs["poolclass"] = NullPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stored times are naive UTC (store/times.py): the session zone must not shift them.
        with dbapi_connection.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
        dbapi_connection.commit()

    return engine


def connect_team(
    address: TeamAddress,
    *,
    prompt: PasswordPrompt | None = None,
    store: SecretStore | None = None,
    pooled: bool = True,
) -> Engine:
    """Return an engine that has connected once (so a bad password or host is said now)."""
    password = team_password(address, prompt=prompt, store=store)
    engine = make_team_engine(address, password, pooled=pooled)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        error = team_error(exc, address)
        if password and isinstance(error, PasswordRefused):
            forget_password(address, store)
        raise error from exc
    return engine


def stamped_revision(conn: Connection) -> str | None:
    """Return the schema revision stamped in the team database (None: no stamp table)."""
    if conn.execute(text("SELECT to_regclass('public.alembic_version')")).scalar() is None:
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def user_tables(conn: Connection) -> list[str]:
    """Return the tables in the database's public schema (an empty database has none)."""
    return list(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        ).scalars()
    )


def take_lock(conn: Connection, kind: str, number: int | None = None) -> None:
    """Wait for the transaction-long advisory lock of `kind` (imports, captures, schema), or of
    `kind` and `number` (one deal's snoozes and dismissals).

    Nothing to do on a workspace file: its writers' BEGIN IMMEDIATE already serialises them.
    """
    if conn.dialect.name != "postgresql":
        return
    if number is None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEYS[kind]})
    else:  # the two-key form: its own space, never the same lock as a one-key one
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:k, :n)"), {"k": LOCK_KEYS[kind], "n": number}
        )


def create_team_workspace(
    address: TeamAddress,
    *,
    grant: str | None = None,
    prompt: PasswordPrompt | None = None,
    store: SecretStore | None = None,
) -> TeamWorkspace:
    """Build the schema in an empty team database (as its owner); refuse one with tables."""
    from fieldvisit.store.schema import upgrade_to_head

    engine = connect_team(address, prompt=prompt, store=store)
    try:
        with engine.begin() as conn:
            take_lock(conn, "schema")
            found = user_tables(conn)
            if found:
                revision = stamped_revision(conn)
                what = (
                    f"already a Field Visit workspace (schema {revision})"
                    if revision
                    else f"not empty ({len(found)} tables, e.g. {found[0]})"
                )
                raise WorkspaceError(
                    f"{address.label}: the database is {what}; Field Visit builds a team "
                    "workspace only in an empty database and left this one untouched."
                )
            upgrade_to_head(conn)
            if grant:
                grant_app_role(conn, grant)
    except BaseException:
        engine.dispose()
        raise
    return TeamWorkspace(address, engine)


def open_team_workspace(
    address: TeamAddress,
    *,
    migrate: bool = True,
    prompt: PasswordPrompt | None = None,
    store: SecretStore | None = None,
) -> TeamWorkspace:
    """Open a team workspace; refuse a newer or foreign database untouched, upgrade an older one."""
    from fieldvisit.store.schema import HEAD_REVISION

    engine = connect_team(address, prompt=prompt, store=store)
    try:
        with engine.connect() as conn:
            revision = stamped_revision(conn)
            tables = user_tables(conn) if revision is None else []
        if revision != HEAD_REVISION:
            _settle_revision(engine, address, revision, tables, migrate=migrate)
    except BaseException:
        engine.dispose()
        raise
    return TeamWorkspace(address, engine)


def _settle_revision(
    engine: Engine, address: TeamAddress, revision: str | None, tables: list[str], *, migrate: bool
) -> None:
    from fieldvisit.store.schema import head_revision, known_revisions, upgrade_to_head

    if revision is None:
        if not tables:
            raise WorkspaceError(
                f"{address.label} is an empty database. Create the team workspace with "
                f"`fieldvisit --db {address.label} init` (as the database's owner)."
            )
        raise WorkspaceError(
            f"{address.label} is not a Field Visit workspace (no schema version); left untouched."
        )
    if revision not in known_revisions():
        raise WorkspaceError(
            f"{address.label} was written by a newer version of Field Visit (schema {revision}). "
            "Update Field Visit to open it; the database was left untouched."
        )
    head = head_revision()
    if not migrate:
        raise WorkspaceError(f"{address.label} needs an upgrade from schema {revision} to {head}.")
    try:
        with engine.begin() as conn:
            take_lock(conn, "schema")
            if stamped_revision(conn) != head:
                upgrade_to_head(conn)  # PostgreSQL's DDL is transactional: all or nothing
    except DBAPIError as exc:
        if getattr(getattr(exc, "orig", None), "sqlstate", "") == "42501":
            raise WorkspaceError(
                f"{address.label} needs an upgrade from schema {revision} to {head}, which only "
                "the database's owner may run: `fieldvisit --db postgresql://OWNER@… check`."
            ) from exc
        raise


def grant_app_role(conn: Connection, role: str) -> None:
    """Let `role` read and write every row (now and in later versions), never change the schema."""
    quoted = conn.dialect.identifier_preparer.quote(role)
    database = conn.execute(text("SELECT current_database()")).scalar()
    db_quoted = conn.dialect.identifier_preparer.quote(str(database))
    for statement in (
        f"GRANT CONNECT ON DATABASE {db_quoted} TO {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {quoted}",
    ):
        conn.exec_driver_sql(statement)
    # The app reads the schema stamp but must never move it.
    conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {quoted}")


def role_abilities(conn: Connection) -> dict[str, bool]:
    """Return what the connected role may do: read, write rows, change the schema, superuser."""
    row = conn.execute(
        text(
            "SELECT has_table_privilege(current_user, 'public.deal', 'SELECT'), "
            "has_table_privilege(current_user, 'public.visit', 'INSERT') AND "
            "has_table_privilege(current_user, 'public.visit', 'UPDATE'), "
            "has_schema_privilege(current_user, 'public', 'CREATE'), "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), current_user"
        )
    ).one()
    return {
        "read": bool(row[0]),
        "write": bool(row[1]),
        "change_schema": bool(row[2]),
        "superuser": bool(row[3]),
    }
