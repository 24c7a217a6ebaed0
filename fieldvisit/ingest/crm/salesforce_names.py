"""Names Salesforce gives things, read the same whatever the exporting user's language.

Stages: the standard closed stages translated in a report (`Geschlossen und gewonnen`) are
stored by their API value (`Closed Won`), so exports by users of different languages name the
same stage alike; the org's open stages are its own and kept as named. System users: the
automation, integration and bot users every org has (Automated Process, Integration User,
Chatter Expert, Salesforce Administrator…), who are never reps or executives.
"""

from __future__ import annotations

import re

# ----- stages ---------------------------------------------------------------------------------

WON_STAGE, LOST_STAGE = "Closed Won", "Closed Lost"
# Translated labels of the standard closed stages → the stage's API value, so exports by users
# of different languages name the same stage alike. Open stages are the org's own: kept as named.
STAGE_NAMES = {
    "geschlossen und gewonnen": WON_STAGE,
    "geschlossen/gewonnen": WON_STAGE,
    "abgeschlossen und gewonnen": WON_STAGE,
    "geschlossen und verloren": LOST_STAGE,
    "geschlossen/verloren": LOST_STAGE,
    "abgeschlossen und verloren": LOST_STAGE,
    "closed won": WON_STAGE,
    "closed lost": LOST_STAGE,
}
_WON_WORDS = re.compile(r"\b(won|gewonnen)\b", re.IGNORECASE)
_LOST_WORDS = re.compile(r"\b(lost|verloren)\b", re.IGNORECASE)


def stage_name(raw: str) -> str:
    """Return the stage as Field Visit stores it: standard closed stages by their API value."""
    text = " ".join(raw.split())
    return STAGE_NAMES.get(text.lower(), text)


def stage_status(stage: str) -> str | None:
    """Return "won"/"lost" when a stage's name says so ("Closed Won", "Closed - Lost"), else None."""
    if _WON_WORDS.search(stage):
        return "won"
    if _LOST_WORDS.search(stage):
        return "lost"
    return None


# ----- system users ---------------------------------------------------------------------------

# Users every org has that are no person we send: automation, integrations, Chatter's bot.
SYSTEM_NAMES = frozenset(
    {
        "automated process",
        "integration user",
        "platform integration user",
        "analytics cloud integration user",
        "analytics cloud security user",
        "chatter expert",
        "salesforce administrator",
        "data.com clean",
        "security user",
        "insights integration",
        "sales insights integration user",
        "einstein",
    }
)
SYSTEM_USER_TYPES = frozenset(
    {"automatedprocess", "csnonly", "sfdcadmin", "guest", "cloudintegrationuser", "licensemanager"}
)
SYSTEM_PROFILE_WORDS = ("integration user", "chatter external", "guest")
SYSTEM_EMAIL_DOMAINS = ("salesforce.com", "chatter.salesforce.com")


def is_system_user(name: str, email: str, user_type: str = "", profile: str = "") -> bool:
    """Return True for automation and integration users (never a rep or an executive)."""
    if " ".join(name.lower().split()) in SYSTEM_NAMES:
        return True
    if user_type.strip().lower() in SYSTEM_USER_TYPES:
        return True
    if any(word in profile.lower() for word in SYSTEM_PROFILE_WORDS):
        return True
    domain = email.strip().lower().rpartition("@")[2]
    return domain in SYSTEM_EMAIL_DOMAINS
