"""How fast the planning engine answers on the large demo, against one raw SQL query.

Each operation runs in its own child process (so its peak memory is its own and nothing is warm
from another measurement), three times; the figures are the median and the best of the three,
as wall-clock and CPU seconds. "first" is the first call in the process (the stage limits learned
from history included), "again" a second call on the same connection.

The reference is a single hand-written SQL query on the same file that computes the same stall and
risk signals for every open strategic deal (learned stage limits included) and returns the stalled
ones; the engine's `stalled_deals` must find exactly the same deals. Figures go to
benchmarks/results/planning.json. Aims: `suggest` and `coverage` well under 1 s, within 2x of raw.

    python -m benchmarks.bench_planning [--db benchmarks/data/large.fieldvisit] [--as-of 2026-11-22]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "large.fieldvisit"
RESULTS = HERE / "results" / "planning.json"
AS_OF = "2026-11-22"
RUNS = 3
AIM_SECONDS = 1.0
AIM_RATIO = 2.0
OPERATIONS = ("raw_sql", "stalled_deals", "suggest_top50", "suggest_all", "coverage")

# The reference: every signal of PRODUCT.md "Stall rules" in one statement.
RAW_SQL = """
WITH stays AS (
    SELECT sc.stage AS stage,
           julianday(LEAD(sc.entered_on) OVER (PARTITION BY sc.deal_id
                                               ORDER BY sc.entered_on, sc.stage))
             - julianday(sc.entered_on) AS days
    FROM deal d JOIN stage_change sc ON sc.deal_id = d.id
    WHERE d.status IN ('won', 'lost') AND sc.entered_on <= :as_of
),
ranked AS (
    SELECT stage, days, ROW_NUMBER() OVER (PARTITION BY stage ORDER BY days) AS rn,
           COUNT(*) OVER (PARTITION BY stage) AS n
    FROM stays WHERE days IS NOT NULL
),
limits AS (
    SELECT stage, CASE WHEN MAX(n) >= 10 THEN MAX(1.5 * AVG(days), 1) END AS lim
    FROM ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY stage
),
deals AS (
    SELECT d.id, d.stage, d.close_date, d.created_on, d.account_id,
           COALESCE(d.stage_entered_on, d.created_on) AS entered
    FROM deal d
    WHERE +d.status = 'open'
      AND (d.strategic = 1 OR d.amount >= 100000
           OR d.account_id IN (SELECT id FROM account WHERE tier = 'strategic'))
),
f AS (
    SELECT dl.*,
      (SELECT MAX(x.occurred_on) FROM activity x
        WHERE x.deal_id = dl.id AND x.occurred_on <= :as_of) AS last_act,
      (SELECT MAX(substr(v.start, 1, 10)) FROM visit v
        WHERE v.deal_id = dl.id AND +v.status = 'done' AND v.start < :end) AS last_visit,
      (SELECT COUNT(*) FROM close_date_change c
        WHERE c.deal_id = dl.id AND c.new_date > c.old_date AND c.changed_on <= :as_of) AS pushes,
      (SELECT MAX(substr(v.start, 1, 10)) FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id
        WHERE v.account_id = dl.account_id AND +v.status = 'done' AND v.start < :end) AS last_exec,
      (SELECT COUNT(DISTINCT e.contact_id) FROM (
          SELECT ac.contact_id AS contact_id FROM activity x
          JOIN activity_contact ac ON ac.activity_id = x.id
          WHERE x.deal_id = dl.id AND x.occurred_on >= :single_lo AND x.occurred_on <= :as_of
          UNION ALL
          SELECT vc.contact_id FROM visit v JOIN visit_contact vc ON vc.visit_id = v.id
          WHERE v.deal_id = dl.id AND +v.status = 'done' AND v.start >= :single_lo_ts
            AND v.start < :end) e) AS contacts,
      (SELECT MAX(c.decision_maker) FROM (
          SELECT ac.contact_id AS contact_id FROM activity x
          JOIN activity_contact ac ON ac.activity_id = x.id
          WHERE x.deal_id = dl.id AND x.occurred_on >= :dm_lo AND x.occurred_on <= :as_of
          UNION ALL
          SELECT vc.contact_id FROM visit v JOIN visit_contact vc ON vc.visit_id = v.id
          WHERE v.deal_id = dl.id AND +v.status = 'done' AND v.start >= :dm_lo_ts
            AND v.start < :end) e JOIN contact c ON c.id = e.contact_id) AS dm
    FROM deals dl
),
flags AS (
    SELECT f.id,
      julianday(:as_of) - julianday(f.entered) > COALESCE(l.lim, 30) AS stage_age,
      COALESCE(julianday(:as_of) - julianday(COALESCE(
          NULLIF(MAX(COALESCE(f.last_act, ''), COALESCE(f.last_visit, '')), ''),
          f.created_on, f.entered)), 1e9) >= 21 AS idle,
      f.pushes >= 2 OR f.close_date < :as_of AS close_slipped,
      COALESCE(f.contacts, 0) <= 1 AS single_threaded,
      COALESCE(f.dm, 0) = 0 AS no_decision_maker,
      f.last_exec IS NULL OR julianday(:as_of) - julianday(f.last_exec) >= 90 AS no_exec_touch
    FROM f LEFT JOIN limits l ON l.stage = f.stage
)
SELECT id, stage_age, idle, close_slipped, single_threaded, no_decision_maker, no_exec_touch
FROM flags WHERE stage_age OR idle OR close_slipped
"""


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def raw_sql_seconds(db: Path, as_of: date) -> float:
    """Time `RAW_SQL` once on a plain read-only `sqlite3` connection: the shared baseline."""
    started = time.perf_counter()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        con.execute(RAW_SQL, _raw_params(as_of)).fetchall()
    finally:
        con.close()
    return time.perf_counter() - started


def _raw_params(as_of: date) -> dict[str, str]:
    def first(days: int) -> date:
        return as_of - timedelta(days=days - 1)

    return {
        "as_of": as_of.isoformat(),
        "end": f"{(as_of + timedelta(days=1)).isoformat()} 00:00:00",
        "single_lo": first(90).isoformat(),
        "single_lo_ts": f"{first(90).isoformat()} 00:00:00",
        "dm_lo": first(60).isoformat(),
        "dm_lo_ts": f"{first(60).isoformat()} 00:00:00",
    }


def child(op: str, db: Path, as_of_text: str) -> None:
    """Run one operation twice in this process; print its figures as JSON on stdout."""
    as_of = date.fromisoformat(as_of_text)
    figures: dict[str, Any] = {"op": op}
    if op == "raw_sql":
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        figures["rss_before_mib"] = _peak_rss_mib()
        for label in ("first", "again"):
            wall, cpu = time.perf_counter(), time.process_time()
            rows = con.execute(RAW_SQL, _raw_params(as_of)).fetchall()
            figures[label] = {
                "wall_s": time.perf_counter() - wall,
                "cpu_s": time.process_time() - cpu,
            }
        figures["n"] = len(rows)
        figures["deal_pks"] = sorted(r[0] for r in rows)
        figures["peak_rss_mib"] = _peak_rss_mib()
        print(json.dumps(figures))
        return

    from fieldvisit import planning
    from fieldvisit.settings import load_rules
    from fieldvisit.store import open_workspace

    calls = {
        "stalled_deals": lambda c, r: planning.stalled_deals(c, as_of, r),
        "suggest_top50": lambda c, r: planning.suggest_visits(c, as_of, r, limit=50),
        "suggest_all": lambda c, r: planning.suggest_visits(c, as_of, r),
        "coverage": lambda c, r: planning.coverage(c, as_of, r),
    }
    ws = open_workspace(db, migrate=False)
    with ws.connect() as conn:
        rules = load_rules(conn)
        figures["rss_before_mib"] = _peak_rss_mib()
        for label in ("first", "again"):
            wall, cpu = time.perf_counter(), time.process_time()
            result = calls[op](conn, rules)
            figures[label] = {
                "wall_s": time.perf_counter() - wall,
                "cpu_s": time.process_time() - cpu,
            }
    ws.close()
    if isinstance(result, list):
        figures["n"] = len(result)
        if op == "stalled_deals":
            figures["deal_pks"] = sorted(d.deal_pk for d in result)
    else:
        figures["n"] = len(result.strategic_accounts)
    figures["peak_rss_mib"] = _peak_rss_mib()
    print(json.dumps(figures))


def _measure(op: str, db: Path, as_of: str) -> dict[str, Any]:
    runs = []
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_planning", "--child", op, str(db), as_of],
            capture_output=True,
            text=True,
            cwd=HERE.parent,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    out: dict[str, Any] = {"n": runs[0]["n"]}
    for label in ("first", "again"):
        for unit in ("wall_s", "cpu_s"):
            values = [r[label][unit] for r in runs]
            out[f"{label}_{unit}_median"] = round(statistics.median(values), 3)
            out[f"{label}_{unit}_best"] = round(min(values), 3)
    out["peak_rss_mib"] = round(max(r["peak_rss_mib"] for r in runs))
    out["rss_before_op_mib"] = round(max(r["rss_before_mib"] for r in runs))
    if "deal_pks" in runs[0]:
        out["deal_pks"] = runs[0]["deal_pks"]
    return out


def _ensure_data(db: Path, as_of: str) -> None:
    if db.exists():
        return
    print(f"generating the large demo at {db} (once)…", flush=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(db), "demo", "--size", "large",
         "--as-of", as_of],
        check=True,
        cwd=HERE.parent,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Measure every operation; write benchmarks/results/planning.json; return 0 when done."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, default=DATA)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--child", nargs=3, metavar=("OP", "DB", "AS_OF"), help=argparse.SUPPRESS)
    args = parser.parse_args(
        argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else []
    )
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2])
        return 0
    _ensure_data(args.db, args.as_of)
    ops = {op: _measure(op, args.db, args.as_of) for op in OPERATIONS}
    raw = ops["raw_sql"]
    same = ops["stalled_deals"].pop("deal_pks") == raw.pop("deal_pks")
    ref = raw["first_cpu_s_median"]
    ratios = {
        op: round(ops[op]["first_cpu_s_median"] / ref, 2) if ref else None
        for op in OPERATIONS
        if op != "raw_sql"
    }
    report = {
        "benchmark": "planning",
        "workspace": str(args.db.relative_to(HERE.parent))
        if args.db.is_relative_to(HERE.parent)
        else args.db.name,
        "as_of": args.as_of,
        "runs_per_operation": RUNS,
        "operations": ops,
        "ratio_first_cpu_to_raw_sql": ratios,
        "stalled_deals_match_raw_sql": same,
        "aim": {"seconds": AIM_SECONDS, "ratio": AIM_RATIO},
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tmp.replace(RESULTS)
    for op, fig in ops.items():
        print(
            f"{op:14s} n={fig['n']:>6}  first {fig['first_wall_s_median']:.3f}s wall "
            f"{fig['first_cpu_s_median']:.3f}s cpu  again {fig['again_cpu_s_median']:.3f}s cpu  "
            f"peak {fig['peak_rss_mib']} MiB  x raw {ratios.get(op, 1.0)}"
        )
    print(
        f"stalled deals identical to the raw SQL: {same}; figures in {RESULTS.relative_to(HERE.parent)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
