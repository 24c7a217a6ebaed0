"""The workspace store: tables, safe opening, schema versions and backups."""

from fieldvisit.store.opening import create_workspace, open_workspace
from fieldvisit.store.workspace import Workspace

__all__ = ["Workspace", "create_workspace", "open_workspace"]
