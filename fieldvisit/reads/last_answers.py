"""The answers a screen showed last, kept in the data folder so the next start paints them at once.

An answer is kept under its key: the workspace (its full path), the as-of date, a stamp of the
workspace's data, and this version of Field Visit. The stamp is read from the file system, with
no query: SQLite's change counter in the file's header (bumped by every commit in the rollback
journal), the size and modification time of the file and of its write-ahead log. Any write to
the workspace, by the app, the command line or another program, changes it; so an answer whose
key does not match is never shown. A kept file that cannot be read back (damaged, from another
version) is logged and ignored: the screen computes its answer as if nothing was kept.

A team workspace's answers are never kept: its data changes on the server, with no stamp to
read without a query, and stale answers must never paint as fresh (`workspace_key`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fieldvisit import __version__, paths
from fieldvisit.reads.typed_json import NotThatShape, from_plain, to_plain

if TYPE_CHECKING:
    from fieldvisit.store.workspace import Workspace

log = logging.getLogger(__name__)

T = TypeVar("T")
FORMAT = 1  # bumped when the shape of a kept answer changes
_HEADER_COUNTER = slice(24, 28)  # SQLite's file change counter (big-endian), in the header


@dataclass(frozen=True)
class AnswerKey:
    """What an answer depends on; a kept answer is shown only under the very same key."""

    workspace: str  # the file's full path
    as_of: date
    stamp: str  # `data_stamp`
    version: str = f"{__version__}/{FORMAT}"


def data_stamp(path: Path) -> str:
    """Return a stamp of the workspace's data that any committed write changes (no query)."""
    parts = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            info = file.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    try:
        with path.open("rb") as f:
            parts.append(f.read(100)[_HEADER_COUNTER].hex())
    except OSError:
        parts.append("?")
    return "/".join(parts)


def answer_key(path: Path, as_of: date) -> AnswerKey:
    """Return the key of the workspace's answers as of `as_of`, as its data stands now."""
    full = Path(path).expanduser().resolve()
    return AnswerKey(str(full), as_of, data_stamp(full))


def workspace_key(ws: Workspace, as_of: date) -> AnswerKey | None:
    """Return the key of the open workspace's answers; None for a team workspace (not kept)."""
    return None if ws.is_team else answer_key(ws.path, as_of)


def answers_folder() -> Path:
    """Return the folder kept answers live in (`cache` in the data folder)."""
    folder = paths.data_dir() / "cache"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class LastAnswers:
    """Kept answers, one file per screen and workspace, in `folder`."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder

    def _file(self, what: str, key: AnswerKey) -> Path:
        folder = self.folder or answers_folder()
        name = hashlib.sha256(key.workspace.encode()).hexdigest()[:16]
        return folder / f"{what}-{name}.json"

    def recall(
        self, what: str, key: AnswerKey, kind: type[T], names: Mapping[str, Any] | None = None
    ) -> T | None:
        """Return the answer kept for `what` under `key`, read back as `kind` (None: none kept,
        kept under another key, or unreadable: logged); `names` as `typed_json.from_plain`."""
        file = self._file(what, key)
        try:
            kept = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("kept answers %s ignored: %s", file.name, exc)
            return None
        if not isinstance(kept, dict) or kept.get("key") != _key_json(key):
            return None
        try:
            return from_plain(kind, kept.get("answer"), names)  # type: ignore[no-any-return]
        except NotThatShape as exc:
            log.warning("kept answers %s ignored: %s", file.name, exc)
            return None

    def keep(self, what: str, key: AnswerKey, answer: Any) -> None:
        """Keep `answer` for `what` under `key` (written whole, then renamed into place)."""
        file = self._file(what, key)
        text = json.dumps(
            {"key": _key_json(key), "answer": to_plain(answer)}, separators=(",", ":")
        )
        part = file.with_name(f"{file.name}.{os.getpid()}.partial")
        try:
            part.write_text(text, encoding="utf-8")
            os.chmod(part, 0o600)
            os.replace(part, file)
        except OSError as exc:  # a full disk or a read-only folder: nothing kept, say why
            log.warning("could not keep answers in %s: %s", file, exc)
            part.unlink(missing_ok=True)


def _key_json(key: AnswerKey) -> dict[str, str]:
    return {
        "workspace": key.workspace,
        "as_of": key.as_of.isoformat(),
        "stamp": key.stamp,
        "version": key.version,
    }
