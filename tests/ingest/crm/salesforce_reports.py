"""Salesforce report exports (Reports → Export → Details Only → CSV, or Formatted Report → XLSX).

A report is built once as typed cells (text, Decimal, date, datetime, Percent) and then written in
a locale: en_US (`8/8/2026`, `410,000.00`, UTF-8), de_DE (`08.08.2026`, `410.000,00`,
ISO-8859-1), German Excel re-saved (`;`, cp1252, CRLF, numbers in General format) or XLSX.
Headers are field labels; ids are the 15-character case-sensitive ones. README.md lists sources.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from tests.ingest.crm import files
from tests.ingest.crm.company import PROBABILITY, RATES, Snapshot
from tests.ingest.crm.salesforce import events, history_rows, tasks
from tests.ingest.crm.salesforce_ids import record_id15
from tests.ingest.crm.salesforce_labels import FOOTER_DE, FOOTER_EN, LABELS_DE, LABELS_EN, STAGES_DE

ZONE = "Europe/Berlin"  # the exporting user's time zone (Nora Falk, RevOps)
REPORT_USER = "Nora Falk"


class Percent(int):
    """A percent field (written `60%`)."""


Cell = str | Decimal | date | datetime | int | None


@dataclass(frozen=True)
class Report:
    title: str
    keys: tuple[str, ...]
    rows: list[list[Cell]]


def _name(snap: Snapshot, user_key: str) -> str:
    return snap.user(user_key).name


def opportunities(
    snap: Snapshot, ids: bool, converted: bool = False, german: bool = False
) -> Report:
    keys = ["opp_owner", "account", "opp", "stage", "fiscal", "amount_cur", "amount"]
    keys += ["conv_cur", "converted"] if converted else []
    keys += ["probability", "age", "close", "created", "next_step", "lead_source", "type"]
    keys += ["opp_id", "account_id", "stage_change", "modified"] if ids else []
    rows: list[list[Cell]] = []
    for s in sorted(snap.live_deals(), key=lambda s: (_name(snap, s.deal.owner), s.deal.name)):
        d = s.deal
        end = s.closed_at.date() if s.closed_at else snap.as_of
        cells: dict[str, Cell] = {
            "opp_owner": _name(snap, d.owner), "account": snap.account(d.account).name, "opp": d.name,
            "stage": STAGES_DE.get(s.stage, s.stage) if german else s.stage, "fiscal": files.fiscal_period(s.close_date),
            "amount_cur": d.currency, "amount": d.amount, "conv_cur": "USD",
            "converted": (d.amount * RATES[d.currency]).quantize(Decimal("0.01")),
            "probability": Percent(PROBABILITY[s.stage]), "age": (end - d.created.date()).days,
            "close": s.close_date, "created": d.created.date(), "next_step": d.next_step,
            "lead_source": d.lead_source, "type": d.type, "opp_id": record_id15("opportunity", d.key),
            "account_id": record_id15("account", d.account),
            "stage_change": s.stage_entered.date() if len(s.entries) > 1 else None,
            "modified": s.modified.date(),
        }  # fmt: skip
        rows.append([cells[k] for k in keys])
    return Report("Pipeline with IDs" if ids else "Opportunities", tuple(keys), rows)


def accounts(snap: Snapshot, ids: bool) -> Report:
    keys = (("account_id",) if ids else ()) + (
        "account_owner",
        "account",
        "type",
        "industry",
        "website",
        "city",
        "country",
        "modified",
    )
    rows: list[list[Cell]] = []
    for a in sorted(snap.accounts, key=lambda a: (a.name, a.city)):
        cells: dict[str, Cell] = {
            "account_id": record_id15("account", a.key), "account_owner": _name(snap, a.owner),
            "account": a.name, "type": a.type, "industry": a.industry,
            "website": a.website.removeprefix("https://"), "city": a.city, "country": a.country,
            "modified": a.modified.date(),
        }  # fmt: skip
        rows.append([cells[k] for k in keys])
    return Report("Accounts", keys, rows)


def contacts(snap: Snapshot) -> Report:
    keys = (
        "contact_id",
        "contact_owner",
        "first",
        "last",
        "title",
        "account",
        "account_id",
        "email",
        "phone",
        "modified",
    )
    rows: list[list[Cell]] = []
    for c in sorted(snap.contacts, key=lambda c: (c.last, c.first)):
        account = snap.account(c.account) if c.account else None
        rows.append([
            record_id15("contact", c.key), _name(snap, account.owner if account else "U10"), c.first, c.last,
            snap.title(c), account.name if account else "",
            record_id15("account", c.account) if c.account else "", c.email, c.phone,
            snap.contact_modified(c).date(),
        ])  # fmt: skip
    return Report("Contacts", keys, rows)


def stage_history(snap: Snapshot, german: bool = False) -> Report:
    keys = (
        "opp_owner",
        "edited_by",
        "edited",
        "account",
        "opp",
        "from_stage",
        "to_stage",
        "amount_cur",
        "amount",
        "probability",
        "close",
        "opp_id",
    )
    rows: list[list[Cell]] = []
    for s in sorted(snap.live_deals(), key=lambda s: s.deal.name):
        d = s.deal
        previous = ""
        for when, stage, close in history_rows(s):
            shown = STAGES_DE.get(stage, stage) if german else stage
            rows.append([
                _name(snap, d.owner), _name(snap, d.owner), when, snap.account(d.account).name, d.name,
                previous, shown, d.currency, d.amount, Percent(PROBABILITY[stage]), close,
                record_id15("opportunity", d.key),
            ])  # fmt: skip
            previous = shown
    return Report("Opportunity History", keys, rows)


def activities(snap: Snapshot) -> Report:
    keys = (
        "assigned",
        "subject",
        "is_task",
        "date",
        "status",
        "activity_type",
        "company",
        "contact",
        "opportunity",
        "activity_id",
    )
    rows: list[list[Cell]] = []
    for state in sorted([*tasks(snap), *events(snap)], key=lambda st: st.activity.at):
        a = state.activity
        is_task = a.kind != "meeting"
        rows.append([
            _name(snap, a.owner), a.subject, "1" if is_task else "0", a.at,
            ("Completed" if state.done else "Not Started") if is_task else "",
            {"call": "Call", "email": "Email", "task": "Other", "meeting": "Meeting"}[a.kind],
            snap.account(a.account).name, snap.contact(a.contacts[0]).name if a.contacts else "",
            snap.deal(a.deal).deal.name if a.deal else "",
            record_id15("task" if is_task else "event", a.key),
        ])  # fmt: skip
    return Report("Activities", keys, rows)


def users(snap: Snapshot) -> Report:
    keys = ("full_name", "title", "email", "role", "profile", "active", "last_login", "user_id")
    rows: list[list[Cell]] = [
        [u.name, u.title, u.email, u.role, "System Administrator" if u.key == "U10" else "Standard User",
         "1", snap.exported_at - timedelta(minutes=43), record_id15("user", u.key)]
        for u in sorted(snap.users, key=lambda u: u.last)
    ]  # fmt: skip
    rows.append(
        [
            "Integration User",
            "",
            "noreply@salesforce.com",
            "",
            "Analytics Cloud Integration User",
            "1",
            None,
            "0055g0000123T2c",
        ]
    )
    return Report("Active Users", keys, rows)


@dataclass(frozen=True)
class Style:
    """How typed cells become text in one locale or save."""

    labels: dict[str, str]
    footer: tuple[str, str, str]
    shape: files.Shape
    date: Callable[[date | None], str]
    moment: Callable[[datetime | None, str], str]
    amount: Callable[[Decimal | None], str]

    def cell(self, value: Cell, key: str) -> str:
        if value is None:
            return ""
        if isinstance(value, Percent):
            return f"{int(value)}%"
        if isinstance(value, datetime):
            return (
                self.moment(value, ZONE)
                if key == "edited" or key == "date" or key == "last_login"
                else self.date(value.date())
            )
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, Decimal):
            return self.amount(value)
        return str(value)


EN_US = Style(
    LABELS_EN,
    FOOTER_EN,
    files.SALESFORCE_REPORT,
    files.en_us_date,
    files.en_us_datetime,
    files.en_us_amount,
)
DE_DE = Style(
    LABELS_DE,
    FOOTER_DE,
    files.SALESFORCE_REPORT_DE,
    files.de_date,
    files.de_datetime,
    files.de_amount,
)
DE_EXCEL = Style(
    LABELS_DE,
    FOOTER_DE,
    files.GERMAN_EXCEL,
    files.de_date,
    files.de_datetime,
    lambda v: files.excel_general(v, True),
)


def report_csv(path: Path, report: Report, style: Style) -> Path:
    """Write a Details Only CSV export: labels, rows, blank line, totals, blank line, notices."""
    header = [style.labels.get(k, LABELS_EN[k]) for k in report.keys]
    rows = [
        [style.cell(v, k) for v, k in zip(row, report.keys, strict=True)] for row in report.rows
    ]
    totals, confidential, copyright_line = style.footer
    footer: Sequence[Sequence[str]] = (
        [],
        [totals.format(n=len(rows))],
        [],
        [confidential],
        [copyright_line],
    )
    return files.write_csv(path, header, rows, style.shape, footer)


def report_name(snap: Snapshot, index: int) -> str:
    """`report1780299912123.csv`: 'report' and the export's epoch milliseconds."""
    moment = snap.exported_at + timedelta(seconds=41 * index)
    return f"report{int(moment.timestamp())}{(123 + 97 * index) % 1000:03d}.csv"


