"""HubSpot's column headers and values: English and German labels, internal property names.

Each vocabulary maps a key a reader asks for to the headers that carry it, matched in any case:
the English label (`Deal Stage`), the German label (`Deal-Phase`) and the internal property name
(`dealstage`, as API exports and some integrations write it). Association columns stay English in
every language. German labels other than `Betrag`, `Abschlussdatum`, `Deal-Phase` and `Pipeline`
are assumed (tests/ingest/crm/README.md lists what is confirmed).
"""

from __future__ import annotations

import re

_ID = ("Record ID", "Datensatz-ID", "hs_object_id")
_MODIFIED = ("Last Modified Date", "Datum der letzten Änderung", "hs_lastmodifieddate")
_CREATED = ("Create Date", "Erstelldatum", "createdate")
_COMPANY_IDS = ("Associated Company IDs", "Associated Company ID", "associatedcompanyid")
_PRIMARY_COMPANY = (
    "Associated Company IDs (Primary)",
    "Associated Company ID (Primary)",
    "Primary Associated Company ID",
)
_ASSOCIATIONS = {
    "company_ids": _COMPANY_IDS,
    "company_names": ("Associated Company",),
    "contact_ids": ("Associated Contact IDs", "Associated Contact ID"),
    "deal_ids": ("Associated Deal IDs", "Associated Deal ID"),
    "deal_names": ("Associated Deal",),
}

DEALS = {
    "id": (*_ID, "Deal ID"),
    "name": ("Deal Name", "Dealname", "Deal-Name", "dealname"),
    "pipeline": ("Pipeline", "pipeline"),
    "stage": ("Deal Stage", "Deal-Phase", "Dealphase", "dealstage"),
    "amount": ("Amount", "Betrag", "amount"),
    "currency": ("Currency", "Währung", "Deal currency code", "deal_currency_code"),
    "close": ("Close Date", "Abschlussdatum", "closedate"),
    "created": _CREATED,
    "owner": ("Deal owner", "Dealinhaber", "Deal-Inhaber", "hubspot_owner_id"),
    "probability": ("Deal probability", "Deal-Wahrscheinlichkeit", "hs_deal_stage_probability"),
    "modified": _MODIFIED,
    "primary_company": _PRIMARY_COMPANY,
    **_ASSOCIATIONS,
}
COMPANIES = {
    "id": (*_ID, "Company ID"),
    "name": ("Company name", "Name des Unternehmens", "Unternehmensname", "name"),
    "industry": ("Industry", "Branche", "industry"),
    "city": ("City", "Stadt", "Ort", "city"),
    "country": ("Country/Region", "Land/Region", "Country", "Land", "country"),
    "owner": ("Company owner", "Unternehmensinhaber", "hubspot_owner_id"),
    "created": _CREATED,
    "modified": _MODIFIED,
}
CONTACTS = {
    "id": (*_ID, "Contact ID"),
    "first": ("First Name", "Vorname", "firstname"),
    "last": ("Last Name", "Nachname", "lastname"),
    "email": ("Email", "E-Mail", "E-Mail-Adresse", "email"),
    "more_emails": (
        "Additional email addresses",
        "Zusätzliche E-Mail-Adressen",
        "hs_additional_emails",
    ),
    "title": ("Job Title", "Jobtitel", "Position", "jobtitle"),
    "buying_role": ("Buying Role", "Einkaufsrolle", "hs_buying_role"),
    "owner": ("Contact owner", "Kontaktinhaber", "hubspot_owner_id"),
    "created": _CREATED,
    "modified": _MODIFIED,
    "primary_company": _PRIMARY_COMPANY,
    **_ASSOCIATIONS,
}
USERS = {
    "id": ("User ID", "Benutzer-ID", "id"),
    "first": ("First name", "Vorname", "firstName"),
    "last": ("Last name", "Nachname", "lastName"),
    "email": ("Email address", "Email", "E-Mail-Adresse", "E-Mail", "email"),
    "title": ("Job title", "Jobtitel"),
    "role": ("Assigned role", "Zugewiesene Rolle", "Role"),
    "teams": ("Assigned teams", "Zugewiesene Teams", "Teams"),
    "last_login": ("Last login date", "Letztes Anmeldedatum"),
    "deactivated": ("Deactivated", "Deaktiviert"),
}
# Calls, meetings, e-mails, notes and tasks share their first columns and associations.
_ACTIVITY = {
    "id": _ID,
    "date": ("Activity date", "Aktivitätsdatum", "hs_timestamp"),
    "owner": ("Activity assigned to", "Aktivität zugewiesen an", "hubspot_owner_id"),
    "created": _CREATED,
    "modified": _MODIFIED,
    **_ASSOCIATIONS,
}
ACTIVITIES = {
    "call": {
        **_ACTIVITY,
        "title": ("Call Title", "hs_call_title"),
        "status": ("Call status", "hs_call_status"),
        "outcome": ("Call outcome", "hs_call_disposition"),
    },
    "meeting": {
        **_ACTIVITY,
        "title": ("Meeting name", "hs_meeting_title"),
        "start": ("Meeting start time", "hs_meeting_start_time"),
        "end": ("Meeting end time", "hs_meeting_end_time"),
        "location": ("Meeting location", "hs_meeting_location"),
        "outcome": ("Meeting outcome", "hs_meeting_outcome"),
        "attendees": ("Internal attendees", "hs_attendee_owner_ids"),
    },
    "email": {**_ACTIVITY, "title": ("Email subject", "hs_email_subject")},
    "note": {**_ACTIVITY, "title": ("Note body", "hs_note_body")},
    "task": {
        **_ACTIVITY,
        "title": ("Task Title", "Task title", "hs_task_subject"),
        "status": ("Task status", "hs_task_status"),
        "task_type": ("Task type", "hs_task_type"),
        "date": ("Due date", *_ACTIVITY["date"]),
    },
}
# What makes a table one object (each entry: headers that must all be there, any spelling).
SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "deals": (DEALS["name"], DEALS["stage"]),
    "companies": (COMPANIES["name"], COMPANIES["id"]),
    "contacts": (CONTACTS["first"], CONTACTS["last"], CONTACTS["id"]),
    "users": (USERS["email"], USERS["first"], USERS["id"]),
    "call": (ACTIVITIES["call"]["title"],),
    "meeting": (ACTIVITIES["meeting"]["title"],),
    "email": (ACTIVITIES["email"]["title"],),
    "note": (ACTIVITIES["note"]["title"],),
    "task": (ACTIVITIES["task"]["title"],),
}
# Words of the export's file name that say what it holds (`hubspot-crm-exports-all-deals-…`).
NAME_WORDS: dict[str, tuple[str, ...]] = {
    "deals": ("deal",),
    "companies": ("compan", "unternehmen", "firmen"),
    "contacts": ("contact", "kontakt"),
    "users": ("user", "benutzer"),
    "call": ("call", "anruf"),
    "meeting": ("meeting", "besprechung"),
    "email": ("email", "e-mail"),
    "note": ("note", "notiz"),
    "task": ("task", "aufgabe"),
}
# Header languages, told apart by a word only the German labels have.
GERMAN_HEADERS = frozenset(
    {"datensatz-id", "deal-phase", "betrag", "vorname", "name des unternehmens", "branche"}
)
INTERNAL_HEADERS = frozenset({"hs_object_id", "dealstage", "dealname", "firstname", "createdate"})

