"""Money in one currency: the workspace currency, conversion rates, and the strategic-size rule.

Deals keep their own currency (and show in it); only comparisons convert. `Rules.currency` is the
workspace currency and `Rules.currency_rates` says what one unit of another currency is worth in
it ("EUR": 1.08 when the workspace counts in USD). A deal without a currency is in the workspace
currency; a currency without a rate is compared as it stands, and `missing_rates` names it so the
app and the CLI can say so. This module owns the rule "a deal is big enough to be strategic" for
SQL and Python alike.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.settings import Rules

# The strategic threshold in the deal's own currency: the workspace threshold divided by the
# deal's rate, looked up in a small JSON object bound once per query.
BIG_DEAL_SQL = (
    "d.amount >= coalesce((SELECT {value} FROM {each} "
    "WHERE key = upper(coalesce(nullif(trim(d.currency), ''), :workspace_currency))), "
    ":strategic_amount)"
)


@cache
def big_deal_sql(engine: str) -> str:
    """Return `BIG_DEAL_SQL` for an engine ("sqlite" or "postgresql")."""
    if engine == "postgresql":
        each = "json_each_text(CAST(:strategic_by_currency AS json))"
        return BIG_DEAL_SQL.format(value="CAST(value AS double precision)", each=each)
    return BIG_DEAL_SQL.format(value="value", each="json_each(:strategic_by_currency)")


def code(currency: str | None, rules: Rules) -> str:
    """Return the upper-case code of a deal's currency (the workspace's when it has none)."""
    found = (currency or "").strip().upper()
    return found or rules.currency.strip().upper()


def rate(currency: str | None, rules: Rules) -> float | None:
    """Return what one unit of `currency` is worth in the workspace currency (None: no rate)."""
    wanted = code(currency, rules)
    if wanted == rules.currency.strip().upper():
        return 1.0
    for key, value in rules.currency_rates.items():
        if key.strip().upper() == wanted:
            return float(value)
    return None


def in_workspace_currency(amount: float | None, currency: str | None, rules: Rules) -> float | None:
    """Return `amount` converted into the workspace currency (as it stands when no rate)."""
    if amount is None:
        return None
    found = rate(currency, rules)
    return amount * (found if found is not None else 1.0)


def is_big(amount: float | None, currency: str | None, rules: Rules) -> bool:
    """Return whether a deal's amount reaches the strategic amount once converted."""
    converted = in_workspace_currency(amount, currency, rules)
    return converted is not None and converted >= rules.strategic_amount


def strategic_params(rules: Rules) -> dict[str, Any]:
    """Return the bound parameters `BIG_DEAL_SQL` needs."""
    home = rules.currency.strip().upper()
    by_currency = {
        key.strip().upper(): rules.strategic_amount / float(value)
        for key, value in rules.currency_rates.items()
        if float(value) > 0
    }
    by_currency[home] = rules.strategic_amount
    return {
        "strategic_amount": rules.strategic_amount,
        "strategic_by_currency": json.dumps(by_currency),
        "workspace_currency": home,
    }


def check_rates(currency: str, rates: dict[str, Any]) -> tuple[str, dict[str, float]]:
    """Return the workspace currency and rates cleaned up, or raise naming the bad entry."""
    home = currency.strip().upper()
    if len(home) != 3 or not home.isalpha():
        raise FieldVisitError(
            f"The workspace currency {currency!r} is not a three-letter code such as USD or EUR."
        )
    cleaned: dict[str, float] = {}
    for key, value in rates.items():
        name = str(key).strip().upper()
        if len(name) != 3 or not name.isalpha():
            raise FieldVisitError(f"The currency {key!r} is not a three-letter code such as EUR.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise FieldVisitError(f"The rate of {name} must be a number; got {value!r}.") from None
        if not number > 0:
            raise FieldVisitError(f"The rate of {name} must be above zero; got {value!r}.")
        if name != home:
            cleaned[name] = number
    return home, cleaned


def missing_rates(conn: Connection, rules: Rules) -> list[tuple[str, int]]:
    """Return (currency, open deals) for open deals in a currency without a rate."""
    rows = conn.execute(
        text(
            "SELECT upper(trim(currency)), count(*) FROM deal WHERE status = 'open' "
            "AND nullif(trim(currency), '') IS NOT NULL GROUP BY 1 ORDER BY 1"
        )
    ).all()
    return [(cur, n) for cur, n in rows if rate(cur, rules) is None]


def deal_currencies(conn: Connection) -> list[str]:
    """Return the currencies open deals are in (upper case, sorted)."""
    rows = conn.execute(
        text(
            "SELECT DISTINCT upper(trim(currency)) FROM deal WHERE status = 'open' "
            "AND nullif(trim(currency), '') IS NOT NULL ORDER BY 1"
        )
    )
    return [cur for (cur,) in rows]
