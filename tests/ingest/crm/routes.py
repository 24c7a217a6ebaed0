"""The export routes: one per way a revenue-operations person gets the data out of a CRM."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.ingest.crm import (
    hubspot_exports,
    pipedrive,
    salesforce_export,
    salesforce_loader,
    salesforce_reports,
)
from tests.ingest.crm.answers import Answers, Carries, Changes, answers, changes
from tests.ingest.crm.company import Snapshot, snapshot

ALL = frozenset({"call", "email", "task", "meeting"})
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Route:
    name: str
    crm: str  # "salesforce", "hubspot" or "pipedrive"
    summary: str
    writer: Callable[[Snapshot, Path], list[Path]]
    carries: Carries
    needs_openpyxl: bool = False

    def write(self, folder: Path, time: int = 1) -> list[Path]:
        """Write the route's files at `time` (1 or 2) into `folder`; return them in order."""
        return self.writer(snapshot(time), folder)

    def answers(self, time: int = 1) -> Answers:
        return answers(self.carries, time, self.crm)

    def changes(self) -> Changes:
        return changes(self.carries)


def _carries(
    users: str,
    contacts: bool,
    stages: str,
    pushes: bool,
    kinds: frozenset[str],
    visits: str,
    ids: bool = True,
) -> Carries:
    return Carries(users, contacts, stages, pushes, kinds, visits, ids)


ROUTES: tuple[Route, ...] = (
    Route("salesforce-reports", "salesforce",
          "Report exports (Details Only, CSV, en_US) with id columns added: pipeline, accounts, contacts, opportunity history, activities, users",
          salesforce_reports.write_reports, _carries("titles", True, "history", True, ALL, "owner")),
    Route("salesforce-reports-no-ids", "salesforce",
          "The standard Opportunities, Accounts and Users reports as they come: no id columns",
          salesforce_reports.write_reports_no_ids, _carries("titles", False, "none", False, NONE, "none", ids=False)),
    Route("salesforce-reports-de", "salesforce",
          "The same reports exported by a de_DE user: German labels, 08.08.2026, 410.000,00, ISO-8859-1",
          salesforce_reports.write_reports_de, _carries("titles", True, "history", True, NONE, "none")),
    Route("salesforce-reports-de-excel", "salesforce",
          "German pipeline, accounts and users reports opened in German Excel and saved again as CSV (;, cp1252, CRLF)",
          salesforce_reports.write_reports_de_excel, _carries("titles", False, "last", False, NONE, "none")),
    Route("salesforce-reports-multicurrency", "salesforce",
          "Pipeline report with Amount Currency, Amount, Amount (converted) Currency, Amount (converted); accounts; users",
          salesforce_reports.write_reports_multicurrency, _carries("titles", False, "last", False, NONE, "none")),
    Route("salesforce-reports-xlsx", "salesforce",
          "Formatted reports exported to Excel: pipeline, accounts, users (.xlsx)",
          salesforce_reports.write_reports_xlsx, _carries("titles", False, "last", False, NONE, "none"), needs_openpyxl=True),
    Route("salesforce-data-export", "salesforce",
          "The weekly Data Export ZIP (Setup → Data Export): one CSV per object, API names, ISO-8859-1",
          salesforce_export.write_data_export, _carries("titles", True, "history", True, ALL, "invitees")),
    Route("salesforce-data-loader", "salesforce",
          "Data Loader extracts (SOQL per object): upper-case API names, OWNER.EMAIL, ISO date-times, UTF-8",
          salesforce_loader.write_data_loader, _carries("titles", True, "history", True, ALL, "invitees")),
    Route("hubspot", "hubspot",
          "View exports of deals, companies, contacts, calls, meetings, emails and notes, plus the users export",
          hubspot_exports.write_hubspot, _carries("names", True, "entered", False, frozenset({"call", "email", "meeting"}), "invitees")),
    Route("hubspot-de", "hubspot",
          "Deals, companies and contacts exported from a German-language portal",
          hubspot_exports.write_hubspot_de, _carries("none", True, "entered", False, NONE, "none")),
    Route("hubspot-internal-values", "hubspot",
          "Deals (a second download, -1), companies and contacts with internal values: stage ids, owner ids, pipeline default",
          hubspot_exports.write_hubspot_internal, _carries("none", True, "entered", False, NONE, "none")),
    Route("hubspot-unicode-text", "hubspot",
          "Deals, companies and contacts re-saved by US Excel as Unicode Text (.txt: UTF-16 LE, tabs)",
          hubspot_exports.write_hubspot_unicode_text, _carries("none", True, "entered", False, NONE, "none")),
    Route("hubspot-xlsx", "hubspot",
          "Deals, companies and contacts exported as XLSX",
          hubspot_exports.write_hubspot_xlsx, _carries("none", True, "entered", False, NONE, "none"), needs_openpyxl=True),
    Route("pipedrive", "pipedrive",
          "Export data of deals, organizations, people, activities and notes (CSV); no users export",
          pipedrive.write_pipedrive, _carries("none", True, "last", False, ALL, "owner", ids=False)),
    Route("pipedrive-xlsx", "pipedrive",
          "Deals, organizations and people exported as XLSX (dates as Excel serial numbers)",
          pipedrive.write_pipedrive_xlsx, _carries("none", True, "last", False, NONE, "none", ids=False), needs_openpyxl=True),
)  # fmt: skip


def route(name: str) -> Route:
    """Return the route called `name`."""
    for candidate in ROUTES:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no export route {name!r}; known: {', '.join(r.name for r in ROUTES)}")


def write_route(name: str, folder: Path, time: int = 1) -> list[Path]:
    """Write route `name`'s files at `time` (1: 2026-06-01, 2: 2026-06-22) into `folder`."""
    return route(name).write(folder, time)
