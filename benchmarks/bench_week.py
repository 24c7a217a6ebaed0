"""How long This week's background work takes, against one raw SQL query timed in the same run.

The page's refresh runs three worker tasks: the suggestions (`load_suggested`, the cards and the
held-back count, from one `suggestion_board`) and, beside them, the side column (`load_side`
without add-ons: debriefs owed, upcoming visits, trips), then the trips' add-ons
(`load_add_ons`, after the cards). This calls the same three functions, each on its own
connection as the page's tasks do, `--runs` times, taking turns with the baseline: one raw SQL
query of every open strategic deal's signals (`bench_planning.RAW_SQL`) in a plain `sqlite3`
connection. The
figure is the ratio of the medians, in process, warm (one untimed round first). Without --db it
uses (and once builds) the medium demo at benchmarks/data/medium.fieldvisit; figures are added to
benchmarks/results/week.json by workspace name.

    python -m benchmarks.bench_week [--db PATH] [--as-of 2026-11-25] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.bench_planning import raw_sql_seconds

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "medium.fieldvisit"
RESULTS = HERE / "results" / "week.json"
AS_OF = "2026-11-25"
LIMIT = 8  # the cards This week shows at first (fieldvisit.ui.pages.week.FIRST_CARDS)


def _week(ws: Any, as_of: date, limit: int) -> tuple[float, float, float]:
    """Return the seconds of the page's three tasks (suggestions, side column, add-ons)."""
    from fieldvisit.reads.week_answers import load_add_ons, load_side, load_suggested
    from fieldvisit.settings import load_rules

    started = time.perf_counter()
    with ws.connect() as conn:
        load_suggested(conn, as_of, load_rules(conn), limit)
    first = time.perf_counter()
    with ws.connect() as conn:
        load_side(conn, as_of, load_rules(conn), with_add_ons=False)
    second = time.perf_counter()
    with ws.connect() as conn:
        load_add_ons(conn, as_of, load_rules(conn))
    return first - started, second - first, time.perf_counter() - second


def measure(db: Path, as_of: date, runs: int, limit: int = LIMIT) -> dict[str, Any]:
    """Return the medians (seconds) and the ratio of the week's work to the raw query."""
    from fieldvisit.store.opening import open_workspace

    ws = open_workspace(db)
    try:
        raw_sql_seconds(db, as_of), _week(ws, as_of, limit)  # warm both
        raw, first, side, add_ons = [], [], [], []
        for _ in range(runs):
            raw.append(raw_sql_seconds(db, as_of))
            a, b, c = _week(ws, as_of, limit)
            first.append(a)
            side.append(b)
            add_ons.append(c)
    finally:
        ws.close()
    total = [a + b + c for a, b, c in zip(first, side, add_ons, strict=True)]
    med = statistics.median
    return {
        "workspace": db.name,
        "as_of": as_of.isoformat(),
        "runs": runs,
        "raw_sql_s": round(med(raw), 3),
        "suggestions_task_s": round(med(first), 3),
        "side_task_s": round(med(side), 3),
        "add_ons_task_s": round(med(add_ons), 3),
        "week_s": round(med(total), 3),
        "ratio": round(med(total) / med(raw), 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the figures; return 0 (they are figures, not a pass/fail)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_week")
    parser.add_argument("--db", type=Path, default=None, help="a workspace (default: medium demo)")
    parser.add_argument("--as-of", default=AS_OF, help=f"the as-of date (default {AS_OF})")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv or [])  # `python -m benchmarks` calls main() bare
    db = args.db
    if db is None:
        from benchmarks.check_suggestions import _ensure_data

        db = DATA
        _ensure_data(db, args.as_of)
    result = measure(db, date.fromisoformat(args.as_of), args.runs)
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    saved[result["workspace"]] = result
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"This week on {result['workspace']} as of {result['as_of']} (median of {result['runs']}): "
        f"{result['week_s']:.3f} s (suggestions {result['suggestions_task_s']:.3f} s, side "
        f"column {result['side_task_s']:.3f} s, trips' add-ons {result['add_ons_task_s']:.3f} s)"
        f" = {result['ratio']:.2f}× one raw SQL query "
        f"({result['raw_sql_s']:.3f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
