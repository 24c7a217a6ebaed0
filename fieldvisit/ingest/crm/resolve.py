"""References a CRM export gives by name (Pipedrive's organizations, a report without id columns),
resolved to ids against the export's own records and the workspace.

A name matches exactly, case- and space-blind. One candidate: its id goes into the record. None,
or several, is a problem naming the candidates with what tells them apart ("'Atlas Maschinenbau
GmbH' is two accounts: Stuttgart, Germany (001…) and Linz, Austria (001…)") and how to fix it.
Where a deal or contact name is ambiguous, the record's own account narrows it down.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from fieldvisit.ingest.crm.batch import Batch, Problems, Record
from fieldvisit.ingest.crm.people import fold

# kind → [(column, kind it names)], resolved in this order (accounts first: they narrow the rest)
NAMED: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts": (("account_id", "accounts"),),
    "deals": (("account_id", "accounts"),),
    "stage-history": (("deal_id", "deals"),),
    "activities": (("account_id", "accounts"), ("deal_id", "deals"), ("contact_ids", "contacts")),
    "visits": (("account_id", "accounts"), ("deal_id", "deals"), ("contact_ids", "contacts")),
}
_KEYS = {"accounts": "account_id", "deals": "deal_id", "contacts": "contact_id"}
_WORDS = {"accounts": ("account", "Account ID"), "deals": ("deal", "Opportunity or Deal ID"),
          "contacts": ("contact", "Contact ID")}  # fmt: skip
_NUMBERS = {2: "two", 3: "three", 4: "four"}
_WORKSPACE_SQL = {
    "accounts": "SELECT external_id, name, city, country, NULL FROM account",
    "deals": "SELECT d.external_id, d.name, a.name, NULL, a.external_id FROM deal d "
    "JOIN account a ON a.id = d.account_id",
    "contacts": "SELECT c.external_id, c.name, a.name, NULL, a.external_id FROM contact c "
    "JOIN account a ON a.id = c.account_id",
}


@dataclass(frozen=True)
class Candidate:
    """A record a name may stand for: its id and what tells it apart from its namesakes."""

    key: str
    label: str  # "Stuttgart, Germany" or "at Atlas Maschinenbau GmbH"
    account: str  # the account id of a deal or contact ("" for accounts)


def _index(
    kind: str, batch: Batch, conn: Connection, names: dict[str, str]
) -> dict[str, list[Candidate]]:
    """Return folded name → candidates: the batch's records over the workspace's rows."""
    key = _KEYS[kind]
    found: dict[str, dict[str, Candidate]] = {}
    for ext, name, where, country, account in conn.exec_driver_sql(_WORKSPACE_SQL[kind]).all():
        label = ", ".join(x for x in (where, country) if x) if kind == "accounts" else f"at {where}"
        found.setdefault(fold(name), {})[ext] = Candidate(ext, label, account or "")
    for i, record in enumerate(batch.records.get(kind, [])):
        ext, name = record.values.get(key, ""), record.values.get("name", "")
        if not name:
            continue
        if kind == "accounts":
            label = ", ".join(
                x for x in (record.values.get("city"), record.values.get("country")) if x
            )
            account = ""
        else:
            account = record.values.get("account_id", "")
            label = f"at {names.get(account) or record.by_name.get('account_id') or account}"
        # A record the export gives without its id still tells namesakes apart.
        found.setdefault(fold(name), {})[ext or f"#{i}"] = Candidate(ext, label, account)
    return {name: list(c.values()) for name, c in found.items()}


def resolve_names(batch: Batch, conn: Connection, problems: Problems, refused: set[int]) -> None:
    """Put the id of every record named in `by_name` into `values`, or report why not."""
    groups = {**batch.records, "close-moves": batch.close_moves}
    named = {**NAMED, "close-moves": (("deal_id", "deals"),)}
    wanted = {target for kind, cols in named.items() for col, target in cols
              if any(col in r.by_name for r in groups.get(kind, []))}  # fmt: skip
    account_names = {
        r.values.get("account_id", ""): r.values.get("name", "")
        for r in batch.records.get("accounts", [])
    }
    indexes: dict[str, dict[str, list[Candidate]]] = {}
    for kind, columns in named.items():
        for column, target in columns:
            if target not in wanted:
                continue
            if target not in indexes:
                indexes[target] = _index(target, batch, conn, account_names)
            for record in groups.get(kind, []):
                if column in record.by_name:
                    _resolve(record, column, target, indexes[target], problems, refused)


def _resolve(
    record: Record,
    column: str,
    target: str,
    index: dict[str, list[Candidate]],
    problems: Problems,
    refused: set[int],
) -> None:
    raw = record.by_name.pop(column)
    names = [n.strip() for n in raw.split(";") if n.strip()] if column == "contact_ids" else [raw]
    ids: list[str] = []
    for name in names:
        candidates = index.get(fold(name), [])
        account = record.values.get("account_id", "")
        if len(candidates) > 1 and account:
            candidates = [c for c in candidates if c.account == account] or candidates
        if len(candidates) == 1 and candidates[0].key:
            ids.append(candidates[0].key)
            continue
        if len(candidates) == 1:
            # It names a record the export gives without an id: that record's own problem
            # (no id) says what to do; repeating it for every row pointing at it would not.
            refused.add(id(record))
            return
        word, id_column = _WORDS[target]
        if not candidates:
            cause = f"name {name!r}, which is no {word} in this export or the workspace"
        else:
            count = _NUMBERS.get(len(candidates), str(len(candidates)))
            shown = [f"{c.label} ({c.key})" if c.key else c.label for c in candidates]
            cause = (
                f"name {name!r}, which is {count} {word}s: {', '.join(shown[:-1])} and "
                f"{shown[-1]}; add the {id_column} column to the export"
            )
        problems.add(record.origin, column, cause, name)
        refused.add(id(record))
        return
    record.values[column] = ";".join(ids)
