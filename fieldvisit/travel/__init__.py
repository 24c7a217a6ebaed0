"""A travel copy: a team workspace's rows taken into a local file for the plane, and synced back.

`copy` writes the file (the whole org or one executive's accounts, the team's own ids kept),
`pending` holds the one rule of what the copy has not pushed yet, `sync` pushes those changes to
the team database (conflicts are kept, never overwritten) and pulls the latest rows back.
"""
