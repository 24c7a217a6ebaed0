"""HubSpot exports of Northwind Analytics: deals, companies, contacts, users and activities.

"Export view" files are named `hubspot-crm-exports-<view>-<YYYY-MM-DD>.csv` (a second download
the same day gets `-1`), UTF-8 with a byte-order mark, every value quoted, headers are property
labels; date-times are in the viewer's time zone (Europe/Berlin) without offset, dates bare.
Two pipelines, so stages read `Label (Pipeline name)` and there is a `Date entered "…"` column per
stage. Variants: German labels, internal values, Excel's "Unicode Text" re-save, XLSX.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from tests.ingest.crm import files
from tests.ingest.crm.company import PROBABILITY, RATES, DealState, Snapshot

ZONE = "Europe/Berlin"
Cell = str | Decimal | date | datetime | int | None

SALES = (
    "Appointment Scheduled",
    "Qualified To Buy",
    "Presentation Scheduled",
    "Decision Maker Bought-In",
    "Contract Sent",
    "Closed Won",
    "Closed Lost",
)
SALES_IDS = (
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
    "closedwon",
    "closedlost",
)
SALES_DE = (
    "Termin vereinbart",
    "Qualifiziert für Kauf",
    "Präsentation geplant",
    "Entscheidungsträger eingebunden",
    "Vertrag gesendet",
    "Abgeschlossen und gewonnen",
    "Abgeschlossen und verloren",
)
RENEWALS = ("Renewal Due", "Renewal Proposal", "Renewal Negotiation", "Renewed", "Churned")
RENEWALS_IDS = ("1109352740", "1109352741", "1109352742", "1109352743", "1109352744")
PIPELINES = {
    "Sales": ("Sales Pipeline", "default", "Vertriebspipeline"),
    "Renewals": ("Renewals", "75212345", "Renewals"),
}
GENERIC_TO_SALES = {
    "Prospecting": 0,
    "Qualification": 1,
    "Needs Analysis": 2,
    "Proposal/Price Quote": 3,
    "Negotiation/Review": 4,
    "Closed Won": 5,
    "Closed Lost": 6,
}
GENERIC_TO_RENEWALS = {
    "Prospecting": 0,
    "Qualification": 0,
    "Needs Analysis": 1,
    "Proposal/Price Quote": 1,
    "Negotiation/Review": 2,
    "Closed Won": 3,
    "Closed Lost": 4,
}


def stage_label(pipeline: str, generic: str, variant: str = "labels") -> str:
    """Return the stage as the export shows it (without the pipeline suffix)."""
    if pipeline == "Sales":
        i = GENERIC_TO_SALES[generic]
        return {"labels": SALES, "internal": SALES_IDS, "de": SALES_DE}[variant][i]
    i = GENERIC_TO_RENEWALS[generic]
    return (RENEWALS_IDS if variant == "internal" else RENEWALS)[i]


def pipeline_label(pipeline: str, variant: str = "labels") -> str:
    return PIPELINES[pipeline][{"labels": 0, "internal": 1, "de": 2}[variant]]


def company_id(key: str) -> str:
    return str(9_870_000_000 + int(key[1:]) * 7_919)


def contact_id(key: str) -> str:
    return str(5_120_000_000 + int(key[1:]) * 3_301)


def deal_id(key: str) -> str:
    return str(18_340_000_000 + int(key[1:]) * 1_117)


def owner_id(user_key: str) -> str:
    return str(71_234_500 + int(user_key[1:]) * 13)


def user_id(user_key: str) -> str:
    return str(6_012_300 + int(user_key[1:]) * 7)


def activity_id(key: str, kind: str) -> str:
    base = {"call": 61, "meeting": 62, "email": 63, "note": 64}[kind]
    return str(base * 1_000_000_000 + int(key[1:]) * 211)


def file_name(view: str, snap: Snapshot, suffix: str = "", ext: str = "csv") -> str:
    return f"hubspot-crm-exports-{view}-{snap.as_of.isoformat()}{suffix}.{ext}"


def _entered(state: DealState) -> dict[str, datetime]:
    """Date entered per HubSpot stage: the latest entry wins, as HubSpot overwrites it."""
    found: dict[str, datetime] = {}
    for entry in state.entries:
        found[stage_label(state.deal.pipeline, entry.stage)] = entry.at
    return found


def _last_activity(
    snap: Snapshot, deal_key: str | None = None, account: str | None = None
) -> datetime | None:
    times = [
        a.activity.at for a in snap.activities
        if a.done and a.activity.kind != "task"
        and (a.activity.deal == deal_key if deal_key else a.activity.account == account)
    ]  # fmt: skip
    return max(times, default=None)


def deals(snap: Snapshot, variant: str = "labels") -> tuple[list[str], list[list[Cell]]]:
    de = variant == "de"
    internal = variant == "internal"
    header = (
        ["Datensatz-ID", "Dealname", "Pipeline", "Deal-Phase", "Betrag", "Währung", "Betrag in Unternehmenswährung", "Abschlussdatum", "Erstelldatum", "Dealinhaber", "Dealtyp", "Deal-Wahrscheinlichkeit", "Nächster Schritt", "Datum der letzten Änderung", "Datum der letzten Aktivität"]
        if de else
        ["Record ID", "Deal Name", "Pipeline", "Deal Stage", "Amount", "Currency", "Amount in company currency", "Close Date", "Create Date", "Deal owner", "Deal Type", "Deal probability", "Next step", "Last Modified Date", "Last Activity Date"]
    )  # fmt: skip
    header += [
        "Associated Company",
        "Associated Company IDs",
        "Associated Company IDs (Primary)",
        "Associated Contact",
        "Associated Contact IDs",
    ]
    stage_columns = [("Sales", label) for label in SALES] + [
        ("Renewals", label) for label in RENEWALS
    ]
    for p, label in stage_columns:
        if de and p == "Sales":
            label = SALES_DE[SALES.index(label)]
        shown = f"{label} ({pipeline_label(p, 'de' if de else 'labels')})"
        header.append(
            f'Datum des Eintritts in Phase "{shown}"' if de else f'Date entered "{shown}"'
        )
    rows: list[list[Cell]] = []
    for s in snap.live_deals():
        d = s.deal
        owner = snap.user(d.owner)
        stage = stage_label(d.pipeline, s.stage, variant)
        if not internal:
            stage = f"{stage} ({pipeline_label(d.pipeline, variant)})"
        companies = sorted(
            [d.account, *([d.also_company] if d.also_company else [])], key=company_id
        )
        entered = _entered(s)
        rows.append([
            deal_id(d.key), d.name, pipeline_label(d.pipeline, variant), stage, d.amount, d.currency,
            (d.amount * RATES[d.currency]).quantize(Decimal("0.01")), s.close_date, d.created,
            owner_id(owner.key) if internal else owner.name,
            ({"New Business": "newbusiness", "Existing Business": "existingbusiness"}[d.type] if internal else d.type),
            str(Decimal(PROBABILITY[s.stage]) / 100), d.next_step, s.modified, _last_activity(snap, d.key),
            ";".join(snap.account(k).name for k in companies), ";".join(company_id(k) for k in companies),
            company_id(d.account), snap.contact(d.contact).name if d.contact else "",
            contact_id(d.contact) if d.contact else "",
            *(entered.get(st) if p == d.pipeline else None for p, st in stage_columns),
        ])  # fmt: skip
    return header, rows


INDUSTRY_IDS = {
    "Food & Beverage": "FOOD_BEVERAGES",
    "Transportation": "TRANSPORTATION_TRUCKING_RAILROAD",
    "Banking": "BANKING",
    "Healthcare": "HOSPITAL_HEALTH_CARE",
    "Machinery": "MACHINERY",
    "Energy": "OIL_ENERGY",
    "Hospitality": "HOSPITALITY",
    "Retail": "RETAIL",
    "Telecommunications": "TELECOMMUNICATIONS",
    "Software": "COMPUTER_SOFTWARE",
    "Manufacturing": "INDUSTRIAL_AUTOMATION",
}


def companies(snap: Snapshot, variant: str = "labels") -> tuple[list[str], list[list[Cell]]]:
    header = (
        ["Datensatz-ID", "Name des Unternehmens", "Domain-Name des Unternehmens", "Website-URL", "Branche", "Stadt", "Land/Region", "Unternehmensinhaber", "Typ", "Anzahl der Mitarbeiter", "Erstelldatum", "Datum der letzten Änderung", "Datum der letzten Aktivität"]
        if variant == "de" else
        ["Record ID", "Company name", "Company Domain Name", "Website URL", "Industry", "City", "Country/Region", "Company owner", "Type", "Number of Employees", "Create Date", "Last Modified Date", "Last Activity Date"]
    )  # fmt: skip
    internal = variant == "internal"
    rows: list[list[Cell]] = [
        [company_id(a.key), a.name, a.domain, a.website, INDUSTRY_IDS[a.industry] if internal else a.industry,
         a.city, a.country, owner_id(a.owner) if internal else snap.user(a.owner).name,
         a.type.upper() if internal else a.type, a.employees, a.created, a.modified,
         _last_activity(snap, account=a.key)]
        for a in snap.accounts
    ]  # fmt: skip
    return header, rows


def contacts(snap: Snapshot, variant: str = "labels") -> tuple[list[str], list[list[Cell]]]:
    header = (
        ["Datensatz-ID", "Vorname", "Nachname", "E-Mail", "Zusätzliche E-Mail-Adressen", "Telefonnummer", "Jobtitel", "Einkaufsrolle", "Kontaktinhaber", "Lifecycle-Phase"]
        if variant == "de" else
        ["Record ID", "First Name", "Last Name", "Email", "Additional email addresses", "Phone Number", "Job Title", "Buying Role", "Contact owner", "Lifecycle Stage"]
    )  # fmt: skip
    header += [
        "Associated Company",
        "Associated Company IDs",
        "Associated Company IDs (Primary)",
        "Create Date" if variant != "de" else "Erstelldatum",
        "Last Modified Date" if variant != "de" else "Datum der letzten Änderung",
    ]
    internal = variant == "internal"
    customers = {a.key for a in snap.accounts if a.type == "Customer"}
    rows: list[list[Cell]] = []
    for c in snap.contacts:
        account = snap.account(c.account) if c.account else None
        owner = account.owner if account else "U10"
        lifecycle = "Customer" if c.account in customers else ("Opportunity" if account else "Lead")
        rows.append([
            contact_id(c.key), c.first, c.last, c.email, ";".join(c.emails[1:]), c.phone, snap.title(c),
            c.buying_role.upper().replace(" ", "_") if internal else c.buying_role,
            owner_id(owner) if internal else snap.user(owner).name,
            lifecycle.lower() if internal else lifecycle, account.name if account else "",
            company_id(account.key) if account else "", company_id(account.key) if account else "",
            c.created, snap.contact_modified(c),
        ])  # fmt: skip
    return header, rows


# --- writing ------------------------------------------------------------------------------------


def text(value: Cell) -> str:
    """A cell as HubSpot writes it: local 'YYYY-MM-DD HH:MM', bare dates and numbers."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return files.local(value, ZONE).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return files.bare(value)
    return str(value)


