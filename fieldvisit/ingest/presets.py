"""CRM export presets: which export header feeds which generic column, and value translations.

Each preset turns a row of a CRM's own export into a row of the generic format, so validation and
writing are the same for every file. docs/import.md lists every mapping for users.
Header names are compared lower-cased and trimmed; the first candidate present in the file wins.
A generic column name present in the file is used too (e.g. a `strategic` or `tier` column added
to a Salesforce report).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.kinds import Kind

_TRUE = frozenset({"true", "1", "yes", "y"})
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\Z")
_SLASH_ISO = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})\Z")
_ISO_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?\Z")
_PIPELINE_SUFFIX = re.compile(r"\s*\([^()]*pipeline\)\s*\Z", re.IGNORECASE)


@dataclass(frozen=True)
class KindMap:
    """How one CRM export of one kind maps onto the generic columns.

    `columns` maps a generic column (or a helper starting with `_`) to export headers;
    `dates` are exported as dates or date-times and stored as the date; `first_of` may list
    several ids (the first is the primary one); `values` translates export values;
    `skip` gives a reason to leave a row out (e.g. a deleted deal).
    """

    columns: dict[str, tuple[str, ...]]
    dates: frozenset[str] = frozenset()
    first_of: frozenset[str] = frozenset()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    us_dates: bool = False
    skip: Callable[[dict[str, str]], str | None] | None = None
    clean_stage: bool = False


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    kinds: dict[str, KindMap]


@dataclass
class Layout:
    """How to read a file's rows as generic rows.

    `columns` are the generic names of the cells `convert` returns (or of the file's own cells
    when `convert` is None); `labels` give each generic column's header as the file spells it.
    """

    columns: list[str]
    labels: dict[str, str]
    ignored: list[str]
    convert: Callable[[list[str]], list[str] | str] | None = None
    repeated: list[str] = field(default_factory=list)


def normalize_header(name: str) -> str:
    """Return a generic column name as typed in any case, with spaces or hyphens."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def _truthy(value: str) -> bool:
    return value.strip().lower() in _TRUE


def _deleted(src: dict[str, str]) -> str | None:
    if src.get("status", "").strip().lower() == "deleted":
        return "a deleted deal; left out"
    return None


_HUBSPOT_STAGES = {
    "appointmentscheduled": "Appointment Scheduled",
    "qualifiedtobuy": "Qualified To Buy",
    "presentationscheduled": "Presentation Scheduled",
    "decisionmakerboughtin": "Decision Maker Bought-In",
    "contractsent": "Contract Sent",
    "closedwon": "Closed Won",
    "closedlost": "Closed Lost",
}

