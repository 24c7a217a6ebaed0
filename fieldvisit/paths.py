"""Where Field Visit keeps its files: data, backups and logs (FIELDVISIT_HOME overrides all)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "FieldVisit"
APP_AUTHOR = "FieldVisit"


def _base() -> Path | None:
    home = os.environ.get("FIELDVISIT_HOME")
    return Path(home) if home else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir() -> Path:
    """Return the folder for workspaces (created owner-only on first use)."""
    base = _base()
    return _ensure(
        base / "data" if base else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    )


def backup_dir() -> Path:
    """Return the folder for verified workspace backups."""
    return _ensure(data_dir() / "backups")


def log_dir() -> Path:
    """Return the folder for log files: `logs` beside the workspaces in the data folder."""
    base = _base()
    return _ensure(base / "logs" if base else data_dir() / "logs")


def default_workspace() -> Path:
    """Return the path of the default workspace file."""
    return data_dir() / "workspace.fieldvisit"


def demo_workspace() -> Path:
    """Return the path where `--demo` writes its fresh demo workspace."""
    return data_dir() / "demo.fieldvisit"


def app_lock_path(workspace: Path) -> Path:
    """Return the lock file the app keeps while `workspace` is open in a window.

    One name for the app (which takes it with QLockFile) and the core (which reads it to say who
    has a workspace open); the folder is not created here.
    """
    resolved = str(Path(workspace).expanduser().resolve())
    key = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:20]
    return data_dir() / "locks" / f"{key}.lock"