def report_xlsx(path: Path, report: Report, snap: Snapshot) -> Path:
    """Write a formatted report export: a title block, the table with typed cells, the notices."""
    openpyxl = files.openpyxl_module()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = report.title[:31]
    stamp = files.local(snap.exported_at, ZONE)
    sheet.append([report.title])
    sheet.append(["Northwind Analytics"])
    sheet.append(
        [f"As of {files.en_us_datetime(snap.exported_at, ZONE)} · Generated by {REPORT_USER}"]
    )
    sheet.append(["Filtered By: Show Me: All opportunities · Close Date: All Time"])
    sheet.append([])
    sheet.append([LABELS_EN[k] for k in report.keys])
    sheet["A1"].font = openpyxl.styles.Font(bold=True, size=14)
    for row in report.rows:
        values: list[object] = []
        for value in row:
            if isinstance(value, Percent):
                values.append(int(value) / 100)
            elif isinstance(value, datetime):
                values.append(files.local(value, ZONE).replace(tzinfo=None))
            elif isinstance(value, Decimal):
                values.append(float(value))
            else:
                values.append(value)
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            if isinstance(value, Percent):
                cell.number_format = "0%"
            elif isinstance(value, datetime):
                cell.number_format = "m/d/yyyy h:mm AM/PM"
            elif isinstance(value, date):
                cell.number_format = "m/d/yyyy"
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
    sheet.append([])
    sheet.append([f"Total ({len(report.rows)} records)"])
    sheet.append([])
    sheet.append([FOOTER_EN[1]])
    sheet.append([FOOTER_EN[2]])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.properties.created = stamp.replace(tzinfo=None)
    book.save(path)
    return path