PRESETS: dict[str, Preset] = {
    "salesforce": Preset(
        "salesforce",
        "Salesforce (report export or Data Loader)",
        {
            "deals": KindMap(
                {
                    "deal_id": ("opportunity id", "id"),
                    "account_id": ("account id", "accountid"),
                    "name": ("opportunity name", "name"),
                    "owner_email": (
                        "owner email",
                        "opportunity owner: email",
                        "opportunity owner email",
                        "owner.email",
                        "opportunity owner",
                    ),
                    "stage": ("stage", "stagename"),
                    "amount": ("amount",),
                    "currency": ("opportunity currency", "amount currency", "currencyisocode"),
                    "created_on": ("created date", "createddate"),
                    "stage_entered_on": ("last stage change date", "laststagechangedate"),
                    "close_date": ("close date", "closedate"),
                    "_closed": ("closed", "isclosed"),
                    "_won": ("won", "iswon"),
                },
                dates=frozenset({"created_on", "stage_entered_on", "close_date"}),
                us_dates=True,
            ),
            "accounts": KindMap(
                {
                    "account_id": ("account id", "id"),
                    "name": ("account name", "name"),
                    "industry": ("industry",),
                    "city": ("billing city", "billingcity", "shipping city"),
                    "country": ("billing country", "billingcountry", "shipping country"),
                    "owner_email": (
                        "account owner email",
                        "account owner: email",
                        "owner.email",
                        "account owner",
                    ),
                }
            ),
            "contacts": KindMap(
                {
                    "contact_id": ("contact id", "id"),
                    "account_id": ("account id", "accountid"),
                    "name": ("full name", "name", "contact name"),
                    "_first": ("first name", "firstname"),
                    "_last": ("last name", "lastname"),
                    "title": ("title",),
                    "email": ("email",),
                }
            ),
        },
    ),
    "hubspot": Preset(
        "hubspot",
        "HubSpot (export of a deals, companies or contacts view)",
        {
            "deals": KindMap(
                {
                    "deal_id": ("record id", "deal id"),
                    "account_id": (
                        "associated company ids",
                        "associated company id",
                        "associated company ids (primary)",
                    ),
                    "name": ("deal name",),
                    "owner_email": ("deal owner email", "deal owner"),
                    "stage": ("deal stage",),
                    "amount": ("amount",),
                    "currency": ("currency", "deal currency code"),
                    "created_on": ("create date",),
                    "close_date": ("close date",),
                },
                dates=frozenset({"created_on", "close_date"}),
                first_of=frozenset({"account_id"}),
                values={"stage": _HUBSPOT_STAGES},
                clean_stage=True,
            ),
            "accounts": KindMap(
                {
                    "account_id": ("record id", "company id"),
                    "name": ("company name", "name"),
                    "industry": ("industry",),
                    "city": ("city",),
                    "country": ("country/region", "country"),
                    "owner_email": ("company owner email", "company owner"),
                }
            ),
            "contacts": KindMap(
                {
                    "contact_id": ("record id", "contact id"),
                    "account_id": (
                        "associated company ids",
                        "associated company id",
                        "primary associated company id",
                    ),
                    "_first": ("first name",),
                    "_last": ("last name",),
                    "title": ("job title",),
                    "email": ("email",),
                },
                first_of=frozenset({"account_id"}),
            ),
        },
    ),
    "pipedrive": Preset(
        "pipedrive",
        "Pipedrive (Export data → deals, organizations or people)",
        {
            "deals": KindMap(
                {
                    "deal_id": ("deal - id",),
                    "account_id": ("organization - id", "deal - organization id"),
                    "name": ("deal - title",),
                    "owner_email": ("deal - owner email", "deal - owner"),
                    "stage": ("deal - stage",),
                    "amount": ("deal - value",),
                    "currency": ("deal - currency",),
                    "created_on": ("deal - deal created", "deal - add time"),
                    "stage_entered_on": ("deal - last stage change",),
                    "close_date": ("deal - expected close date",),
                    "status": ("deal - status",),
                },
                dates=frozenset({"created_on", "stage_entered_on", "close_date"}),
                skip=_deleted,
            ),
            "accounts": KindMap(
                {
                    "account_id": ("organization - id",),
                    "name": ("organization - name",),
                    "industry": ("organization - industry",),
                    "city": (
                        "organization - city/town of address",
                        "organization - address - city/town",
                    ),
                    "country": (
                        "organization - country of address",
                        "organization - address - country",
                    ),
                    "owner_email": ("organization - owner email", "organization - owner"),
                }
            ),
            "contacts": KindMap(
                {
                    "contact_id": ("person - id",),
                    "account_id": ("organization - id", "person - organization id"),
                    "name": ("person - name",),
                    "_first": ("person - first name",),
                    "_last": ("person - last name",),
                    "title": ("person - job title",),
                    "email": ("person - email - work", "person - email"),
                },
                first_of=frozenset({"email"}),
            ),
        },
    ),
}

PRESET_NAMES = ("generic", *PRESETS)


def export_date(value: str, us_dates: bool) -> str:
    """Return an export's date or date-time as an ISO date; anything else unchanged.

    Date-times keep their date as written (the export's own time zone). `us_dates` reads
    M/D/YYYY, Salesforce's export format for the default en_US locale.
    """
    if _ISO_PREFIX.match(value):
        return value[:10]
    if m := _SLASH_ISO.match(value):
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    if us_dates and (m := _US_DATE.match(value.split(" ")[0])) and int(m[1]) <= 12:
        return f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}"
    return value


def _first(value: str) -> str:
    for part in re.split(r"[;,]", value):
        if part.strip():
            return part.strip()
    return ""


