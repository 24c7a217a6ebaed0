"""The CRM import wizard's words and guesses (the app's `ui/dialogs/crm_import_*` read them).

Which CRM an export comes from (from its file names and first lines, as the user would tell),
what can be dropped on the window, and the core's report put in the app's words: a problem on
one line per cause, the command-line hints ("--date-order", "--force", "fieldvisit pipeline
--set") replaced by what to do in the wizard, and the notes the wizard's own pages answer
(who the executives are, the stage order) left to those pages.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from fieldvisit.executive_levels import LEVEL_WORDS as EXECUTIVE_LEVEL_WORDS
from fieldvisit.executive_levels import NOT_AN_EXECUTIVE
from fieldvisit.ingest.crm.batch import Problem
from fieldvisit.ingest.crm.files import SHEET_SUFFIXES, TEXT_SUFFIXES, ZIP_SUFFIXES
from fieldvisit.ingest.crm.report import CrmReport

CRMS = ("salesforce", "hubspot", "pipedrive")
GENERIC = "generic"
CRM_LABELS = {
    "salesforce": "Salesforce",
    "hubspot": "HubSpot",
    "pipedrive": "Pipedrive",
    GENERIC: "A CSV file",
}
DROPPABLE_SUFFIXES = TEXT_SUFFIXES + SHEET_SUFFIXES + ZIP_SUFFIXES
KIND_WORDS = {
    "executives": "Executives",
    "reps": "Sales reps",
    "accounts": "Accounts",
    "contacts": "Contacts",
    "deals": "Deals",
    "stage-history": "Stage history of deals",
    "activities": "Activities (calls, e-mails, meetings)",
    "visits": "Visits",
}
LEVEL_WORDS = {**EXECUTIVE_LEVEL_WORDS, "": NOT_AN_EXECUTIVE}  # "" chooses no level

# What the names of a CRM's export files look like.
_NAME_HINTS = (
    ("salesforce", re.compile(r"^WE_[0-9A-Za-z]{15,18}_\d+\.zip$", re.IGNORECASE)),
    ("salesforce", re.compile(r"^report\d{13}\.(csv|xlsx)$", re.IGNORECASE)),
    ("salesforce", re.compile(r"_extract\.csv$", re.IGNORECASE)),
    ("salesforce", re.compile(r"^(Account|Opportunity|OpportunityHistory|User|Contact)\.csv$")),
    ("hubspot", re.compile(r"^hubspot-", re.IGNORECASE)),
)
_PIPEDRIVE_NAME = re.compile(
    r"^(deals|organizations|people|activities|notes|leads|products)-\d+-\d+\.(csv|xlsx)$",
    re.IGNORECASE,
)
# Headers only one CRM writes.
_HEADER_HINTS = (
    ("pipedrive", re.compile(r"(^|[,;\t\"])(Deal|Organization|Person|Activity) - ")),
    ("hubspot", re.compile(r"Associated Company IDs|\bRecord ID\b.*\b(Deal Stage|Company name)")),
    ("salesforce", re.compile(r"\b(StageName|AccountId|OWNER\.EMAIL|Opportunity Owner)\b")),
)
_LOOKED_AT = 400  # files inside a folder or ZIP looked at for a guess


def droppable(path: Path) -> bool:
    """Return whether `path` is something the import wizard takes (a folder or an export file)."""
    return path.is_dir() or path.suffix.lower() in DROPPABLE_SUFFIXES


def _names(path: Path) -> list[str]:
    """Return the file names `path` holds: its own, a folder's files, a ZIP's members."""
    if path.is_dir():
        return [p.name for _, p in zip(range(_LOOKED_AT), path.rglob("*"), strict=False)]
    if path.suffix.lower() in ZIP_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as archive:
                members = archive.namelist()[:_LOOKED_AT]
        except (zipfile.BadZipFile, OSError):
            return [path.name]
        return [path.name, *(Path(m).name for m in members)]
    return [path.name]


def _first_line(path: Path) -> str:
    """Return the first line of a text file, however encoded ("" when it cannot be read)."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return ""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return ""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8-sig", errors="replace")
    return text.splitlines()[0] if text else ""


def guess_crm(paths: Iterable[Path]) -> str | None:
    """Return the CRM the export at `paths` plainly comes from, or None when nothing says so.

    Looks at the file names (a Salesforce `WE_…ZIP`, `report<epoch>.csv`, `hubspot-crm-exports-…`,
    Pipedrive's `deals-<company>-<n>.csv` with its `Deal - ` headers) and the first line of each
    text file; a mix, or nothing recognisable, gives None.
    """
    votes: dict[str, int] = {}
    for path in paths:
        path = Path(path)
        for name in _names(path):
            for crm, pattern in _NAME_HINTS:
                if pattern.search(name):
                    votes[crm] = votes.get(crm, 0) + 1
        files = (
            sorted(p for p in path.rglob("*") if p.is_file())[:_LOOKED_AT]
            if path.is_dir()
            else [path]
        )
        for file in files:
            line = _first_line(file)
            for crm, pattern in _HEADER_HINTS:
                if pattern.search(line):
                    votes[crm] = votes.get(crm, 0) + 2
            if _PIPEDRIVE_NAME.match(file.name) and votes.get("pipedrive"):
                votes["pipedrive"] += 1
    if not votes:
        return None
    best = max(votes.values())
    winners = [crm for crm, n in votes.items() if n == best]
    return winners[0] if len(winners) == 1 else None


