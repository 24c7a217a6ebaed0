"""Helpers that let one test drive a workspace file or a team database alike.

A command line names either by `--db` (the workspace's `label`); a child process finds the team
password in FIELDVISIT_DB_PASSWORD (the test keychain lives in this process only).
"""

from __future__ import annotations

import os

import keyring

from fieldvisit.secrets import SERVICE_NAME
from fieldvisit.store import Workspace
from fieldvisit.store.location import parse_location
from fieldvisit.store.opening import open_location
from fieldvisit.store.team import PASSWORD_VARIABLE
from tests.stored_rows import dump


def reopen(label: str) -> Workspace:
    """Open the workspace that `--db label` names."""
    return open_location(parse_location(label))


def child_env(ws: Workspace) -> dict[str, str]:
    """Return the environment for a `python -m fieldvisit --db ws.label` child process."""
    env = dict(os.environ)
    if ws.is_team:
        address = ws.address  # type: ignore[attr-defined]
        password = keyring.get_password(SERVICE_NAME, address.secret_key)
        assert password, "the team login's password is in the test keychain"
        env[PASSWORD_VARIABLE] = password
    return env


def stored_bytes(ws: Workspace) -> bytes:
    """Return what the workspace holds, as bytes: the file, or every row of the team database."""
    if not ws.is_team:
        return ws.path.read_bytes()
    return repr(dump(ws)).encode()
