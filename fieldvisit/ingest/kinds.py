"""What each KIND of file holds: its columns (generic CSV format), how cells convert, where they go.

The table in docs/import.md ("Generic CSV format") is the source; this module is that table in code.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldvisit.capture.domains import domain_list, website_domain
from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import values as v
from fieldvisit.seniority import SENIORITIES
from fieldvisit.store.models import (
    ACTIVITY_TYPES,
    DEAL_STATUSES,
    LEVELS,
    TIERS,
    VISIT_MODES,
    VISIT_STATUSES,
)


@dataclass(frozen=True)
class Column:
    """One CSV column: its converter, whether it is required, and where its value is stored.

    `ref` names the workspace records a value points at ("account", "deal", "rep", "contact",
    "executive", or "owner" for a rep given by e-mail or by name); `db` is the table column
    (None for lists that become link rows); `default` replaces an empty cell.
    """

    name: str
    convert: v.Converter = v.text
    required: bool = False
    db: str | None = ""
    ref: str | None = None
    default: object = None
    is_list: bool = False

    @property
    def db_column(self) -> str | None:
        return self.name if self.db == "" else self.db


@dataclass(frozen=True)
class Kind:
    """A kind of import file: its columns, table and the column holding the external id."""

    name: str
    table: str
    key: str  # the CSV column that identifies a record across imports
    columns: tuple[Column, ...]
    geo: tuple[str, str] | None = None  # (city column, country column) resolved to lat/lon/tz
    # Identifies a record when `key` is empty: a person a CRM only names has a CRM key and no
    # e-mail address yet (one of the two is needed).
    alt_key: str | None = None

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _key(name: str, db: str = "external_id") -> Column:
    return Column(name, v.text, required=True, db=db)


def _crm_key(raw: str) -> str:
    if not v.is_crm_key(raw):
        raise ValueError(f"{raw!r} is not a CRM key like crm:salesforce:0055g00000AbCdE")
    return raw


# The CRM's own last-modified stamp of a record (optional): import-crm refuses an export older
# than what the workspace holds.
_MODIFIED = Column("modified_at", v.stored_datetime, db="crm_modified_at")


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "executives",
            "executive",
            "email",
            (
                Column("email", v.email),
                Column("name", required=True),
                Column("title"),
                Column("level", v.enum(LEVELS), required=True),
                Column("home_city"),
                Column("home_country"),
                Column("region"),
                Column("monthly_visit_target", v.count),
                Column("crm_key", _crm_key),
            ),
            geo=("home_city", "home_country"),
            alt_key="crm_key",
        ),
        Kind(
            "reps",
            "rep",
            "email",
            (
                Column("email", v.email),
                Column("name", required=True),
                Column("region"),
                Column("manager_email", v.person),
                Column("crm_key", _crm_key),
            ),
            alt_key="crm_key",
        ),
        Kind(
            "accounts",
            "account",
            "account_id",
            (
                _key("account_id"),
                Column("name", required=True),
                Column("industry"),
                Column("city"),
                Column("country"),
                Column("tier", v.enum(TIERS), default="standard"),
                Column("owner_email", db="owner_rep_id", ref="owner"),
                _MODIFIED,
                # For calendar capture: `globex.com;globex.de`, and `https://www.globex.com/`
                # stored as its domain (`globex.com`).
                Column("domains", domain_list),
                Column("website", website_domain),
            ),
            geo=("city", "country"),
        ),
        Kind(
            "contacts",
            "contact",
            "contact_id",
            (
                _key("contact_id"),
                Column("account_id", required=True, ref="account"),
                Column("name", required=True),
                Column("title"),
                Column("email", v.email),
                Column("seniority", v.enum(SENIORITIES)),
                Column("decision_maker", v.yes_no, default=0),
                _MODIFIED,
            ),
        ),
        Kind(
            "deals",
            "deal",
            "deal_id",
            (
                _key("deal_id"),
                Column("account_id", required=True, ref="account"),
                Column("name", required=True),
                Column("owner_email", required=True, db="owner_rep_id", ref="owner"),
                Column("stage", required=True),
                Column("amount", v.amount),
                Column("currency", lambda raw: raw.upper()),
                Column("created_on", v.iso_date),
                Column("stage_entered_on", v.iso_date),
                Column("close_date", v.iso_date),
                Column("status", v.enum(DEAL_STATUSES)),
                Column("strategic", v.yes_no, default=0),
                _MODIFIED,
            ),
        ),
        Kind(
            "stage-history",
            "stage_change",
            "deal_id",
            (
                Column("deal_id", required=True, ref="deal"),
                Column("stage", required=True),
                Column("entered_on", v.iso_date, required=True),
            ),
        ),
        Kind(
            "activities",
            "activity",
            "activity_id",
            (
                _key("activity_id"),
                Column("type", v.enum(ACTIVITY_TYPES), required=True),
                Column("occurred_on", v.iso_date, required=True),
                Column("deal_id", ref="deal"),
                Column("account_id", ref="account"),
                Column("contact_ids", v.split_list, db=None, ref="contact", is_list=True),
                Column("rep_email", v.person, db="rep_id", ref="rep"),
                _MODIFIED,
            ),
        ),
        Kind(
            "visits",
            "visit",
            "visit_id",
            (
                _key("visit_id"),
                Column("account_id", required=True, ref="account"),
                Column("deal_id", ref="deal"),
                Column(
                    "executive_emails",
                    v.person_list,
                    required=True,
                    db=None,
                    ref="executive",
                    is_list=True,
                ),
                Column("rep_emails", v.person_list, db=None, ref="rep", is_list=True),
                Column("contact_ids", v.split_list, db=None, ref="contact", is_list=True),
                Column("start", v.stored_datetime, required=True),
                Column("end", v.stored_datetime),
                Column("location"),
                Column("mode", v.enum(VISIT_MODES), default="in_person"),
                Column("status", v.enum(VISIT_STATUSES), default="planned"),
            ),
        ),
    )
}

# Which link table a list column fills: (table, parent column, child column).
LINKS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("activities", "contact_ids"): ("activity_contact", "activity_id", "contact_id"),
    ("visits", "executive_emails"): ("visit_executive", "visit_id", "executive_id"),
    ("visits", "rep_emails"): ("visit_rep", "visit_id", "rep_id"),
    ("visits", "contact_ids"): ("visit_contact", "visit_id", "contact_id"),
}


def kind_named(name: str) -> Kind:
    """Return the kind called `name` (as typed on the command line)."""
    found = KINDS.get(name.strip().lower().replace("_", "-"))
    if found is None:
        raise ImportProblem(
            f"{name!r} is not a kind of import file; use one of {', '.join(KINDS)}."
        )
    return found
