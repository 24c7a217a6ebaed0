"""What a travel copy holds: which tables, and which of their rows for one executive's accounts.

The whole org copies every row of the tables below; one executive's copy keeps the accounts
they have visited or are planned to visit, with those accounts' contacts, deals, activities,
visits, debriefs, next steps, snoozes and outcomes, the executive's trips, and every executive,
rep and setting (planning needs the rules and the people's names).
"""

from __future__ import annotations

from dataclasses import dataclass

# Accounts an executive visits: every visit they attend, planned, done or cancelled.
EXEC_ACCOUNTS = (
    "SELECT v.account_id FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id "
    "WHERE ve.executive_id = :exec_id"
)
_DEALS = f"SELECT id FROM deal WHERE account_id IN ({EXEC_ACCOUNTS})"
_VISITS = f"SELECT id FROM visit WHERE account_id IN ({EXEC_ACCOUNTS})"
_CONTACTS = f"SELECT id FROM contact WHERE account_id IN ({EXEC_ACCOUNTS})"
_ACTIVITIES = (
    f"SELECT id FROM activity WHERE account_id IN ({EXEC_ACCOUNTS}) OR deal_id IN ({_DEALS})"
)
_DEBRIEFS = f"SELECT id FROM debrief WHERE visit_id IN ({_VISITS})"

# Copied tables in the order their rows can go in (parents first), with one executive's filter
# (None: every row). Rows that point at something outside the copy are settled by `tables`.
EXEC_FILTERS: dict[str, str | None] = {
    "executive": None,
    "rep": None,
    "setting": None,
    "crm_import": None,
    "account": f"id IN ({EXEC_ACCOUNTS})",
    "contact": f"account_id IN ({EXEC_ACCOUNTS})",
    "deal": f"account_id IN ({EXEC_ACCOUNTS})",
    "stage_change": f"deal_id IN ({_DEALS})",
    "close_date_change": f"deal_id IN ({_DEALS})",
    "activity": f"id IN ({_ACTIVITIES})",
    "activity_contact": f"activity_id IN ({_ACTIVITIES}) AND contact_id IN ({_CONTACTS})",
    "trip": (
        "executive_id = :exec_id OR id IN "
        f"(SELECT trip_id FROM visit WHERE account_id IN ({EXEC_ACCOUNTS}))"
    ),
    "visit": f"account_id IN ({EXEC_ACCOUNTS})",
    "visit_executive": f"visit_id IN ({_VISITS})",
    "visit_rep": f"visit_id IN ({_VISITS})",
    "visit_contact": f"visit_id IN ({_VISITS}) AND contact_id IN ({_CONTACTS})",
    "debrief": f"visit_id IN ({_VISITS})",
    "debrief_friction": f"debrief_id IN ({_DEBRIEFS})",
    "next_step": f"debrief_id IN ({_DEBRIEFS})",
    "snooze": f"deal_id IN ({_DEALS})",
    "suggestion_outcome": f"deal_id IN ({_DEALS})",
    "change_log": f"account_id IN ({EXEC_ACCOUNTS})",
}
COPIED_TABLES = tuple(EXEC_FILTERS)

# Tables a travel copy leaves out, and why (a test holds every table to one of the two lists).
LEFT_OUT = {
    "debrief_draft": "typed-but-unsaved text belongs to the machine it was typed on",
    "captured_event": "calendar capture runs on the team workspace",
    "captured_person": "calendar capture runs on the team workspace",
    "capture_review": "calendar capture runs on the team workspace",
    "capture_domain": "calendar capture runs on the team workspace",
    "capture_assignment": "calendar capture runs on the team workspace",
}


@dataclass(frozen=True)
class Scope:
    """Who a travel copy is for: the whole org (no executive) or one executive, by e-mail."""

    executive: str | None = None

    @property
    def words(self) -> str:
        return f"{self.executive}'s accounts" if self.executive else "the whole org"

    def filters(self) -> dict[str, str | None]:
        """Return each copied table's row filter (SQL on the team database; None: every row)."""
        if self.executive is None:
            return dict.fromkeys(COPIED_TABLES)
        return dict(EXEC_FILTERS)
