"""The audit trail: one `change_log` row per change a person made, and its words.

A row names who, when, the action (planned, changed, rescheduled, cancelled, done, debrief,
snoozed, unsnoozed, setting, undone), the entity and its stable key (a visit's external id, for a debrief too; a
setting's key; a snooze's id), the account, and the NAMES of the fields that changed (never their
text: the trail may be shown to people who may not read a debrief). Written by
`versions.stamp` in the transaction of the change itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.store.times import stored_text

ACTIONS = (
    "planned",
    "changed",
    "rescheduled",
    "cancelled",
    "done",
    "debrief",
    "snoozed",
    "unsnoozed",  # End snooze: suggested again from today
    "setting",
    "undone",  # an undo in the app: the row put back as it was, or removed
)
# A save made with "Keep mine" over someone's newer change: a field-list marker, not a field.
KEPT_OVER = "kept-over-newer"

# How a field's stored name reads in a sentence ("changed this visit's time and agenda").
FIELD_WORDS = {
    "time": "time",
    "location": "place",
    "mode": "mode",
    "agenda": "agenda",
    "objective": "objective",
    "attendees": "attendees",
    "status": "status",
    "summary": "summary",
    "learned": "what we learned",
    "challenges": "challenges",
    "field_friction": "field friction",
    "friction": "friction categories",
    "competitors": "competitors",
    "current_vendor": "current vendor",
    "budget": "budget",
    "sentiment": "sentiment",
    "people_met": "people met",
    "next_steps": "next steps",
    "until": "end date",
    "reason": "reason",
    "value": "value",
}

ENTITY_WORDS = {"visit": "this visit", "debrief": "this debrief", "snooze": "this snooze"}


def field_word(name: str) -> str:
    """Return how a field's stored name reads in a sentence."""
    return FIELD_WORDS.get(name, name.replace("_", " "))


def and_list(words: Sequence[str]) -> str:
    """Return "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def fields_text(fields: Iterable[str]) -> str:
    """Return the stored form of field names: comma-separated, in the order given, no repeats."""
    return ",".join(dict.fromkeys(f for f in fields if f))


def fields_of(stored: str | None) -> tuple[str, ...]:
    """Return the field names of a stored list (the Keep-mine marker left out)."""
    return tuple(f for f in (stored or "").split(",") if f and f != KEPT_OVER)


def kept_over(stored: str | None) -> bool:
    """Return whether a stored change was saved with "Keep mine" over a newer change."""
    return KEPT_OVER in (stored or "").split(",")


def entity_words(entity: str, key: str) -> str:
    """Return how a message names the changed thing: "this visit", "the setting “stall_days”"."""
    if entity == "setting":
        return f"the setting “{key}”"
    return ENTITY_WORDS.get(entity, f"this {entity}")


def record(
    conn: Connection,
    *,
    person: str,
    action: str,
    entity: str,
    entity_key: str,
    account_id: int | None,
    fields: Iterable[str],
    version: int | None,
    at: datetime | None = None,
) -> None:
    """Write one change_log row (in the caller's transaction)."""
    conn.execute(
        text(
            "INSERT INTO change_log (at, person, action, entity, entity_key, account_id, "
            "fields, version) VALUES (:at, :p, :a, :e, :k, :acc, :f, :v)"
        ),
        {
            "at": stored_text(at or datetime.now(UTC)),
            "p": person,
            "a": action,
            "e": entity,
            "k": entity_key,
            "acc": account_id,
            "f": fields_text(fields),
            "v": version,
        },
    )
