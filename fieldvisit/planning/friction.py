"""Field friction themes: what blocks the sales team, as executives saw it first-hand.

Each debrief can name friction categories (the workspace keeps the list in
`Rules.friction_categories`; debriefs may carry categories no longer on it) plus free text in
`debrief.field_friction`. A theme is a category's count over the period with its latest quotes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache

from sqlalchemy.engine import Connection

from fieldvisit.planning.periods import ts, ts_after, window_start
from fieldvisit.planning.results import FrictionQuote, FrictionTheme
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_named, dialect_of
from fieldvisit.store.driver_rows import fetch_rows as fetch_all
from fieldvisit.store.times import to_date

_COUNTS_SQL = """
SELECT df.category, COUNT(*)
FROM debrief_friction df JOIN debrief d ON d.id = df.debrief_id
WHERE d.written_at >= :lo AND d.written_at < :end
GROUP BY df.category
"""

_QUOTES_SQL = """
WITH ranked AS (
    SELECT df.category AS category, d.field_friction AS quote, d.written_at AS written_at,
           d.visit_id AS visit_pk,
           ROW_NUMBER() OVER (PARTITION BY df.category
                              ORDER BY d.written_at DESC, d.id DESC) AS n
    FROM debrief_friction df JOIN debrief d ON d.id = df.debrief_id
    WHERE d.written_at >= :lo AND d.written_at < :end AND trim(d.field_friction) <> ''
)
SELECT r.category, r.quote, r.written_at, v.external_id, a.name,
       {names}
FROM ranked r JOIN visit v ON v.id = r.visit_pk JOIN account a ON a.id = v.account_id
WHERE r.n <= :k
ORDER BY r.category, r.n
"""


@cache
def _quotes_sql(engine: str) -> str:
    names = dialect_named(engine).joined_in_order(
        "e.name",
        "; ",
        "visit_executive ve JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id",
        "e.name",
    )
    return _QUOTES_SQL.format(names=names)


def friction_themes(
    conn: Connection, as_of: date, rules: Rules, days: int = 180, quotes: int = 3
) -> list[FrictionTheme]:
    """Return friction categories named in debriefs of the last `days` days, most frequent first.

    Every category on the workspace's list appears (with 0 when not named); categories found
    in debriefs but not on the list follow with `known=False`.
    """
    lo = window_start(as_of, days)
    params = {"lo": ts(lo), "end": ts_after(as_of), "k": quotes}
    counts = {cat: n for cat, n in fetch_all(conn, _COUNTS_SQL, params)}
    found: dict[str, list[FrictionQuote]] = defaultdict(list)
    sql = _quotes_sql(dialect_of(conn).name)
    for category, quote, written, visit_id, account, names in fetch_all(conn, sql, params):
        day = to_date(written)
        assert day is not None
        execs = tuple(names.split("; ")) if names else ()
        found[category].append(FrictionQuote(quote.strip(), day, visit_id, account, execs))
    listed = list(dict.fromkeys(rules.friction_categories))
    order = {cat: i for i, cat in enumerate(listed)}
    extra = sorted(cat for cat in counts if cat not in order)
    themes = [
        FrictionTheme(cat, counts.get(cat, 0), tuple(found.get(cat, ())), cat in order)
        for cat in listed + extra
    ]
    themes.sort(key=lambda t: (-t.count, not t.known, order.get(t.category, 0), t.category))
    return themes
