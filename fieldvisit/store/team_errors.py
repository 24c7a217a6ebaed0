"""A team database's failures in one line each, naming the database: the password (needed,
refused), TLS, a missing database, locks, rights, a read-only server, an unreachable one.

`TeamWorkspace.begin`/`connect` turn the driver's errors about the server and the login into these
(`about_the_server`); an error about the statement itself (a constraint, a bug) keeps its own
traceback, as on a workspace file.
"""

from __future__ import annotations

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.location import TeamAddress

# Where a password can come from besides the keychain and a prompt (scripts, CI).
PASSWORD_VARIABLE = "FIELDVISIT_DB_PASSWORD"
# SQLSTATE classes about the server, the login or other sessions, not about the statement:
# connection (08), read-only transaction (25006), rights (42501), resources (53), locks (55P03,
# 40P01), the server going down (57).
SERVER_STATES = ("08", "25006", "28", "42501", "53", "55P03", "40P01", "57", "3D000")


def about_the_server(exc: BaseException) -> bool:
    """Return True when a driver error is about the server, the login or a lock."""
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        return True
    state = getattr(getattr(exc, "orig", exc), "sqlstate", None) or ""
    return any(state.startswith(prefix) for prefix in SERVER_STATES)


class PasswordNeeded(WorkspaceError):
    """PostgreSQL asks for the login's password and nobody gave one."""


class PasswordRefused(WorkspaceError):
    """PostgreSQL refused the password given (the core removes it from the keychain)."""


class TeamUnreachable(WorkspaceError):
    """The team database's server cannot be reached (no network, server down): worth a retry."""


def team_error(
    exc: BaseException, address: TeamAddress, *, writing: bool = False
) -> WorkspaceError:
    """Return the one-line message for a PostgreSQL error about the connection or a lock."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or ""
    words = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    where = address.label.split("?", 1)[0]
    if state == "28P01" or "password authentication failed" in words:
        return PasswordRefused(
            f"{where}: PostgreSQL refused the password for {address.user}; it was removed from "
            f"the keychain, so you are asked again next time (or set {PASSWORD_VARIABLE})."
        )
    if "no password supplied" in words or "fe_sendauth" in words:
        return PasswordNeeded(
            f"{where}: PostgreSQL asks for {address.user}'s password; run the command in a "
            f"terminal to be asked once (it is kept in the keychain), or set {PASSWORD_VARIABLE}."
        )
    tls = _tls_problem(words, address)
    if tls:
        return WorkspaceError(f"{where}: {tls}")
    if state == "3D000" or f'database "{address.database}" does not exist' in words:
        return WorkspaceError(f"{where}: the database {address.database} does not exist.")
    if state in ("55P03", "40P01"):
        return WorkspaceError(
            f"{where}: another user holds the rows this change needs; the change was not saved."
        )
    if state == "42501":
        return WorkspaceError(f"{where}: {address.user} may not do this ({words}).")
    if state == "25006":
        return WorkspaceError(
            f"{where}: the team database takes no changes here (a read-only server or "
            "standby); nothing was saved."
        )
    if state.startswith("53"):
        return WorkspaceError(f"{where}: the team database's server is out of room ({words}).")
    lowered = words.lower()
    if state.startswith("08") or any(
        sign in lowered for sign in ("connection", "server", "translate host name", "resolve host")
    ):
        return TeamUnreachable(f"{where}: cannot reach the team database ({words}).")
    verb = "save to" if writing else "read"
    return WorkspaceError(f"{where}: could not {verb} the team database ({words}).")


def _tls_problem(words: str, address: TeamAddress) -> str | None:
    """Return what went wrong with TLS (sslmode, sslrootcert) in plain words, else None."""
    mode = address.option("sslmode") or "prefer"
    lowered = words.lower()
    if "does not support ssl" in lowered:
        return (
            f"the server does not offer TLS, but the address asks for sslmode={mode}; turn TLS "
            "on at the server (docs/team.md), or leave sslmode out on a trusted network."
        )
    if "certificate verify failed" in lowered or "server certificate for" in lowered:
        return (
            f"the server's certificate did not pass sslmode={mode} ({words.split(': ')[-1]}); "
            "check sslrootcert names the CA that signed it and the host matches."
        )
    if "root certificate file" in lowered:
        return f"sslmode={mode} needs a CA file: {words.split(': ')[-1]}."
    return None
