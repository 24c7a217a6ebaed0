"""A private PostgreSQL server for the tests: started once per test session on 127.0.0.1.

Found from PATH or the distribution's /usr/lib/postgresql/*/bin (FIELDVISIT_TEST_PG_BIN names
another folder). `initdb` refuses root, so under root the cluster belongs to the `postgres` user
(`runuser`). Two login roles, as docs/team.md sets them up: `fv_owner`, which owns each test
database and runs the migrations, and `fv_app`, which may only read and write rows. Each test gets
its own database, copied from a template that already holds the schema. Absent binaries make the
tests that need the server skip, and the session's summary says how many.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BIN_VARIABLE = "FIELDVISIT_TEST_PG_BIN"
OWNER = "fv_owner"
APP = "fv_app"
SUPERUSER = "postgres"
TEMPLATE = "fv_template"


def find_bin() -> Path | None:
    """Return the folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    given = os.environ.get(BIN_VARIABLE)
    if given:
        return Path(given) if (Path(given) / "initdb").exists() else None
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    return None


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    """A running private server and the passwords of its roles (never written to the repo)."""

    bin: Path
    base: Path
    port: int
    as_user: str | None
    passwords: dict[str, str] = field(default_factory=dict)
    copy_strategy: str = ""
    _count: int = 0
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _admin: Any = None
    _spares: _Spares | None = None

    host = "127.0.0.1"

    def url(self, database: str, role: str = OWNER) -> str:
        """Return the password-free address of `database` for `role`."""
        return f"postgresql://{role}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run `sql` as the superuser (autocommit) and return its rows."""
        import psycopg

        with self._lock:
            if database != "postgres":
                with self._connect(database) as conn:
                    cur = conn.execute(sql)
                    return list(cur.fetchall()) if cur.description else []
            # One kept connection for the server's own work: each test creates and drops a
            # database, and a new login (SCRAM) for each would cost more than the work.
            if self._admin is None or self._admin.closed:
                self._admin = self._connect(database)
            try:
                cur = self._admin.execute(sql)
            except psycopg.OperationalError:
                self._admin = None
                raise
            return list(cur.fetchall()) if cur.description else []

    def _connect(self, database: str) -> Any:
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=SUPERUSER,
            password=self.passwords[SUPERUSER],
            dbname=database,
            autocommit=True,
        )

    def new_database(self, *, template: str | None = TEMPLATE, prefix: str = "t") -> str:
        """Create a fresh database owned by fv_owner (from the schema template by default).

        A schema database comes ready-made from the spares thread when it runs (`keep_spares`).
        """
        if self._spares is not None and template == TEMPLATE and prefix == "t":
            return self._spares.take()
        name = self.next_name(prefix)
        self.admin(self.create_sql(name, template))
        return name

    def next_name(self, prefix: str) -> str:
        with self._lock:
            self._count += 1
            return f"{prefix}{os.getpid()}_{self._count}"

    def create_sql(self, name: str, template: str | None) -> str:
        # FILE_COPY (PostgreSQL 15+) copies a small template in half the time of WAL_LOG.
        source = f" TEMPLATE {template}{self.copy_strategy}" if template else ""
        return f"CREATE DATABASE {name} OWNER {OWNER}{source}"

    def drop_database(self, name: str) -> None:
        if self._spares is not None and self._spares.made(name):
            self._spares.drop(name)
            return
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def keep_spares(self, count: int = 2) -> None:
        """Copy schema databases ahead of need and drop used ones on a thread of their own: the
        server does that work while the tests run (a copy and a drop took a quarter of a second
        of every PostgreSQL test)."""
        if self._spares is None:
            self._spares = _Spares(self, count)

    def stop(self) -> None:
        if self._spares is not None:
            self._spares.stop()
            self._spares = None
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        _run(
            self.as_user,
            [str(self.bin / "pg_ctl"), "-D", str(self.base / "data"), "-m", "immediate", "stop"],
            check=False,
        )
        shutil.rmtree(self.base, ignore_errors=True)


