"""The column names of Salesforce exports, per object, and how a table is recognised.

Three vocabularies name the same fields: report labels (English and German, as the exporting
user's language writes them: `Opportunity Owner`, `Opportunity-Inhaber`), API names (the Data
Export's `StageName`, Data Loader's upper-case `STAGENAME`; matching is case-blind) and Data
Loader's relationship columns (`OWNER.EMAIL`, `ACCOUNT.NAME`). Each object lists, per field it
reads, every name the field goes by, best first; `Signature` says which fields make a table that
object, so a table is recognised by its headers whatever its name, column order or added columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Fields = dict[str, tuple[str, ...]]

# ----- Data Export and Data Loader: API names --------------------------------------------------

_AUDIT: Fields = {
    "modified": ("LastModifiedDate",),
    "modstamp": ("SystemModstamp",),
    "created": ("CreatedDate",),
    "deleted": ("IsDeleted",),
}
_OWNER: Fields = {
    "owner_id": ("OwnerId",),
    "owner_email": ("Owner.Email", "Owner Email"),
    "owner_name": ("Owner.Name",),
}

API: dict[str, Fields] = {
    "user": {
        "id": ("Id",),
        "name": ("Name",),
        "first": ("FirstName",),
        "last": ("LastName",),
        "email": ("Email",),
        "title": ("Title",),
        "active": ("IsActive",),
        "username": ("Username",),
        "user_type": ("UserType",),
        "profile": ("Profile.Name",),
        "manager_id": ("ManagerId",),
        "manager_email": ("Manager.Email",),
        "city": ("City",),
        "country": ("Country", "CountryCode"),
        "last_login": ("LastLoginDate",),
        **_AUDIT,
    },
    "account": {
        "id": ("Id",),
        "name": ("Name",),
        "industry": ("Industry",),
        "city": ("BillingCity", "ShippingCity"),
        "country": ("BillingCountry", "ShippingCountry", "BillingCountryCode"),
        **_OWNER,
        **_AUDIT,
    },
    "contact": {
        "id": ("Id",),
        "account_id": ("AccountId",),
        "account_name": ("Account.Name",),
        "name": ("Name",),
        "first": ("FirstName",),
        "last": ("LastName",),
        "title": ("Title",),
        "email": ("Email",),
        **_OWNER,
        **_AUDIT,
    },
    "opportunity": {
        "id": ("Id",),
        "name": ("Name",),
        "account_id": ("AccountId",),
        "account_name": ("Account.Name",),
        "stage": ("StageName",),
        "sort_order": ("StageSortOrder",),
        "amount": ("Amount",),
        "currency": ("CurrencyIsoCode",),
        "close": ("CloseDate",),
        "closed": ("IsClosed",),
        "won": ("IsWon",),
        "stage_change": ("LastStageChangeDate",),
        **_OWNER,
        **_AUDIT,
    },
    "history": {
        "id": ("Id",),
        "deal": ("OpportunityId",),
        "stage": ("StageName",),
        "from_stage": ("FromOpportunityStageName",),
        "close": ("CloseDate",),
        "prev_close": ("PrevCloseDate",),
        "created": ("CreatedDate",),
        "deleted": ("IsDeleted",),
    },
    "stage": {
        "label": ("MasterLabel", "ApiName"),
        "order": ("SortOrder",),
        "active": ("IsActive",),
        "closed": ("IsClosed",),
        "won": ("IsWon",),
    },
    "contact_role": {
        "deal": ("OpportunityId",),
        "contact": ("ContactId",),
        "role": ("Role",),
        "deleted": ("IsDeleted",),
    },
    "task": {
        "id": ("Id",),
        "who": ("WhoId",),
        "what": ("WhatId",),
        "account_id": ("AccountId",),
        "subject": ("Subject",),
        "due": ("ActivityDate",),
        "status": ("Status",),
        "closed": ("IsClosed",),
        "subtype": ("TaskSubtype",),
        "type": ("Type",),
        "completed": ("CompletedDateTime",),
        **_OWNER,
        **_AUDIT,
    },
    "event": {
        "id": ("Id",),
        "who": ("WhoId",),
        "what": ("WhatId",),
        "account_id": ("AccountId",),
        "subject": ("Subject",),
        "start": ("StartDateTime", "ActivityDateTime"),
        "end": ("EndDateTime",),
        "duration": ("DurationInMinutes",),
        "all_day": ("IsAllDayEvent",),
        "day": ("ActivityDate",),
        "location": ("Location",),
        "child": ("IsChild",),
        **_OWNER,
        **_AUDIT,
    },
    "relation": {
        "event": ("EventId",),
        "relation": ("RelationId",),
        "invitee": ("IsInvitee",),
        "parent": ("IsParent",),
        "what": ("IsWhat",),
        "status": ("Status",),
        "deleted": ("IsDeleted",),
    },
    "note": {
        "id": ("Id",),
        "parent": ("ParentId",),
        "title": ("Title",),
        **_OWNER,
        **_AUDIT,
    },
}

# ----- report exports: field labels, English and German ---------------------------------------

_MODIFIED = ("Last Modified Date", "Zuletzt geändert am", "Letzte Änderung")

REPORT: dict[str, Fields] = {
    "opportunity": {
        "id": ("Opportunity ID", "Opportunity-ID", "Opportunity ID (18)"),
        "name": ("Opportunity Name", "Opportunity-Name", "Opportunity"),
        "account_id": ("Account ID", "Account-ID"),
        "account_name": ("Account Name", "Accountname", "Account"),
        "owner_email": ("Opportunity Owner: Email", "Opportunity Owner Email", "Owner Email"),
        "owner_name": ("Opportunity Owner", "Opportunity-Inhaber", "Owner", "Owner Name"),
        "stage": ("Stage", "Phase"),
        "amount": ("Amount", "Betrag"),
        "currency": (
            "Amount Currency",
            "Betrag Währung",
            "Opportunity Currency",
            "Opportunity-Währung",
            "Currency",
            "Währung",
        ),
        "close": ("Close Date", "Schlusstermin", "Abschlussdatum"),
        "probability": ("Probability (%)", "Wahrscheinlichkeit (%)", "Probability"),
        "created": ("Created Date", "Erstelldatum"),
        "stage_change": ("Last Stage Change Date", "Datum der letzten Phasenänderung"),
        "closed": ("Closed", "Geschlossen"),
        "won": ("Won", "Gewonnen"),
        "modified": _MODIFIED,
    },
    "account": {
        "id": ("Account ID", "Account-ID"),
        "name": ("Account Name", "Accountname"),
        "owner_email": ("Account Owner: Email", "Account Owner Email"),
        "owner_name": ("Account Owner", "Accountinhaber"),
        "industry": ("Industry", "Branche"),
        "city": (
            "Billing City",
            "Ort (Rechnungsanschrift)",
            "Shipping City",
            "Ort (Lieferanschrift)",
        ),
        "country": (
            "Billing Country",
            "Land (Rechnungsanschrift)",
            "Shipping Country",
            "Land (Lieferanschrift)",
        ),
        "modified": _MODIFIED,
    },
    "contact": {
        "id": ("Contact ID", "Kontakt-ID"),
        "account_id": ("Account ID", "Account-ID"),
        "account_name": ("Account Name", "Accountname"),
        "name": ("Contact Name", "Contact: Full Name", "Name des Kontakts"),
        "first": ("First Name", "Vorname"),
        "last": ("Last Name", "Nachname"),
        "title": ("Title", "Titel"),
        "email": ("Email", "E-Mail"),
        "modified": _MODIFIED,
    },
    "history": {
        "deal": ("Opportunity ID", "Opportunity-ID"),
        "deal_name": ("Opportunity Name", "Opportunity-Name"),
        "from_stage": ("From Stage", "Von Phase"),
        "stage": ("To Stage", "Nach Phase"),
        "close": ("Close Date", "Schlusstermin"),
        "when": ("Last Modified", "Zuletzt geändert", "Edit Date"),
    },
    "activity": {
        "id": ("Activity ID", "Aktivitäts-ID"),
        "owner_name": ("Assigned", "Zugewiesen", "Assigned To"),
        "subject": ("Subject", "Betreff"),
        "is_task": ("Task", "Aufgabe"),
        "when": ("Date", "Datum", "Due Date", "Fälligkeitsdatum"),
        "status": ("Status",),
        "closed": ("Closed", "Geschlossen"),
        "type": ("Activity Type", "Aktivitätstyp", "Type", "Typ"),
        "account_name": ("Company / Account", "Account Name", "Accountname", "Account"),
        "contact_name": ("Contact", "Kontakt", "Name"),
        "deal_name": ("Opportunity", "Opportunity-Name", "Opportunity Name"),
        "location": ("Location", "Ort"),
        "duration": ("Duration", "Dauer"),
    },
    "user": {
        "id": ("User ID", "Benutzer-ID"),
        "name": ("Full Name", "Vollständiger Name", "Name"),
        "first": ("First Name", "Vorname"),
        "last": ("Last Name", "Nachname"),
        "email": ("Email", "E-Mail"),
        "title": ("Title", "Titel"),
        "active": ("Active", "Aktiv"),
        "username": ("Username", "Benutzername"),
        "profile": ("Profile", "Profil"),
        "role": ("Role", "Rolle"),
        "manager_name": ("Manager",),
        "city": ("City", "Ort"),
        "country": ("Country", "Land"),
        "last_login": ("Last Login", "Letzte Anmeldung"),
    },
}

# Labels only a German report writes: they tell the reader the exporting user's language.
GERMAN_WORDS = frozenset(
    {
        "phase",
        "betrag",
        "schlusstermin",
        "accountname",
        "erstelldatum",
        "vorname",
        "nachname",
        "titel",
        "aktiv",
        "accountinhaber",
        "branche",
        "kontakt-id",
        "benutzer-id",
        "opportunity-inhaber",
        "zugewiesen",
        "betreff",
    }
)


@dataclass(frozen=True)
class Signature:
    """The fields that make a table one object: all of `needs` (each: any of its fields)."""

    needs: tuple[tuple[str, ...], ...]
    refuse: tuple[str, ...] = ()  # fields that, when present, say it is another object


# Tried in this order: the more specific objects first.
API_SIGNATURES: dict[str, Signature] = {
    "history": Signature((("deal",), ("stage",), ("created",))),
    "stage": Signature((("label",), ("order",))),
    "contact_role": Signature((("deal",), ("contact",), ("role",))),
    "relation": Signature((("event",), ("relation",))),
    "event": Signature((("subject",), ("start",))),
    "task": Signature((("subject",), ("status", "closed", "subtype"), ("due", "completed"))),
    "note": Signature((("parent",), ("title",))),
    "opportunity": Signature((("id",), ("name",), ("stage",), ("close",))),
    # Before contacts: User.csv has AccountId and LastName too (for portal users).
    "user": Signature((("id",), ("email",), ("active", "username", "user_type"))),
    "contact": Signature((("id",), ("last", "name"), ("account_id", "account_name"))),
    "account": Signature((("id",), ("name",), ("industry", "city", "country", "owner_id"))),
}
REPORT_SIGNATURES: dict[str, Signature] = {
    "history": Signature((("stage",), ("when",), ("deal", "deal_name"))),
    "activity": Signature((("subject",), ("owner_name", "is_task", "type"), ("when",))),
    "opportunity": Signature((("name",), ("stage",))),
    "contact": Signature((("last", "name"), ("account_id", "account_name"))),
    "user": Signature((("name", "last"), ("email",)), refuse=("account_name", "account_id")),
    "account": Signature((("name",),), refuse=("first", "last", "email")),
}

# API objects an export holds that Field Visit has no use for (listed as ignored, with why).
UNUSED_OBJECTS = {
    "attachment": "attachments (files) are not imported",
    "contentversion": "files are not imported",
    "contentdocument": "files are not imported",
    "currencytype": "conversion rates are not needed: every deal keeps its own currency",
    "datedconversionrate": "conversion rates are not needed: every deal keeps its own currency",
    "userrole": "roles are not used: executives are decided from the users' titles",
    "profile": "profiles are not used",
    "lead": "leads are not imported: only accounts, contacts and opportunities",
    "case": "cases are not imported",
    "campaign": "campaigns are not imported",
}

# A file named for an API object (`Opportunity.csv`, `Opportunity_extract.csv`): which object.
STEM_OBJECTS = {
    "user": "user",
    "users": "user",
    "account": "account",
    "accounts": "account",
    "contact": "contact",
    "contacts": "contact",
    "opportunity": "opportunity",
    "opportunities": "opportunity",
    "opportunityhistory": "history",
    "opportunitystage": "stage",
    "opportunitycontactrole": "contact_role",
    "task": "task",
    "tasks": "task",
    "event": "event",
    "events": "event",
    "eventrelation": "relation",
    "note": "note",
    "notes": "note",
}


def stem_object(stem: str) -> str:
    """Return the API object a file name stands for ("Opportunity_extract" → "opportunity")."""
    text = re.sub(r"[^a-z]", "", stem.lower().removesuffix("_extract").removesuffix("-extract"))
    return text.removesuffix("extract")
