"""The local draft journal: typed debrief text kept on this computer, whatever the workspace does.

One small file per visit being written, in the data folder under a subfolder named for the
workspace's key (`Workspace.key`: a file's full path, a team workspace's password-free address),
hashed, so two workspaces never mix. Every write goes to a temporary file that is
flushed and fsynced, renamed over the entry, and the folder is fsynced too: after a crash the entry
is the last complete write, never half of one. Files and folders are owner-only.

The journal never needs the workspace's write lock, so an autosave always lands somewhere; the
workspace's own draft (`debrief_draft`) is written next, when its lock is free (see `keeping`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fieldvisit import paths
from fieldvisit.debriefs.data import DebriefData
from fieldvisit.errors import FieldVisitError

FOLDER = "drafts"
FORMAT = 1
_ENTRY = re.compile(r"^visit-(\d+)\.json$")
_TEMP = re.compile(r"^\.visit-(\d+)\.json\.[^.]+\.tmp$")


class JournalError(FieldVisitError):
    """A draft could not be written to (or removed from) the local journal."""


@dataclass(frozen=True)
class JournalEntry:
    """One visit's draft as the journal holds it.

    `damaged` entries could not be decoded: their raw text is in `data.learned`, so the words are
    offered back rather than dropped.
    """

    visit_id: int
    data: DebriefData
    updated_at: datetime
    damaged: bool
    path: Path


# What names a workspace's journal: its file, or its key (a resolved path or a team address).
JournalKey = Path | str


def _resolved(workspace: JournalKey) -> str:
    if isinstance(workspace, str) and "://" in workspace:
        return workspace  # a team workspace's address: no file, the key as it is
    return str(Path(workspace).expanduser().resolve())


def journal_dir(workspace: JournalKey) -> Path:
    """Return the journal folder of `workspace` (not created)."""
    resolved = _resolved(workspace)
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(resolved).stem)[:40] or "workspace"
    return paths.data_dir() / FOLDER / f"{stem}-{digest}"


def entry_path(workspace: JournalKey, visit_id: int) -> Path:
    """Return the journal file that holds the draft of `visit_id` (it may not exist)."""
    return journal_dir(workspace) / f"visit-{int(visit_id)}.json"


def _owner_only_folder(folder: Path) -> None:
    for part in (folder.parent, folder):
        part.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix" and part.stat().st_mode & 0o077:
            os.chmod(part, 0o700)


def _fsync_folder(folder: Path) -> None:
    # A rename is durable only once the folder entry is on disk (POSIX; Windows has no such call).
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _encode(workspace: JournalKey, data: DebriefData, updated_at: datetime) -> bytes:
    record = {
        "format": FORMAT,
        "workspace": _resolved(workspace),
        "visit_id": data.visit_id,
        "updated_at": updated_at.astimezone(UTC).isoformat(),
        "draft": json.loads(data.to_json()),
    }
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def write_entry(workspace: JournalKey, data: DebriefData, updated_at: datetime) -> Path:
    """Write `data` as the journal entry of its visit, crash-safely; return the file.

    Raises JournalError when the data folder cannot be written.
    """
    if updated_at.tzinfo is None:
        raise ValueError("naive datetime given; the journal stores aware datetimes only")
    target = entry_path(workspace, data.visit_id)
    payload = _encode(workspace, data, updated_at)
    try:
        _owner_only_folder(target.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise JournalError(
            f"The draft could not be kept in {target.parent}: {exc.strerror or exc}."
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:  # mkstemp made it 0600: owner-only
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise JournalError(
            f"The draft could not be kept in {target}: {exc.strerror or exc}."
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _decode(path: Path, visit_id: int, raw: bytes) -> JournalEntry:
    try:
        record = json.loads(raw.decode("utf-8"))
        if int(record["visit_id"]) != visit_id:
            raise ValueError("the entry names another visit")
        updated_at = datetime.fromisoformat(record["updated_at"])
        if updated_at.tzinfo is None:
            raise ValueError("naive time")
        data = DebriefData.from_json(json.dumps(record["draft"]))
    except (ValueError, TypeError, KeyError, AttributeError):
        # Never drop words: whatever the file holds comes back as text to check and save.
        text = raw.decode("utf-8", errors="replace").strip()
        stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        return JournalEntry(visit_id, DebriefData(visit_id, learned=text), stamp, True, path)
    data.visit_id = visit_id
    return JournalEntry(visit_id, data, updated_at, False, path)


def _read(path: Path, visit_id: int) -> JournalEntry | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JournalError(f"The kept draft {path} cannot be read: {exc.strerror or exc}.") from exc
    return _decode(path, visit_id, raw)


def _promote_complete_temps(folder: Path) -> None:
    """Keep what a crash between fsync and rename left in a temporary file, if it is newer."""
    for tmp in folder.glob(".visit-*.tmp"):
        match = _TEMP.match(tmp.name)
        if match is None:
            continue
        visit_id = int(match.group(1))
        candidate = _read(tmp, visit_id)
        current = _read(folder / f"visit-{visit_id}.json", visit_id)
        if (
            candidate is not None
            and not candidate.damaged
            and (current is None or candidate.updated_at > current.updated_at)
        ):
            os.replace(tmp, folder / f"visit-{visit_id}.json")
        else:
            # Half-written (the crash came before its fsync) or older: the entry itself is whole.
            tmp.unlink(missing_ok=True)


def read_entry(workspace: JournalKey, visit_id: int) -> JournalEntry | None:
    """Return the journal entry of `visit_id`, or None when the journal holds none."""
    return _read(entry_path(workspace, visit_id), int(visit_id))


def read_entries(workspace: JournalKey) -> list[JournalEntry]:
    """Return every entry kept for `workspace`, the newest first (damaged ones as text)."""
    folder = journal_dir(workspace)
    if not folder.is_dir():
        return []
    try:
        _promote_complete_temps(folder)
        names = sorted(p.name for p in folder.iterdir())
    except OSError as exc:
        raise JournalError(f"The kept drafts in {folder} cannot be read: {exc}.") from exc
    entries = []
    for name in names:
        match = _ENTRY.match(name)
        if match is None:
            continue
        entry = _read(folder / name, int(match.group(1)))
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda e: e.updated_at, reverse=True)
    return entries


def remove_entry(workspace: JournalKey, visit_id: int) -> None:
    """Remove the journal entry of `visit_id` (nothing when there is none)."""
    path = entry_path(workspace, visit_id)
    try:
        path.unlink(missing_ok=True)
        if path.parent.is_dir():
            _fsync_folder(path.parent)
    except OSError as exc:
        raise JournalError(
            f"The kept draft {path} could not be removed: {exc.strerror or exc}."
        ) from exc