def excel_us_text(value: Cell) -> str:
    """A cell after a US Excel opened the CSV and saved it as Unicode Text."""
    if isinstance(value, datetime):
        m = files.local(value, ZONE)
        return f"{m.month}/{m.day}/{m.year} {m.hour}:{m.minute:02d}"
    if isinstance(value, date):
        return files.en_us_date(value)
    if isinstance(value, Decimal):
        return files.excel_general(value, decimal_comma=False)
    return text(value)


def write_table(
    path: Path,
    header: list[str],
    rows: list[list[Cell]],
    shape: files.Shape = files.HUBSPOT,
    unicode_text: bool = False,
) -> Path:
    render = excel_us_text if unicode_text else text
    return files.write_csv(path, header, [[render(v) for v in r] for r in rows], shape)


def write_xlsx(path: Path, header: list[str], rows: list[list[Cell]]) -> Path:
    """HubSpot's XLSX export: ids and amounts as numbers, dates and times as text."""
    openpyxl = files.openpyxl_module()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        cells: list[object] = []
        for column, value in zip(header, row, strict=True):
            if column.endswith("ID") and isinstance(value, str) and value.isdigit():
                cells.append(int(value))
            elif isinstance(value, Decimal):
                cells.append(float(value))
            else:
                cells.append(text(value) if value is not None else None)
        sheet.append(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
