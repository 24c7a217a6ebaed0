"""Opening a workspace skips Alembic when its stamp is the newest revision: that must be true."""

from __future__ import annotations

from fieldvisit.store.schema import HEAD_REVISION, head_revision


def test_the_head_revision_constant_is_alembics_newest_migration() -> None:
    # A new migration must move HEAD_REVISION too, or workspaces would not be upgraded.
    assert head_revision() == HEAD_REVISION