def xlsx_name(snap: Snapshot, title: str, index: int) -> str:
    """`Pipeline with IDs-2026-06-01-09-45-53.xlsx`: report name and the local export time."""
    moment = files.local(snap.exported_at + timedelta(seconds=41 * index), ZONE)
    return f"{title}-{moment:%Y-%m-%d-%H-%M-%S}.xlsx"


def write_reports(snap: Snapshot, folder: Path) -> list[Path]:
    """en_US, ids added: pipeline, accounts, contacts, stage history, activities, users."""
    reports = [
        opportunities(snap, ids=True),
        accounts(snap, ids=True),
        contacts(snap),
        stage_history(snap),
        activities(snap),
        users(snap),
    ]
    return [report_csv(folder / report_name(snap, i), r, EN_US) for i, r in enumerate(reports)]


def write_reports_no_ids(snap: Snapshot, folder: Path) -> list[Path]:
    """The standard reports as they come: no id columns anywhere."""
    reports = [opportunities(snap, ids=False), accounts(snap, ids=False), users(snap)]
    return [report_csv(folder / report_name(snap, i + 10), r, EN_US) for i, r in enumerate(reports)]


def _german(snap: Snapshot) -> list[Report]:
    return [
        opportunities(snap, ids=True, german=True),
        accounts(snap, ids=True),
        contacts(snap),
        stage_history(snap, german=True),
        users(snap),
    ]


def write_reports_de(snap: Snapshot, folder: Path) -> list[Path]:
    """A de_DE user's exports: German labels, dates and numbers, ISO-8859-1."""
    return [
        report_csv(folder / report_name(snap, i + 20), r, DE_DE)
        for i, r in enumerate(_german(snap))
    ]


def write_reports_de_excel(snap: Snapshot, folder: Path) -> list[Path]:
    """The German pipeline, accounts and users opened in German Excel and saved again as CSV."""
    chosen = [
        r for r in _german(snap) if r.title in ("Pipeline with IDs", "Accounts", "Active Users")
    ]
    return [
        report_csv(folder / report_name(snap, i + 30), r, DE_EXCEL) for i, r in enumerate(chosen)
    ]


def write_reports_multicurrency(snap: Snapshot, folder: Path) -> list[Path]:
    """The pipeline with the converted amount added (`Amount (converted) Currency`, ...)."""
    reports = [opportunities(snap, ids=True, converted=True), accounts(snap, ids=True), users(snap)]
    return [report_csv(folder / report_name(snap, i + 40), r, EN_US) for i, r in enumerate(reports)]


def write_reports_xlsx(snap: Snapshot, folder: Path) -> list[Path]:
    """Formatted reports exported to Excel (.xlsx)."""
    reports = [opportunities(snap, ids=True), accounts(snap, ids=True), users(snap)]
    return [
        report_xlsx(folder / xlsx_name(snap, r.title, i), r, snap) for i, r in enumerate(reports)
    ]
