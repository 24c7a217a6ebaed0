"""Report column labels and footers of Salesforce report exports, in English and German.

English labels are the report labels of the standard fields; the footer lines are matched by
public code that cleans real exports. German: `Opportunity-Inhaber`, `Accountname`,
`Opportunity-Name`, `Phase`, `Schlusstermin`, `Erstelldatum`, `Wahrscheinlichkeit (%)`,
`Lead-Quelle`, `Nächster Schritt`, `Accountinhaber`, `Land (Rechnungsanschrift)`,
`Opportunity-ID`, `Zuletzt geändert am` and `<label> Währung` are read by public code importing
German exports; the other German labels, the German footer and the translated closed stages
`Geschlossen und gewonnen/verloren` are assumed (README.md).
"""

from __future__ import annotations

LABELS_EN = {
    "opp_owner": "Opportunity Owner", "account": "Account Name", "opp": "Opportunity Name", "stage": "Stage",
    "fiscal": "Fiscal Period", "amount_cur": "Amount Currency", "amount": "Amount",
    "conv_cur": "Amount (converted) Currency", "converted": "Amount (converted)",
    "probability": "Probability (%)", "age": "Age", "close": "Close Date", "created": "Created Date",
    "next_step": "Next Step", "lead_source": "Lead Source", "type": "Type", "opp_id": "Opportunity ID",
    "account_id": "Account ID", "stage_change": "Last Stage Change Date", "modified": "Last Modified Date",
    "account_owner": "Account Owner", "industry": "Industry", "website": "Website", "city": "Billing City",
    "country": "Billing Country", "contact_id": "Contact ID", "contact_owner": "Contact Owner",
    "first": "First Name", "last": "Last Name", "title": "Title", "email": "Email", "phone": "Phone",
    "edited_by": "Last Modified By", "edited": "Last Modified", "from_stage": "From Stage", "to_stage": "To Stage",
    "assigned": "Assigned", "subject": "Subject", "is_task": "Task", "date": "Date", "status": "Status",
    "activity_type": "Activity Type", "company": "Company / Account", "contact": "Contact",
    "opportunity": "Opportunity", "activity_id": "Activity ID", "full_name": "Full Name", "role": "Role",
    "profile": "Profile", "active": "Active", "last_login": "Last Login", "user_id": "User ID",
}  # fmt: skip
LABELS_DE = {
    "opp_owner": "Opportunity-Inhaber", "account": "Accountname", "opp": "Opportunity-Name", "stage": "Phase",
    "fiscal": "Geschäftsperiode", "amount_cur": "Betrag Währung", "amount": "Betrag",
    "conv_cur": "Betrag (umgerechnet) Währung", "converted": "Betrag (umgerechnet)",
    "probability": "Wahrscheinlichkeit (%)", "age": "Alter", "close": "Schlusstermin", "created": "Erstelldatum",
    "next_step": "Nächster Schritt", "lead_source": "Lead-Quelle", "type": "Typ", "opp_id": "Opportunity-ID",
    "account_id": "Account-ID", "stage_change": "Datum der letzten Phasenänderung",
    "modified": "Zuletzt geändert am", "account_owner": "Accountinhaber", "industry": "Branche",
    "website": "Website", "city": "Ort (Rechnungsanschrift)", "country": "Land (Rechnungsanschrift)",
    "contact_id": "Kontakt-ID", "contact_owner": "Kontaktinhaber", "first": "Vorname", "last": "Nachname",
    "title": "Titel", "email": "E-Mail", "phone": "Telefon", "edited_by": "Zuletzt geändert von",
    "edited": "Zuletzt geändert", "from_stage": "Von Phase", "to_stage": "Nach Phase",
    "full_name": "Vollständiger Name", "role": "Rolle", "profile": "Profil", "active": "Aktiv",
    "last_login": "Letzte Anmeldung", "user_id": "Benutzer-ID",
}  # fmt: skip
STAGES_DE = {"Closed Won": "Geschlossen und gewonnen", "Closed Lost": "Geschlossen und verloren"}
FOOTER_EN = (
    "Grand Totals ({n} records)",
    "Confidential Information - Do Not Distribute",
    "Copyright © 2000-2026 salesforce.com, inc. All rights reserved.",
)
FOOTER_DE = (
    "Gesamtsummen ({n} Datensätze)",
    "Vertrauliche Informationen - Nicht weitergeben",
    "Copyright © 2000-2026 salesforce.com, inc. Alle Rechte vorbehalten.",
)
