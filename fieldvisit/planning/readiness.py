"""What a workspace lacks before suggestions can mean anything: deals, executives.

`suggest` with no executive would say "No stalled strategic deal needs a visit" over twenty
stalled deals, and an empty workspace would say it over no data at all: false reassurance. The
command line and the app's This week ask `readiness` first and say what is missing (the same
headline) and how to fix it (commands here; buttons in the app).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

# What is missing, said the same by the command line and the app (This week's empty state).
NO_DATA = "No data yet: this workspace holds no deals."
NO_EXECUTIVES = "No executives yet, so nobody can be suggested for a visit."
# How to fix it on the command line (the app offers its own buttons: Import, Capture calendars).
NO_DATA_FIX = (
    "Import your CRM export with `fieldvisit import-crm salesforce|hubspot|pipedrive PATH…` "
    "(or a CSV file with `fieldvisit import deals FILE.csv`), then capture the executives' "
    "customer meetings from their calendars with "
    "`fieldvisit capture-calendar --exec EMAIL CALENDAR.ics`."
)
NO_EXECUTIVES_FIX = (
    "Say who the executives are with `fieldvisit import-crm CRM PATH… --executives "
    "'dana@example.com=C;…'` (levels C, SVP, VP), or give the users job titles the title rule "
    "knows (CEO, Chief …, EVP, VP, …; Settings › Executive titles), or import an executives file "
    "with `fieldvisit import executives FILE.csv`."
)


@dataclass(frozen=True)
class Readiness:
    """What the workspace holds that suggestions need, and what is missing."""

    deals: int
    open_deals: int
    executives: int
    missing: tuple[str, ...]  # "deals", "executives"
    advice: tuple[str, ...]  # one sentence per missing thing, saying how to fix it (commands)

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def headline(self) -> str:
        """Return what is missing in one sentence ("" when nothing is): no data, or nobody."""
        if "deals" in self.missing:
            return NO_DATA
        if "executives" in self.missing:
            return NO_EXECUTIVES
        return ""

    def lines(self) -> list[str]:
        """Return the headline, then how to fix each missing thing (the command line's words)."""
        return [self.headline, *self.advice] if self.missing else []


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
        advice.append(NO_DATA_FIX)
    if not executives:
        missing.append("executives")
        advice.append(NO_EXECUTIVES_FIX)
    return Readiness(int(deals), int(open_deals), int(executives), tuple(missing), tuple(advice))
