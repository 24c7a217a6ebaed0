"""What a workspace lacks before suggestions can mean anything: deals, executives.

`suggest` with no executive would say "No stalled strategic deal needs a visit" over twenty
stalled deals; the command line and the app's empty state ask `readiness` first and say what is
missing and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

NO_DEALS = (
    "No deals in this workspace yet: import your CRM export with "
    "`fieldvisit import-crm salesforce|hubspot|pipedrive PATH…` "
    "(or a CSV file with `fieldvisit import deals FILE.csv`)."
)
NO_EXECUTIVES = (
    "No executives in this workspace yet, so nobody can be suggested for a visit: say who they "
    "are with `fieldvisit import-crm CRM PATH… --executives 'dana@example.com=C;…'` (levels C, "
    "SVP, VP), or give the users job titles the title rule knows (CEO, Chief …, EVP, VP, …; "
    "Settings › Executive titles), or import an executives file with "
    "`fieldvisit import executives FILE.csv`."
)


@dataclass(frozen=True)
class Readiness:
    """What the workspace holds that suggestions need, and what is missing."""

    deals: int
    open_deals: int
    executives: int
    missing: tuple[str, ...]  # "deals", "executives"
    advice: tuple[str, ...]  # one sentence per missing thing, saying how to fix it

    @property
    def ready(self) -> bool:
        return not self.missing


def readiness(conn: Connection) -> Readiness:
    """Return whether the workspace has what suggestions need (deals and executives)."""
    deals, open_deals, executives = conn.execute(
        text(
            "SELECT (SELECT count(*) FROM deal), "
            "(SELECT count(*) FROM deal WHERE status = 'open'), "
            "(SELECT count(*) FROM executive)"
        )
    ).one()
    missing: list[str] = []
    advice: list[str] = []
    if not deals:
        missing.append("deals")
        advice.append(NO_DEALS)
    if not executives:
        missing.append("executives")
        advice.append(NO_EXECUTIVES)
    return Readiness(int(deals), int(open_deals), int(executives), tuple(missing), tuple(advice))