# ----- the report in the app's words --------------------------------------------------------------

_CLI_WORDS = (
    (re.compile(r"say which with --date-order(?: \(?DMY or MDY\)?)?", re.IGNORECASE),
     "say which order they are in (the wizard asks)"),
    (re.compile(r"use --force to import this one anyway", re.IGNORECASE),
     "tick “Import anyway” to import this one"),
    (re.compile(r"\(--force\)"), "(Import anyway)"),
    (re.compile(r"set it with `fieldvisit pipeline --set \"[^\"]*\"` \(reordered\), or import "
                r"with `--stages \"A;B;C\"`\.", re.IGNORECASE),
     "change it in Settings › Pipeline stages."),
    (re.compile(r"\(or `fieldvisit import reps`\)"), "(or a reps file)"),
    (re.compile(r"`fieldvisit import (\w+) FILE\.csv`"), r"a \1 CSV file (Import, Ctrl+I)"),
)  # fmt: skip
# Notes the wizard's own pages answer: who the executives are, and the stage order.
_ANSWERED_BY_PAGES = ("--executives", "pipeline --set", "--stages")


def app_words(text: str) -> str:
    """Return a core message with its command-line hints replaced by what to do in the app."""
    for pattern, words in _CLI_WORDS:
        text = pattern.sub(words, text)
    return text[:1].upper() + text[1:] if text else text


def notes_for(report: CrmReport, *, pages_answer: bool) -> list[str]:
    """Return the report's notes in the app's words (without those the wizard's pages answer)."""
    shown = []
    for note in report.notes:
        if pages_answer and any(hint in note for hint in _ANSWERED_BY_PAGES):
            continue
        shown.append(app_words(note))
    return shown


def column_words(column: str) -> str:
    """Return a generic column's name as a person says it ("close_date" → "close date")."""
    return column.removesuffix("_id").removesuffix("_emails").replace("_", " ")


def problem_line(problem: Problem) -> str:
    """Return one cause of refusal on one line: where, how many rows, why, which rows."""
    where = (
        problem.file if not problem.column else f"{problem.file}, {column_words(problem.column)}"
    )
    cause = app_words(problem.cause)
    cause = cause[:1].lower() + cause[1:] if problem.count else cause
    if problem.count == 0:
        return f"{where}: {cause}"
    noun = "row" if problem.count == 1 else "rows"
    example = next((e for e in problem.examples if e and e not in problem.cause), "")
    rows = ", ".join(str(r) for r in problem.rows)
    more = (
        f" and {problem.count - len(problem.rows)} more"
        if problem.count > len(problem.rows)
        else ""
    )
    shown = f" (e.g. {example!r})" if example else ""
    return f"{where}: {problem.count} {noun} {cause}{shown} — {noun} {rows}{more}"


def problem_lines(report: CrmReport) -> list[str]:
    """Return the report's problems, one line per cause, whole-file problems first."""
    ordered = sorted(report.problems, key=lambda p: (p.file, p.count != 0))
    return [problem_line(p) for p in ordered if not asks_date_order_cause(p.cause)]


def asks_date_order_cause(cause: str) -> bool:
    """Return whether a problem asks whether dates are day-first or month-first."""
    return "--date-order" in cause or "day/month or month/day" in cause


def asks_date_order(report: CrmReport) -> str | None:
    """Return the example date of a day/month question the reader raised, or None."""
    for problem in report.problems:
        if asks_date_order_cause(problem.cause):
            quoted = re.search(r"'([^']+)'", problem.cause)
            return quoted.group(1) if quoted else (problem.examples or [""])[0]
    return None


def is_older_refusal(report: CrmReport) -> bool:
    """Return whether the export was refused only for being older than the workspace's data."""
    return bool(report.refused) and not report.problems


_NOUNS = {
    "executives": ("executive", "executives"),
    "reps": ("sales rep", "sales reps"),
    "accounts": ("account", "accounts"),
    "contacts": ("contact", "contacts"),
    "deals": ("deal", "deals"),
    "stage-history": ("stage entry", "stage entries"),
    "activities": ("activity", "activities"),
    "visits": ("visit", "visits"),
}
_HEADLINE_KINDS = ("deals", "accounts", "executives")


def kind_count(kind: str, n: int) -> str:
    """Return "30 deals", "1 stage entry"…"""
    one, many = _NOUNS.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


def changes_line(report: CrmReport) -> str:
    """Return the main things the import brings in: "30 deals, 12 accounts and 5 executives"."""
    shown = [kind_count(k.kind, k.rows) for name in _HEADLINE_KINDS for k in report.kinds
             if k.kind == name]  # fmt: skip
    rest = len(report.kinds) - len(shown)
    if rest > 0:
        shown.append("more")
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0] if shown else ""


def because_words(because: str) -> str:
    """Return why someone is an executive as the app says it ("from the title 'CEO'")."""
    if because.startswith("title "):
        return f"from the {because}"
    if because == "declared":
        return "as you said"
    return because
