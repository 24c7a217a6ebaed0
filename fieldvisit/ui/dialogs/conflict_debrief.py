"""The debrief editor's side of a conflict: reload theirs, keep mine, or merge the two."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldvisit import debriefs
from fieldvisit.debriefs import DebriefData
from fieldvisit.reads.audit_lines import debrief_version
from fieldvisit.ui.dialogs.conflict import ConflictDialog, settle
from fieldvisit.ui.dialogs.conflict_merge import open_merge

if TYPE_CHECKING:
    from fieldvisit.store.versions import Conflict
    from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor


def settle_debrief_conflict(editor: DebriefEditor, conflict: Conflict) -> ConflictDialog:
    """Show who changed the debrief; Reload, Keep mine (saves over theirs) or Merge… (both)."""
    mine = editor.form.data()

    def theirs() -> DebriefData:
        with editor.workspace.connect() as conn:
            found = debriefs.load_debrief(conn, editor.visit_pk)
            editor.seen_version = debrief_version(conn, editor.visit_pk)
        return found or DebriefData(editor.visit_pk)

    def reload() -> None:
        editor.started_from = theirs()
        editor.kept_over = False
        editor.form.set_data(editor.started_from)
        editor.draft_label.setText(f"Reloaded {conflict.person}'s debrief; yours was not saved")

    def keep_mine(version: int) -> None:
        editor.seen_version = version
        editor.kept_over = True
        editor.save()

    def merge() -> None:
        from fieldvisit.debriefs.debrief_changes import merge_debriefs

        saved = theirs()
        plan = merge_debriefs(editor.started_from, saved, mine)
        view = open_merge(plan, saved, conflict.person, editor)

        def save_merged(data: object) -> None:
            assert isinstance(data, DebriefData)
            editor.form.set_data(data)
            editor.kept_over = True
            editor.save()

        view.merged.connect(save_merged)

    return settle(conflict, editor, reload=reload, keep_mine=keep_mine, merge=merge)