# `Date entered "Contract Sent (Sales Pipeline)"` (and German); `hs_date_entered_<stage id>`.
DATE_ENTERED = re.compile(
    r'^(?:date entered|datum des eintritts in (?:die )?phase|eintrittsdatum)\s*"(.+)"\s*$',
    re.IGNORECASE,
)
DATE_ENTERED_INTERNAL = re.compile(r"^hs_(?:v2_)?date_entered_(.+)$", re.IGNORECASE)
FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-(\d+))?(?=\.[A-Za-z]+$|$)")

# Stage words that close a deal, in the languages HubSpot exports (internal ids fold to these).
WON_WORDS = frozenset({"won", "closedwon", "gewonnen", "gagné", "ganado", "vinto", "renewed"})
LOST_WORDS = frozenset({"lost", "closedlost", "verloren", "perdu", "perdido", "perso", "churned"})
DECISION_MAKER = frozenset({"decisionmaker", "entscheidungsträger", "décideur", "decisor"})

# Meeting outcomes: what happened (an internal value or a label, folded).
MEETING_DONE = frozenset({"completed", "abgeschlossen", "durchgeführt"})
MEETING_PLANNED = frozenset({"scheduled", "rescheduled", "geplant", "verschoben"})
MEETING_CANCELLED = frozenset({"canceled", "cancelled", "noshow", "abgesagt", "nichterschienen"})
TASK_DONE = frozenset({"completed", "abgeschlossen", "erledigt"})
VIDEO_WORDS = ("video", "zoom", "teams", "meet.google", "webex", "online")
PHONE_WORDS = ("phone", "telefon", "call")
