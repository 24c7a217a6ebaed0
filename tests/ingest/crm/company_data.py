"""The tables of Northwind Analytics' CRM (see company.py for their meaning and README.md for why).

Deals come in three kinds, kept far from every stall threshold so no answer depends on a day:
stalled (in stage 84+ days, idle 39+ days, close date pushed twice or passed), fresh (stage entered
and touched within 14 days, close date months away) and closed. Times are UTC.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.ingest.crm.company import (
    Account,
    Activity,
    ClosePush,
    Contact,
    Deal,
    StageEntry,
    User,
    at,
)

P, Q, N, R, G = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
)
W, L = "Closed Won", "Closed Lost"


def _user(key, first, last, email, title, level, city, country, cc, tz, role, manager, created):
    email = f"{email}@northwind.example"
    return User(
        key, first, last, email, title, level, city, country, cc, tz, role, manager, at(created)
    )


# fmt: off
USERS = (
    _user("U1", "Helena", "Brandt", "helena.brandt", "CEO & Co-Founder", "C", "Berlin", "Germany", "DE", "Europe/Berlin", "CEO", None, "2024-03-04 09:00:00"),
    _user("U2", "Marcus", "Okafor", "marcus.okafor", "EVP Global Sales", "SVP", "London", "United Kingdom", "GB", "Europe/London", "EVP Sales", "U1", "2024-03-11 10:15:00"),
    _user("U3", "Sofia", "Lindqvist", "sofia.lindqvist", "Vice President, EMEA", "VP", "Amsterdam", "Netherlands", "NL", "Europe/Amsterdam", "VP EMEA", "U2", "2024-06-03 08:30:00"),
    _user("U4", "Jürgen", "Weiß", "juergen.weiss", "Vizepräsident Vertrieb", "VP", "Munich", "Germany", "DE", "Europe/Berlin", "VP DACH", "U2", "2024-06-17 08:00:00"),
    _user("U5", "Priya", "Raman", "priya.raman", "Chief Financial Officer", "C", "Berlin", "Germany", "DE", "Europe/Berlin", "CFO", "U1", "2024-04-02 09:30:00"),
    _user("U6", "Tom", "Becker", "tom.becker", "Account Executive", None, "Hamburg", "Germany", "DE", "Europe/Berlin", "Sales DACH", "U4", "2024-09-02 08:00:00"),
    _user("U7", "Léa", "Moreau", "lea.moreau", "Senior Account Executive", None, "Paris", "France", "FR", "Europe/Paris", "Sales EMEA", "U3", "2024-09-16 09:00:00"),
    _user("U8", "Daniel", "Kowalczyk", "daniel.kowalczyk", "Enterprise Account Executive, DACH", None, "Munich", "Germany", "DE", "Europe/Berlin", "Sales DACH", "U4", "2025-01-06 08:00:00"),
    _user("U9", "Emma", "Hughes", "emma.hughes", "Key Account Manager", None, "London", "United Kingdom", "GB", "Europe/London", "Sales EMEA", "U3", "2025-02-03 09:00:00"),
    _user("U10", "Nora", "Falk", "nora.falk", "Revenue Operations Manager", None, "Berlin", "Germany", "DE", "Europe/Berlin", "RevOps", "U5", "2025-03-03 09:00:00"),
)
# fmt: on


def _account(
    key,
    name,
    street,
    postal,
    city,
    country,
    cc,
    site,
    industry,
    owner,
    kind,
    staff,
    created,
    modified,
    **kw,
):
    return Account(
        key,
        name,
        street,
        postal,
        city,
        country,
        cc,
        f"https://www.{site}",
        industry,
        owner,
        kind,
        staff,
        at(created),
        at(modified),
        **kw,
    )


# fmt: off
ACCOUNTS = (
    _account("A01", "Brightwater Foods AG", "Seestrasse 120", "8002", "Zürich", "Switzerland", "CH", "brightwater-foods.example", "Food & Beverage", "U8", "Customer", 2400, "2025-06-10 09:00:00", "2026-03-20 10:02:11"),
    _account("A02", "Kestrel Logistics GmbH", "Hafenstraße 14", "20457", "Hamburg", "Germany", "DE", "kestrel-logistics.example", "Transportation", "U6", "Customer", 5200, "2025-06-12 11:20:00", "2026-02-27 16:40:05",
             description="Key logistics account.\r\nRenewal of the route module in Q3 – CFO signs off."),
    _account("A03", "Meridian Bank plc", "1 Lothbury", "EC2R 7HH", "London", "United Kingdom", "GB", "meridianbank.example", "Banking", "U9", "Customer", 11000, "2025-07-01 08:45:00", "2026-04-01 09:05:30"),
    _account("A04", "Orchard Health SAS", "12 Rue de la République", "69002", "Lyon", "France", "FR", "orchard-health.example", "Healthcare", "U7", "Prospect", 3100, "2025-11-28 14:00:00", "2026-02-11 09:01:40"),
    _account("A05", "Atlas Maschinenbau GmbH", "Heilbronner Straße 88", "70191", "Stuttgart", "Germany", "DE", "atlas-maschinenbau.example", "Machinery", "U8", "Prospect", 1800, "2025-09-29 10:10:00", "2026-01-27 15:36:02"),
    _account("A06", "Atlas Maschinenbau GmbH", "Industriezeile 36", "4020", "Linz", "Austria", "AT", "atlas-linz.example", "Machinery", "U8", "Prospect", 650, "2025-11-07 13:30:00", "2026-02-20 11:12:09",
             pipedrive_name="Atlas Maschinenbau GmbH (Linz)"),
    _account("A07", "Nordlys Energi AS", "Dronning Eufemias gate 16", "0191", "Oslo", "Norway", "NO", "nordlys-energi.example", "Energy", "U9", "Prospect", 2700, "2025-09-18 09:00:00", "2026-04-10 12:00:51"),
    _account("A08", "Café Lumière SARL", "8 Rue Oberkampf", "75011", "Paris", "France", "FR", "cafe-lumiere.example", "Hospitality", "U7", "Prospect", 140, "2025-10-10 15:00:00", "2026-05-06 10:00:14"),
    _account("A09", "Müller & Söhne KG", "Königsallee 60", "40212", "Düsseldorf", "Germany", "DE", "mueller-soehne.example", "Retail", "U6", "Customer", 900, "2025-10-01 10:00:00", "2026-04-20 10:00:31"),
    _account("A10", "Polaris Telecom S.A.", "Calle de Alcalá 45", "28014", "Madrid", "Spain", "ES", "polaris-telecom.example", "Telecommunications", "U7", "Customer", 7600, "2025-09-10 12:00:00", "2026-03-02 17:10:45"),
    _account("A11", "Harbor & Pine Inc.", "200 Clarendon Street", "02116", "Boston", "United States", "US", "harborandpine.example", "Software", "U9", "Customer", 430, "2025-10-30 16:00:00", "2026-02-10 10:00:20"),
    _account("A12", "Łódź Precision Sp. z o.o.", "ul. Piotrkowska 148", "90-063", "Łódź", "Poland", "PL", "lodz-precision.example", "Manufacturing", "U6", "Prospect", 520, "2025-11-26 09:00:00", "2026-05-28 12:00:40"),
)
# fmt: on


def _contact(key, account, first, last, title, emails, phone, role, created, modified, **kw):
    emails = tuple(emails) if isinstance(emails, tuple) else (emails,)
    return Contact(
        key, account, first, last, title, emails, phone, role, at(created), at(modified), **kw
    )


DM, CH, INF = "Decision Maker", "Champion", "Influencer"
# fmt: off
CONTACTS = (
    _contact("C01", "A01", "Anna", "Keller", "Chief Operating Officer", "anna.keller@brightwater-foods.example", "+41 44 512 30 10", DM, "2025-06-10 09:30:00", "2025-11-04 09:10:00"),
    _contact("C02", "A01", "Reto", "Baumann", "Head of Supply Chain", "reto.baumann@brightwater-foods.example", "+41 44 512 30 22", CH, "2025-06-10 09:32:00", "2026-01-05 10:00:00"),
    _contact("C03", "A01", "Nadia", "Frei", "Data Analyst", "nadia.frei@brightwater-foods.example", "", "", "2025-07-02 14:00:00", "2025-07-02 14:00:00"),
    _contact("C04", "A02", "Jan", "Petersen", "Geschäftsführer", "j.petersen@kestrel-logistics.example", "+49 40 3070 110", DM, "2025-06-12 11:30:00", "2025-10-14 13:41:00"),
    _contact("C05", "A02", "Miriam", "Schulz", "Leiterin IT", "m.schulz@kestrel-logistics.example", "+49 40 3070 245", CH, "2025-06-12 11:35:00", "2026-05-05 09:00:00"),
    _contact("C06", "A02", "Ole", "Hansen", "Fleet Manager", "o.hansen@kestrel-logistics.example", "", INF, "2025-08-20 10:00:00", "2025-08-20 10:00:00"),
    _contact("C07", "A03", "Oliver", "Grant", "Chief Risk Officer", ("oliver.grant@meridianbank.example", "o.grant@meridianbank.example"), "+44 20 7946 0110", DM, "2025-07-01 09:00:00", "2026-03-16 09:40:00"),
    _contact("C08", "A03", "Priyanka", "Shah", "VP, Data & Analytics", "priyanka.shah@meridianbank.example", "+44 20 7946 0342", CH, "2025-07-01 09:05:00", "2026-04-01 09:00:00",
             later_title=(at("2026-06-17 10:12:33"), "SVP, Data & Analytics")),
    _contact("C09", "A03", "George", "Whitfield", "Procurement Manager", "george.whitfield@meridianbank.example", "", INF, "2025-09-08 10:10:00", "2025-09-08 10:10:00"),
    _contact("C10", "A04", "Claire", "Dubois", "Directrice des opérations", "claire.dubois@orchard-health.example", "+33 4 72 10 20 30", DM, "2025-11-28 14:10:00", "2025-12-01 10:00:00"),
    _contact("C11", "A04", "Marc", "Lefèvre", "Responsable BI", "marc.lefevre@orchard-health.example", "", CH, "2025-11-28 14:12:00", "2026-04-27 14:00:00"),
    _contact("C12", "A05", "Stefan", "Vogel", "Vorstand Technik", "s.vogel@atlas-maschinenbau.example", "+49 711 2580 100", DM, "2025-09-29 10:20:00", "2025-10-01 09:00:00"),
    _contact("C13", "A05", "Petra", "Lang", "Leiterin Instandhaltung", "p.lang@atlas-maschinenbau.example", "+49 711 2580 330", CH, "2025-09-29 10:25:00", "2026-05-04 08:30:00"),
    _contact("C14", "A06", "Andreas", "Huber", "Geschäftsführer", "a.huber@atlas-linz.example", "+43 732 6020 10", DM, "2025-11-07 13:40:00", "2026-01-13 10:30:00"),
    _contact("C15", "A06", "Eva", "Gruber", "Qualitätsmanagerin", "e.gruber@atlas-linz.example", "", "", "2025-11-07 13:45:00", "2025-11-07 13:45:00"),
    _contact("C16", "A07", "Ingrid", "Solberg", "CEO", "ingrid.solberg@nordlys-energi.example", "+47 22 40 50 60", DM, "2025-09-18 09:10:00", "2025-09-22 08:30:00"),
    _contact("C17", "A07", "Lars", "Eriksen", "Head of Trading Analytics", "lars.eriksen@nordlys-energi.example", "", CH, "2025-09-18 09:15:00", "2026-03-23 10:00:00"),
    _contact("C18", "A08", "Amélie", "Roux", "Gérante", "amelie.roux.paris@gmail.com", "+33 6 12 34 56 78", DM, "2025-10-10 15:05:00", "2025-10-13 09:00:00"),
    _contact("C19", "A08", "Julien", "Petit", "Responsable marketing", "julien.petit@cafe-lumiere.example", "", "", "2025-10-10 15:10:00", "2025-10-10 15:10:00"),
    _contact("C20", "A09", "Klaus", "Müller", "Inhaber", "k.mueller.duesseldorf@gmail.com", "+49 211 8630 0", DM, "2025-10-01 10:05:00", "2025-10-06 09:00:00"),
    _contact("C21", "A09", "Sabine", "Koch", "Leiterin Filialcontrolling", "s.koch@mueller-soehne.example", "+49 211 8630 210", CH, "2025-10-01 10:10:00", "2026-04-20 10:00:00"),
    _contact("C22", "A10", "Javier", "Ortega", "Director de Operaciones", "javier.ortega@polaris-telecom.example", "+34 91 123 45 67", DM, "2025-09-10 12:10:00", "2025-09-15 09:00:00"),
    _contact("C23", "A10", "Lucía", "Navarro", "Chief Data Officer", "lucia.navarro@polaris-telecom.example", "+34 91 123 45 90", DM, "2025-09-10 12:15:00", "2025-11-18 11:00:00"),
    _contact("C24", "A10", "Pablo", "Ruiz", "Analista BI", "pablo.ruiz@polaris-telecom.example", "", "", "2025-12-02 09:00:00", "2025-12-02 09:00:00"),
    _contact("C25", "A11", "Rachel", "Kim", "VP Product", "rachel.kim@harborandpine.example", "+1 617 555 0142", DM, "2025-10-30 16:05:00", "2026-02-09 17:00:00"),
    _contact("C26", "A11", "David", "Chen", "Engineering Manager", "david.chen@harborandpine.example", "+1 617 555 0187", CH, "2025-10-30 16:10:00", "2025-11-03 09:00:00"),
    _contact("C27", "A12", "Katarzyna", "Wójcik", "Prezes Zarządu", "k.wojcik@lodz-precision.example", "+48 42 630 10 00", DM, "2025-11-26 09:10:00", "2025-12-01 09:00:00"),
    _contact("C28", "A12", "Piotr", "Zieliński", "Kierownik Produkcji", "p.zielinski@lodz-precision.example", "", CH, "2025-11-26 09:15:00", "2026-05-28 12:00:00"),
    _contact("C29", "A03", "Hannah", "Brooks", "Head of Model Risk", "hannah.brooks@meridianbank.example", "", INF, "2026-03-16 09:50:00", "2026-03-16 09:50:00"),
    _contact("C30", "A05", "Markus", "Brandl", "Einkaufsleiter", "m.brandl@atlas-maschinenbau.example", "", INF, "2025-12-03 11:00:00", "2025-12-03 11:00:00"),
    _contact("C31", None, "Freya", "Nilsen", "Independent Consultant", "freya.nilsen.consulting@gmail.com", "", "", "2026-02-02 10:00:00", "2026-02-02 10:00:00"),
)
# fmt: on


def _deal(key, account, name, owner, amount, currency, stages, close, pushes=(), **kw):
    entries = tuple(StageEntry(s, at(t if len(t) > 10 else t + " 10:00:00")) for s, t in stages)
    moves = tuple(ClosePush(at(a), date.fromisoformat(n)) for a, n in pushes)
    return Deal(
        key,
        account,
        name,
        owner,
        Decimal(amount),
        currency,
        entries,
        date.fromisoformat(close),
        moves,
        **kw,
    )


# fmt: off
DEALS = (
    # stalled
    _deal("D01", "A01", "Brightwater - Demand Forecasting Platform", "U8", "410000.00", "CHF",
          [(P, "2025-11-04 09:12:44"), (Q, "2025-12-02 10:05:13"), (N, "2026-01-20 14:30:02"), (R, "2026-02-24 16:41:27")],
          "2026-03-31", [("2026-03-30 08:55:10", "2026-05-29"), ("2026-05-28 17:20:45", "2026-08-08"), ("2026-06-12 11:03:19", "2026-09-30")],
          contact="C01", lead_source="Partner", next_step="Waiting for CFO sign-off",
          description="Forecasting for 14 plants.\r\nCompetitor: in-house Python team."),
    _deal("D02", "A02", "Kestrel - Fleet Telemetry Analytics", "U6", "265000.00", "EUR",
          [(P, "2025-10-14 13:40:09"), (Q, "2025-11-10 11:00:31"), (N, "2025-12-15 15:20:00"), (R, "2026-01-19 10:10:52"), (G, "2026-03-09 09:45:18")],
          "2026-04-30", [("2026-03-27 16:02:40", "2026-05-29"), ("2026-05-27 09:31:05", "2026-06-30")],
          contact="C04", lead_source="Trade Show", next_step="Legal review of DPA"),
    _deal("D03", "A04", "Orchard Health - Patient Flow Dashboards", "U7", "180000.00", "EUR",
          [(P, "2025-12-01 10:00:00"), (Q, "2026-01-12 15:45:21"), (N, "2026-02-10 11:20:36")],
          "2026-04-15", [("2026-04-14 17:05:11", "2026-05-15"), ("2026-05-14 09:40:59", "2026-07-31")],
          contact="C10", lead_source="Web"),
    _deal("D04", "A07", "Nordlys - Grid Load Forecasting", "U9", "320000.00", "EUR",
          [(P, "2025-09-22 08:30:00"), (Q, "2025-10-20 13:15:44"), (N, "2025-11-24 10:50:03"), (R, "2026-01-08 14:00:27"), (G, "2026-02-02 16:30:15")],
          "2026-03-31", [("2026-03-29 18:10:37", "2026-05-15"), ("2026-06-05 10:20:48", "2026-07-31")],
          contact="C16", lead_source="Partner", next_step="Board decision pending"),
    _deal("D05", "A05", "Atlas Stuttgart - Predictive Maintenance", "U8", "520000.00", "EUR",
          [(P, "2025-10-01 09:00:00"), (Q, "2025-10-29 14:20:19"), (N, "2025-12-03 11:10:07"), (R, "2026-01-27 15:35:50")],
          "2026-04-30", [("2026-04-29 12:00:22", "2026-06-30"), ("2026-05-26 08:45:39", "2026-09-30")],
          contact="C12", lead_source="Employee Referral"),
    _deal("D06", "A06", "Atlas Linz - Quality Analytics Pilot", "U8", "95000.00", "EUR",
          [(P, "2026-01-13 10:30:00"), (Q, "2026-02-17 09:15:26")], "2026-05-15",
          contact="C14", lead_source="Web"),
    _deal("D07", "A10", "Polaris - Network Churn Analytics", "U7", "245000.00", "EUR",
          [(P, "2025-11-18 11:00:00"), (Q, "2025-12-16 10:40:12"), (N, "2026-01-21 09:30:48"), (R, "2026-03-02 17:10:33")],
          "2026-04-30", [("2026-04-28 15:00:03", "2026-06-15"), ("2026-05-20 11:25:57", "2026-07-15")],
          contact="C23", lead_source="Partner", type="Existing Business"),
    _deal("D08", "A12", "Łódź Precision - Scrap Rate Analytics", "U6", "140000.00", "EUR",
          [(P, "2026-01-05 09:20:00"), (Q, "2026-02-02 13:30:41"), (N, "2026-03-03 10:15:09")],
          "2026-04-30", [("2026-04-27 14:50:16", "2026-05-29"), ("2026-05-25 10:05:34", "2026-06-30")],
          contact="C27", lead_source="Trade Show"),
    _deal("D30", "A11", "Harbor & Pine - Renewal 2026", "U9", "48000.00", "USD",
          [(P, "2026-01-15 16:00:00"), (G, "2026-02-10 10:00:38")],
          "2026-04-30", [("2026-04-29 09:00:14", "2026-05-29"), ("2026-05-28 15:30:27", "2026-06-30")],
          contact="C25", lead_source="Existing Customer", type="Existing Business", pipeline="Renewals"),
    # fresh (several move on before the second export)
    _deal("D09", "A09", "Müller & Söhne - Store Analytics Rollout", "U6", "210000.00", "EUR",
          [(P, "2026-04-20 10:00:31"), (Q, "2026-05-04 14:30:00"), (N, "2026-05-27 10:30:12"), (R, "2026-06-10 14:05:44")],
          "2026-09-30", contact="C21", lead_source="Partner", next_step="Workshop with store controlling",
          also_company="A02"),
    _deal("D10", "A03", "Meridian - Risk Analytics Suite", "U9", "385000.00", "GBP",
          [(P, "2026-03-16 09:45:00"), (Q, "2026-04-06 11:00:20"), (N, "2026-04-29 15:15:08"), (R, "2026-05-26 16:10:55"), (G, "2026-06-17 09:30:02")],
          "2026-09-15", contact="C07", lead_source="Customer Event", type="Existing Business",
          next_step="CEO meeting 16 June"),
    _deal("D11", "A11", "Harbor & Pine - Embedded BI OEM", "U9", "150000.00", "USD",
          [(P, "2026-02-09 17:00:00"), (Q, "2026-03-02 16:20:10"), (N, "2026-03-30 15:00:43"), (R, "2026-04-27 18:30:29"), (G, "2026-05-26 11:45:06"), (W, "2026-06-18 15:20:37")],
          "2026-07-31", [("2026-06-18 15:20:37", "2026-06-18")], contact="C25", lead_source="Web"),
    _deal("D12", "A08", "Café Lumière - Loyalty Insights", "U7", "38000.00", "EUR",
          [(P, "2026-05-06 10:00:14"), (Q, "2026-05-28 14:00:00")], "2026-08-28", contact="C18", lead_source="Web"),
    _deal("D13", "A02", "Kestrel - Warehouse Analytics Add-on", "U6", "72000.00", "EUR",
          [(P, "2026-05-05 09:00:00"), (Q, "2026-05-19 10:00:00"), (N, "2026-05-29 11:30:09")],
          "2026-10-30", contact="C05", lead_source="Existing Customer", type="Existing Business"),
    _deal("D14", "A04", "Orchard Health - Staff Scheduling Module", "U7", "64000.00", "EUR",
          [(P, "2026-04-27 14:00:00"), (Q, "2026-05-26 10:20:00"), (N, "2026-06-15 10:00:51")],
          "2026-09-30", contact="C11", lead_source="Web"),
    _deal("D15", "A01", "Brightwater - Supplier Scorecards", "U8", "88000.00", "CHF",
          [(P, "2026-05-18 13:00:00"), (Q, "2026-05-29 15:00:00")], "2026-11-30",
          contact="C02", lead_source="Existing Customer", type="Existing Business"),
    _deal("D16", "A07", "Nordlys - Trading Desk Analytics", "U9", "255000.00", "EUR",
          [(P, "2026-03-23 10:00:00"), (Q, "2026-04-13 11:30:00"), (N, "2026-05-26 14:45:18"), (L, "2026-06-19 16:45:03")],
          "2026-10-15", contact="C17", lead_source="Partner"),
    _deal("D17", "A05", "Atlas Stuttgart - Energy Monitoring", "U8", "130000.00", "EUR",
          [(P, "2026-05-04 08:30:00"), (Q, "2026-05-28 09:10:00")], "2026-12-15", contact="C13", lead_source="Web"),
    _deal("D18", "A12", "Łódź Precision - Line Throughput Pilot", "U6", "45000.00", "EUR",
          [(P, "2026-05-28 12:00:40")], "2026-08-31", contact="C28", lead_source="Trade Show"),
    _deal("D29", "A03", "Meridian - Renewal 2026", "U9", "96000.00", "GBP",
          [(P, "2026-04-01 09:00:00"), (R, "2026-05-27 10:00:00")], "2026-07-31",
          contact="C08", lead_source="Existing Customer", type="Existing Business", pipeline="Renewals"),
    # closed
    _deal("D19", "A03", "Meridian - Regulatory Reporting Pack", "U9", "125000.00", "GBP",
          [(P, "2025-09-08"), (Q, "2025-09-29"), (N, "2025-10-27"), (R, "2025-11-24"), (G, "2025-12-15"), (W, "2026-01-22 16:00:00")],
          "2026-01-22", contact="C07", lead_source="Web"),
    _deal("D20", "A09", "Müller & Söhne - Inventory Dashboards", "U6", "58000.00", "EUR",
          [(P, "2025-10-06"), (Q, "2025-10-27"), (R, "2025-12-08"), (W, "2026-02-12 11:00:00")], "2026-02-12",
          contact="C20", lead_source="Trade Show"),
    _deal("D21", "A11", "Harbor & Pine - Analytics Starter", "U9", "42000.00", "USD",
          [(P, "2025-11-03"), (Q, "2025-11-17"), (R, "2025-12-15"), (W, "2026-01-30 19:00:00")], "2026-01-30",
          contact="C26", lead_source="Web"),
    _deal("D22", "A01", "Brightwater - Pilot Extension", "U8", "36000.00", "CHF",
          [(P, "2026-01-05"), (R, "2026-02-16"), (W, "2026-03-20 10:00:00")], "2026-03-20",
          contact="C02", lead_source="Existing Customer", type="Existing Business"),
    _deal("D23", "A10", "Polaris - Customer 360 Phase 1", "U7", "198000.00", "EUR",
          [(P, "2025-09-15"), (Q, "2025-10-06"), (N, "2025-10-27"), (R, "2025-11-17"), (G, "2025-12-01"), (W, "2025-12-19 17:30:00")],
          "2025-12-19", contact="C22", lead_source="Partner"),
    _deal("D24", "A02", "Kestrel - Route Optimisation", "U6", "112000.00", "EUR",
          [(P, "2025-10-20"), (Q, "2025-11-10"), (N, "2025-12-01"), (R, "2026-01-12"), (G, "2026-02-02"), (W, "2026-02-27 16:40:00")],
          "2026-02-27", contact="C04", lead_source="Trade Show"),
    _deal("D25", "A08", "Café Lumière - POS Integration", "U7", "27000.00", "EUR",
          [(P, "2025-10-13"), (Q, "2025-11-03"), (L, "2026-01-16 09:00:00")], "2026-01-16", contact="C18", lead_source="Web"),
    _deal("D26", "A06", "Atlas Linz - MES Connector", "U8", "61000.00", "EUR",
          [(P, "2025-11-10"), (Q, "2025-12-01"), (R, "2026-01-19"), (L, "2026-02-20 11:12:00")], "2026-02-20",
          contact="C14", lead_source="Web"),
    _deal("D27", "A12", "Łódź Precision - ERP Reporting", "U6", "83000.00", "EUR",
          [(P, "2025-12-01"), (Q, "2026-01-12"), (L, "2026-03-13 14:00:00")], "2026-03-13", contact="C27", lead_source="Trade Show"),
    _deal("D28", "A07", "Nordlys - Asset Health Analytics", "U9", "175000.00", "EUR",
          [(P, "2025-10-27"), (Q, "2025-11-24"), (N, "2026-01-05"), (R, "2026-02-09"), (G, "2026-03-02"), (L, "2026-04-10 12:00:00")],
          "2026-04-10", contact="C16", lead_source="Partner"),
    # created between the exports, and one deleted (only Pipedrive still exports it)
    _deal("D31", "A09", "Müller & Söhne - Forecasting Add-on", "U6", "54000.00", "EUR",
          [(P, "2026-06-09 11:00:27")], "2026-10-30", contact="C21", lead_source="Existing Customer",
          type="Existing Business"),
    _deal("D32", "A04", "Orchard Health - Patient Flow (duplicate)", "U7", "180000.00", "EUR",
          [(P, "2026-02-11 09:00:00")], "2026-04-15", contact="C10", deleted=True),
)
# fmt: on


def _act(key, kind, deal, when, subject, contacts=(), **kw):
    owner = kw.pop("owner", None) or next(d.owner for d in DEALS if d.key == deal)
    account = next(d.account for d in DEALS if d.key == deal)
    created = kw.pop("created", None)
    when_created = at(created) if created else None
    return Activity(
        key,
        kind,
        subject,
        at(when),
        owner,
        deal,
        account,
        tuple(contacts),
        created=when_created,
        **kw,
    )


# fmt: off
ACTIVITIES = (
    _act("T01", "call", "D01", "2026-01-14 10:00:00", "Discovery call", ["C01"], minutes=30),
    _act("T02", "meeting", "D01", "2026-02-20 13:00:00", "Proposal walkthrough", ["C01", "C02"], minutes=90, location="Brightwater Foods, Seestrasse 120, Zürich"),
    _act("T03", "email", "D01", "2026-04-09 15:12:08", "Revised pricing", ["C01"]),
    _act("T04", "call", "D02", "2025-11-12 09:30:00", "Qualification call", ["C04"], minutes=45),
    _act("T05", "email", "D02", "2026-03-10 11:00:00", "Contract redlines", ["C04"], description="Sent redlines v3.\r\nOpen points: liability cap, DPA annex."),
    _act("T06", "call", "D02", "2026-04-21 14:00:00", "Chase legal on DPA", ["C05"], minutes=15),
    _act("T07", "meeting", "D03", "2026-02-12 09:00:00", "Needs workshop", ["C10", "C11"], minutes=120, location="Orchard Health, Lyon"),
    _act("T08", "email", "D03", "2026-04-02 16:20:00", "Follow-up on budget", ["C10"]),
    _act("T09", "call", "D04", "2026-01-09 13:00:00", "Scope call", ["C16"], minutes=30),
    _act("T10", "email", "D04", "2026-03-25 08:50:00", "Updated proposal", ["C16", "C17"]),
    _act("T11", "meeting", "D05", "2026-01-28 10:00:00", "Maintenance use-case review", ["C12", "C13"], minutes=120,
         location="Atlas Maschinenbau, Heilbronner Straße 88, Stuttgart", attendees=("U4",), created="2026-01-15 09:00:00"),
    _act("T12", "call", "D05", "2026-04-14 11:30:00", "Pricing call", ["C12"], minutes=30),
    _act("T13", "call", "D06", "2026-02-18 10:00:00", "Pilot scoping", ["C14"], minutes=45),
    _act("T14", "email", "D06", "2026-03-18 09:45:00", "Pilot proposal", ["C14", "C15"]),
    _act("T15", "task", "D06", "2026-06-10 09:00:00", "Follow-up call with Andreas Huber", ["C14"], completes=False, created="2026-05-20 10:00:00"),
    _act("T16", "call", "D07", "2026-03-03 15:00:00", "Proposal review", ["C23"], minutes=45),
    _act("T17", "email", "D07", "2026-04-23 10:10:00", "Chasing decision", ["C23"]),
    _act("T18", "call", "D08", "2026-03-04 09:00:00", "Needs analysis call", ["C27"], minutes=60),
    _act("T19", "email", "D08", "2026-04-17 12:30:00", "Case study", ["C27", "C28"]),
    _act("T20", "meeting", "D08", "2026-06-09 10:00:00", "On-site line walk", ["C28"], minutes=120, location="Łódź Precision, Łódź", created="2026-05-22 08:00:00"),
    _act("T21", "call", "D30", "2026-02-11 16:00:00", "Renewal terms", ["C25"], minutes=30),
    _act("T22", "email", "D30", "2026-04-02 14:00:00", "Renewal quote", ["C25"]),
    _act("T23", "call", "D09", "2026-05-04 14:30:00", "Qualification call", ["C21"], minutes=30),
    _act("T24", "meeting", "D09", "2026-05-27 09:00:00", "Needs workshop", ["C20", "C21"], minutes=120, location="Müller & Söhne, Königsallee 60, Düsseldorf"),
    _act("T25", "call", "D10", "2026-04-07 10:00:00", "Discovery with risk team", ["C07", "C29"], minutes=60),
    _act("T26", "email", "D10", "2026-05-28 17:05:00", "Agenda for CEO meeting", ["C07"]),
    _act("T27", "meeting", "D10", "2026-06-16 13:00:00", "Executive meeting: risk analytics roadmap", ["C07", "C08"], minutes=90,
         owner="U1", attendees=("U9",), location="Meridian Bank plc, 1 Lothbury, London", created="2026-05-25 09:00:00"),
    _act("T28", "task", "D10", "2026-06-12 09:00:00", "Send agenda and attendee list to Oliver Grant", ["C07"], created="2026-05-28 17:10:00"),
    _act("T29", "meeting", "D11", "2026-04-28 16:00:00", "Technical deep-dive", ["C26"], minutes=60, location="Video call"),
    _act("T30", "call", "D11", "2026-05-26 11:00:00", "Negotiation call", ["C25"], minutes=45),
    _act("T31", "call", "D12", "2026-05-28 10:30:00", "Qualification call", ["C18"], minutes=20),
    _act("T32", "meeting", "D13", "2026-05-21 08:00:00", "Warehouse analytics visit", ["C04", "C05"], minutes=90,
         attendees=("U3",), location="Kestrel Logistics, Hafenstraße 14, Hamburg", created="2026-05-12 14:00:00"),
    _act("T33", "call", "D13", "2026-05-29 13:00:00", "Follow-up after visit", ["C05"], minutes=30),
    _act("T34", "email", "D14", "2026-05-26 09:40:00", "Module overview", ["C11"]),
    _act("T35", "call", "D15", "2026-05-29 15:30:00", "Scorecard requirements", ["C02"], minutes=45),
    _act("T36", "meeting", "D16", "2026-05-26 14:00:00", "Trading desk demo", ["C17"], minutes=60, location="Video call"),
    _act("T37", "call", "D17", "2026-05-28 09:00:00", "Qualification call", ["C13"], minutes=30),
    _act("T38", "email", "D18", "2026-05-28 12:20:00", "Pilot outline", ["C28"]),
    _act("T39", "call", "D29", "2026-05-27 10:00:00", "Renewal kick-off", ["C08"], minutes=30),
    _act("T40", "meeting", "D19", "2025-12-10 11:00:00", "Contract review", ["C07"], minutes=60, location="Meridian Bank plc, London"),
    _act("T41", "call", "D23", "2025-11-20 15:00:00", "Negotiation call", ["C22"], minutes=30),
    _act("T53", "call", "D20", "2026-05-20 09:00:00", "Quarterly check-in", ["C20"], minutes=20),
    # between the two exports
    _act("T42", "call", "D09", "2026-06-10 14:00:00", "Proposal review", ["C21"], minutes=45),
    _act("T43", "email", "D12", "2026-06-11 10:00:00", "Pricing", ["C18"]),
    _act("T44", "call", "D13", "2026-06-12 11:00:00", "Scope confirmation", ["C05"], minutes=30),
    _act("T45", "meeting", "D14", "2026-06-15 09:00:00", "Scheduling workshop", ["C10", "C11"], minutes=120, location="Orchard Health, Lyon"),
    _act("T46", "call", "D15", "2026-06-09 15:00:00", "Scorecard demo prep", ["C02"], minutes=30),
    _act("T47", "email", "D17", "2026-06-08 08:30:00", "Energy monitoring proposal draft", ["C13"]),
    _act("T48", "call", "D18", "2026-06-17 10:00:00", "Pilot kickoff planning", ["C28"], minutes=30),
    _act("T49", "email", "D29", "2026-06-18 16:00:00", "Renewal proposal", ["C08"]),
    _act("T50", "call", "D31", "2026-06-09 11:30:00", "Forecasting add-on intro", ["C21"], minutes=30),
    _act("T51", "call", "D11", "2026-06-18 15:00:00", "Signature call", ["C25"], minutes=20),
    _act("T52", "email", "D16", "2026-06-19 16:40:00", "Decision: lost to competitor", ["C17"]),
)
# fmt: on
