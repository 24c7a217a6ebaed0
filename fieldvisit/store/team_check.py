"""`check` on a team workspace: the connection, the schema version and what the role may do.

It only reads: an older schema is reported (the owner's next open upgrades it), a newer one is
refused as it is, and nothing is written either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.location import TeamAddress

PasswordPrompt = Callable[[str], str]


@dataclass(frozen=True)
class TeamCheck:
    """What `check` found on a team workspace."""

    address: TeamAddress
    server_version: str
    tls: str | None  # the TLS version in use ("TLSv1.3"), None when the connection is plain
    schema: str
    head: str
    role: str
    owner: bool  # the role owns the schema stamp: it runs the migrations
    abilities: dict[str, bool]  # read, write, change_schema, superuser

    @property
    def warnings(self) -> list[str]:
        """Return what should not be so for the role the app uses day to day."""
        found = []
        if self.abilities["superuser"]:
            found.append(
                f"{self.role} is a superuser: give the app a role that may only read and write "
                "rows (docs/team.md)."
            )
        elif self.abilities["change_schema"] and not self.owner:
            found.append(
                f"{self.role} may change the schema: the app role needs only its rows "
                "(REVOKE CREATE ON SCHEMA public FROM it; docs/team.md)."
            )
        if not self.abilities["read"] or not self.abilities["write"]:
            found.append(
                f"{self.role} may not read and write the rows; the owner grants them with "
                f"`fieldvisit --db postgresql://OWNER@… init --grant {self.role}` on a new "
                "database, or the GRANTs in docs/team.md."
            )
        return found

    def lines(self) -> list[str]:
        """Return the report, one fact per line."""
        where = self.address
        tls = f"TLS in use ({self.tls})" if self.tls else "no TLS (plain connection)"
        if self.schema == self.head:
            schema = f"schema {self.schema}, current"
        else:
            schema = (
                f"schema {self.schema}; the owner's next open upgrades it to {self.head}"
                if not self.owner
                else f"schema {self.schema}; opening it upgrades it to {self.head}"
            )

        def yes(name: str) -> str:
            return "yes" if self.abilities[name] else "no"

        return [
            f"{where.label}: OK ({schema})",
            f"Server: PostgreSQL {self.server_version} at {where.host}:{where.port}, "
            f"database {where.database}, {tls}",
            f"Role {self.role}{' (owner)' if self.owner else ''}: read {yes('read')}, write rows "
            f"{yes('write')}, change schema {yes('change_schema')}, superuser {yes('superuser')}",
            *(f"Warning: {warning}" for warning in self.warnings),
        ]


def check_team(address: TeamAddress, *, prompt: PasswordPrompt | None = None) -> TeamCheck:
    """Connect, read the schema stamp and the role's rights; refuse a newer schema untouched."""
    from fieldvisit.store.schema import head_revision, known_revisions
    from fieldvisit.store.team import connect_team, role_abilities, stamped_revision, user_tables

    engine = connect_team(address, prompt=prompt, pooled=False)
    try:
        with engine.connect() as conn:
            revision = stamped_revision(conn)
            if revision is None:
                tables = user_tables(conn)
                if not tables:
                    raise WorkspaceError(
                        f"{address.label} is an empty database. Create the team workspace with "
                        f"`fieldvisit --db {address.label} init` (as the database's owner)."
                    )
                raise WorkspaceError(
                    f"{address.label} is not a Field Visit workspace (no schema version); "
                    "left untouched."
                )
            if revision not in known_revisions():
                raise WorkspaceError(
                    f"{address.label} was written by a newer version of Field Visit (schema "
                    f"{revision}); update Field Visit to open it. Refused: the database was left "
                    "untouched."
                )
            row = conn.execute(
                text(
                    "SELECT current_setting('server_version'), current_user, "
                    "(SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl), "
                    "pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE "
                    "schemaname = 'public' AND tablename = 'alembic_version'), 'USAGE')"
                )
            ).one()
            abilities = role_abilities(conn)
    finally:
        engine.dispose()
    return TeamCheck(
        address=address,
        server_version=str(row[0]),
        tls=row[2],
        schema=revision,
        head=head_revision(),
        role=str(row[1]),
        owner=bool(row[3]),
        abilities=abilities,
    )
