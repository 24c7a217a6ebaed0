"""Command handlers: each module registers its sub-commands and calls into the core packages."""

from fieldvisit.commands import workspace_cmds

COMMAND_MODULES = [workspace_cmds]
