"""The one owner of choosing files: the platform's own dialogs, opening where the user was last.

Each purpose (opening a workspace, importing a CRM export, saving a briefing …) remembers the
folder it was last used in, in the app's QSettings; the first time, a dialog opens in Documents
(`QStandardPaths`), or in a purpose's own folder (backups). The dialogs are the static
`QFileDialog` functions without `DontUseNativeDialog`, so the platform's dialog is used wherever
Qt has one (Windows, macOS, a desktop theme or portal on Linux).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

WORKSPACE_FILTER = "Field Visit workspaces (*.fieldvisit)"

Purpose = Literal["workspace", "import", "calendar", "briefing", "invites", "trip", "backup"]

# The import and calendar keys predate this module: kept, so a folder remembered before stays.
_KEYS: dict[str, str] = {"import": "import/last_folder", "calendar": "capture/last_folder"}


class FolderStore(Protocol):
    """Where remembered folders are kept: QSettings, or a dict-backed stand-in in tests."""

    def value(self, key: str, defaultValue: Any = None) -> Any: ...  # noqa: N803 (Qt's name)

    def setValue(self, key: str, value: Any) -> None: ...  # noqa: N802 (Qt's name)


def _store(store: FolderStore | None) -> FolderStore:
    if store is not None:
        return store
    from fieldvisit.ui.workspaces import ui_settings

    return ui_settings()


def key_for(purpose: Purpose) -> str:
    """Return the settings key holding the folder last used for `purpose`."""
    return _KEYS.get(purpose, f"file_dialogs/{purpose}")


def documents_folder() -> str:
    """Return the user's Documents folder (the home folder where a platform has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found or str(Path.home())


def start_folder(
    purpose: Purpose, store: FolderStore | None = None, fallback: Path | None = None
) -> str:
    """Return the folder a dialog for `purpose` opens in: the last one used, else the fallback
    (when it exists), else Documents."""
    saved = _store(store).value(key_for(purpose), "")
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return saved
    if fallback is not None and fallback.is_dir():
        return str(fallback)
    return documents_folder()


def remember(purpose: Purpose, path: Path, store: FolderStore | None = None) -> None:
    """Remember the folder of `path` (or `path`, when it is a folder) for `purpose`."""
    folder = path if path.is_dir() else path.parent
    _store(store).setValue(key_for(purpose), str(folder))


def open_file(
    parent: QWidget | None,
    purpose: Purpose,
    title: str,
    name_filter: str,
    *,
    store: FolderStore | None = None,
    fallback: Path | None = None,
) -> Path | None:
    """Ask for one existing file; None when the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, title, start_folder(purpose, store, fallback), name_filter
    )
    return _chosen(purpose, chosen, store)


def open_files(
    parent: QWidget | None,
    purpose: Purpose,
    title: str,
    name_filter: str,
    *,
    store: FolderStore | None = None,
) -> list[Path]:
    """Ask for one or more existing files; an empty list when the user cancels."""
    chosen, _ = QFileDialog.getOpenFileNames(
        parent, title, start_folder(purpose, store), name_filter
    )
    paths = [Path(c) for c in chosen]
    if paths:
        remember(purpose, paths[0], store)
    return paths


def save_file(
    parent: QWidget | None,
    purpose: Purpose,
    title: str,
    suggested_name: str,
    name_filter: str,
    *,
    store: FolderStore | None = None,
) -> Path | None:
    """Ask where to save, suggesting `suggested_name` in the remembered folder; None if cancelled."""
    start = str(Path(start_folder(purpose, store)) / suggested_name)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start, name_filter)
    return _chosen(purpose, chosen, store)


def existing_folder(
    parent: QWidget | None,
    purpose: Purpose,
    title: str,
    *,
    store: FolderStore | None = None,
) -> Path | None:
    """Ask for a folder; None when the user cancels."""
    chosen = QFileDialog.getExistingDirectory(parent, title, start_folder(purpose, store))
    return _chosen(purpose, chosen, store)


def _chosen(purpose: Purpose, chosen: str, store: FolderStore | None) -> Path | None:
    if not chosen:
        return None
    path = Path(chosen)
    remember(purpose, path, store)
    return path
