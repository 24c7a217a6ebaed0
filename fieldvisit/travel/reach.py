"""Is the team database back? When a travel copy with changes not pushed cannot reach its team
database (on the plane), the app tries again on its own — when the system says the network came
back, and on a schedule that backs off — and syncs as soon as the server answers.

The look costs one TCP connection (or, for a Unix socket, one stat) with a short timeout, on a
worker: no password, no PostgreSQL handshake, nothing written. Only once it answers does the app
run the real sync, which still asks the keychain for the password and says plainly what failed.
"""

from __future__ import annotations

import socket
from pathlib import Path

from fieldvisit.store import Workspace
from fieldvisit.store.location import TeamAddress, parse_team_url
from fieldvisit.travel import pending

# Seconds before each try after a failed one: soon at first, then no more than every five minutes.
RETRY_AFTER_S = (30, 60, 120, 300)
LOOK_TIMEOUT_S = 3.0


def team_address(copy: Workspace) -> TeamAddress:
    """Return the password-free address of the team database a travel copy came from."""
    with copy.connect() as conn:
        return parse_team_url(pending.travel_state(conn).source)


def retry_after(tries: int) -> int:
    """Return the seconds to wait after `tries` failed tries in a row (the first is 1)."""
    return RETRY_AFTER_S[min(max(tries, 1), len(RETRY_AFTER_S)) - 1]


def answers(address: TeamAddress, timeout_s: float = LOOK_TIMEOUT_S) -> str | None:
    """Return None when a server of the address accepts a connection now, else why not (one
    line). An address naming several hosts (`h1,h2`, as libpq allows) answers when one does."""
    said = []
    for host in (address.host or "localhost").split(","):
        why = _one_answers(host.strip() or "localhost", address.port, timeout_s)
        if why is None:
            return None
        said.append(why)
    return "; ".join(said)


def _one_answers(host: str, port: int, timeout_s: float) -> str | None:
    if host.startswith("/"):  # a Unix socket's folder, as libpq names it
        found = Path(host) / f".s.PGSQL.{port}"
        return None if found.exists() else f"no server socket at {found}"
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return f"{host}:{port} does not answer ({reason})"