def headers_for(preset: str, kind: Kind, column: str) -> tuple[str, ...]:
    """Return the export headers a preset reads a generic column from (lower-case)."""
    found = PRESETS.get(preset)
    kmap = found.kinds.get(kind.name) if found else None
    if kmap is None:
        return ()
    if column == "name" and "_first" in kmap.columns:
        return (*kmap.columns.get("name", ()), *kmap.columns["_first"])
    if column == "status" and "_closed" in kmap.columns:
        return (*kmap.columns.get("status", ()), *kmap.columns["_closed"])
    return kmap.columns.get(column, ())


def layout_for(preset: str, kind: Kind, header: list[str]) -> Layout:
    """Return how to read rows of a file with this header as generic rows of `kind`."""
    if preset == "generic":
        return _generic_layout(kind, header)
    found = PRESETS.get(preset)
    if found is None:
        raise ImportProblem(f"{preset!r} is not a preset; use one of {', '.join(PRESET_NAMES)}.")
    kmap = found.kinds.get(kind.name)
    if kmap is None:
        readable = ", ".join(found.kinds)
        raise ImportProblem(
            f"The {preset} preset reads {readable} exports; "
            f"import {kind.name} with the generic format (--preset generic)."
        )
    return _preset_layout(kmap, kind, header)


def _generic_layout(kind: Kind, header: list[str]) -> Layout:
    known = {c.name for c in kind.columns}
    columns: list[str] = []
    labels: dict[str, str] = {}
    ignored: list[str] = []
    repeated: list[str] = []
    for cell in header:
        name = normalize_header(cell)
        if name in known and name in labels:
            repeated.append(cell.strip())
            columns.append("")
        elif name in known:
            labels[name] = cell.strip()
            columns.append(name)
        else:
            columns.append("")
            if cell.strip():
                ignored.append(cell.strip())
    return Layout(columns, labels, ignored, repeated=repeated)


def _preset_layout(kmap: KindMap, kind: Kind, header: list[str]) -> Layout:
    lowered = [cell.strip().lower() for cell in header]
    plan: dict[str, int] = {}
    labels: dict[str, str] = {}
    for target, candidates in kmap.columns.items():
        for candidate in candidates:
            if candidate in lowered:
                plan[target] = lowered.index(candidate)
                labels[target] = header[plan[target]].strip()
                break
    known = {c.name for c in kind.columns}
    for i, cell in enumerate(header):
        name = normalize_header(cell)
        if name in known and name not in plan and i not in plan.values():
            plan[name] = i
            labels[name] = cell.strip()
    used = set(plan.values())
    alternates = {c for cands in kmap.columns.values() for c in cands}
    ignored = [
        cell.strip()
        for i, cell in enumerate(header)
        if i not in used and cell.strip() and lowered[i] not in alternates
    ]
    if "_first" in plan or "_last" in plan:
        labels.setdefault("name", " + ".join(labels[k] for k in ("_first", "_last") if k in plan))
    if "_closed" in plan:
        labels.setdefault("status", labels["_closed"])
    columns = [name for name in kind_columns(kind) if name in labels]
    return Layout(columns, labels, ignored, _converter(kmap, plan, columns))


def kind_columns(kind: Kind) -> list[str]:
    return [c.name for c in kind.columns]


def _converter(
    kmap: KindMap, plan: dict[str, int], columns: list[str]
) -> Callable[[list[str]], list[str] | str]:
    items = list(plan.items())

    def convert(cells: list[str]) -> list[str] | str:
        width = len(cells)
        src = {name: (cells[i].strip() if i < width else "") for name, i in items}
        if kmap.skip is not None and (reason := kmap.skip(src)):
            return reason
        for name in kmap.first_of:
            if name in src:
                src[name] = _first(src[name])
        for name in kmap.dates:
            if src.get(name):
                src[name] = export_date(src[name], kmap.us_dates)
        if kmap.clean_stage and src.get("stage"):
            src["stage"] = _PIPELINE_SUFFIX.sub("", src["stage"])
        for name, mapping in kmap.values.items():
            if src.get(name):
                src[name] = mapping.get(src[name].lower(), src[name])
        if not src.get("name") and ("_first" in src or "_last" in src):
            src["name"] = f"{src.get('_first', '')} {src.get('_last', '')}".strip()
        if not src.get("status") and src.get("_closed"):
            closed = _truthy(src["_closed"])
            src["status"] = (
                ("won" if _truthy(src.get("_won", "")) else "lost") if closed else "open"
            )
        return [src.get(name, "") for name in columns]

    return convert
