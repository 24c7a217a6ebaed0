"""The workspace store: tables, safe opening, schema versions and backups."""

from fieldvisit.store.workspace import Workspace, create_workspace, open_workspace

__all__ = ["Workspace", "create_workspace", "open_workspace"]
