"""The Settings page's side of a conflict: reload the settings as saved, or keep the page's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QLabel, QWidget

from fieldvisit.ui.dialogs.conflict import ConflictDialog, settle

if TYPE_CHECKING:
    from fieldvisit.store.versions import Conflict


class SettingsForm(Protocol):
    """What this needs of the Settings page (dialogs never import pages)."""

    seen_versions: dict[str, int]
    kept_over: bool
    status: QLabel

    def refresh(self) -> None: ...

    def save(self) -> bool: ...


def settle_settings_conflict(page: SettingsForm, conflict: Conflict) -> ConflictDialog:
    """Show who changed which setting; Reload shows theirs (the page's edits dropped), Keep mine
    saves the page over theirs."""

    def reload() -> None:
        page.kept_over = False
        page.refresh()  # reads the rules and their versions again
        page.status.setText(f"Reloaded the settings as {conflict.person} saved them.")

    def keep_mine(version: int) -> None:
        page.seen_versions[str(conflict.row)] = version
        page.kept_over = True
        page.save()

    assert isinstance(page, QWidget)
    return settle(conflict, page, reload=reload, keep_mine=keep_mine)