class _Spares:
    """Schema databases made ahead and used ones dropped, by one thread with its own connection."""

    def __init__(self, server: PgServer, keep: int):
        self.server = server
        self.keep = keep
        self.ready: list[str] = []
        self.used: list[str] = []
        self.names: set[str] = set()
        self.failure: BaseException | None = None
        self.stopping = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._work, name="pg-spares", daemon=True)
        self.thread.start()

    def made(self, name: str) -> bool:
        with self.cond:
            return name in self.names

    def take(self) -> str:
        with self.cond:
            self.cond.notify_all()
            if not self.cond.wait_for(lambda: self.ready or self.failure, timeout=120):
                raise TimeoutError("no spare test database within two minutes")
            if self.failure is not None:
                raise RuntimeError("the spare test databases failed") from self.failure
            name = self.ready.pop(0)
            self.cond.notify_all()
            return name

    def drop(self, name: str) -> None:
        with self.cond:
            self.used.append(name)
            self.cond.notify_all()

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        self.thread.join(30)

    def _next(self) -> tuple[str, str] | None:
        """Return the next job (create a spare first while none is ready), None to stop."""
        with self.cond:
            self.cond.wait_for(lambda: self.stopping or self.used or len(self.ready) < self.keep)
            if self.stopping:
                return None
            if self.ready and self.used:
                return ("drop", self.used.pop(0))
            name = self.server.next_name("t")
            self.names.add(name)
            return ("create", name)

    def _work(self) -> None:
        try:
            conn = self.server._connect("postgres")
        except BaseException as exc:  # the tests waiting for a database say why
            with self.cond:
                self.failure = exc
                self.cond.notify_all()
            return
        with conn:
            while (job := self._next()) is not None:
                kind, name = job
                try:
                    if kind == "drop":
                        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                        continue
                    conn.execute(self.server.create_sql(name, TEMPLATE))
                except BaseException as exc:
                    with self.cond:
                        self.failure = None if self.stopping else exc
                        self.cond.notify_all()
                    return
                with self.cond:
                    self.ready.append(name)
                    self.cond.notify_all()


def _run(as_user: str | None, argv: list[str], *, check: bool = True) -> None:
    if as_user:
        argv = ["runuser", "-u", as_user, "--", *argv]
    subprocess.run(argv, check=check, capture_output=True, text=True)


def start_server() -> PgServer | str:
    """Start a private server; return it, or the reason it cannot run here."""
    bin_dir = find_bin()
    if bin_dir is None:
        return "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    as_user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return "running as root and there is no `postgres` user for initdb"
        as_user = SUPERUSER
    base = Path(tempfile.mkdtemp(prefix="fieldvisit-pg-"))
    passwords = {role: secrets.token_urlsafe(16) for role in (SUPERUSER, OWNER, APP)}
    pwfile = base / "pw"
    pwfile.write_text(passwords[SUPERUSER])
    if as_user:
        entry = pwd.getpwnam(as_user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    pwfile.chmod(0o600)
    port = free_port()
    data = base / "data"
    try:
        _run(
            as_user,
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--pwfile",
                str(pwfile),
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        _run(
            as_user,
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(base / "server.log"),
                "-w",
                "start",
            ],
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        return f"the private PostgreSQL server did not start: {(exc.stderr or '').strip()[:300]}"
    pwfile.unlink()
    server = PgServer(bin=bin_dir, base=base, port=port, as_user=as_user, passwords=passwords)
    server.admin(f"CREATE ROLE {OWNER} LOGIN PASSWORD '{passwords[OWNER]}'")
    server.admin(f"CREATE ROLE {APP} LOGIN PASSWORD '{passwords[APP]}'")
    server.admin(f"CREATE DATABASE {TEMPLATE} OWNER {OWNER}")
    version = int(str(server.admin("SHOW server_version_num")[0][0]))
    server.copy_strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
    return server


def build_template(server: PgServer) -> None:
    """Build the current schema in the template database as fv_owner; grant fv_app its rows."""
    from fieldvisit.store.location import parse_team_url
    from fieldvisit.store.schema import upgrade_to_head
    from fieldvisit.store.team import grant_app_role, make_team_engine

    address = parse_team_url(server.url(TEMPLATE, OWNER))
    engine = make_team_engine(address, server.passwords[OWNER], pooled=False)
    try:
        with engine.begin() as conn:
            upgrade_to_head(conn)
            grant_app_role(conn, APP)
    finally:
        engine.dispose()
