"""Command handlers: each module registers its sub-commands and calls into the core packages."""

from fieldvisit.commands import (
    briefing_cmd,
    capture_cmd,
    import_cmd,
    invite_cmds,
    outcome_cmds,
    planning_cmds,
    settings_cmds,
    target_cmd,
    trips_cmd,
    visit_days_cmd,
    workspace_cmds,
)

COMMAND_MODULES = [
    workspace_cmds,
    invite_cmds,
    import_cmd,
    planning_cmds,
    settings_cmds,
    target_cmd,
    visit_days_cmd,
    capture_cmd,
    trips_cmd,
    outcome_cmds,
    briefing_cmd,
]
