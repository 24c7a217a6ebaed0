"""How long This week's background work takes, against one raw SQL query timed in the same run.

The page's refresh runs two worker tasks, one after the other: the suggestions (`load_suggested`,
the cards and the held-back count, from one `suggestion_board`) and the side column (`load_side`:
debriefs owed, upcoming visits, trips). This calls the same two functions on one connection, as
the page's tasks do, `--runs` times, taking turns with the baseline: one raw SQL query of every
open strategic deal's signals (`bench_planning.RAW_SQL`) in a plain `sqlite3` connection. The
figure is the ratio of the medians, in process, warm (one untimed round first). Without --db it
uses (and once builds) the medium demo at benchmarks/data/medium.fieldvisit; figures are added to
benchmarks/results/week.json by workspace name.

    python -m benchmarks.bench_week [--db PATH] [--as-of 2026-11-25] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "medium.fieldvisit"
RESULTS = HERE / "results" / "week.json"
AS_OF = "2026-11-25"
LIMIT = 8  # the cards This week shows at first (fieldvisit.ui.pages.week.FIRST_CARDS)


def _raw(db: Path, as_of: date) -> float:
    from benchmarks.bench_planning import RAW_SQL, _raw_params

    started = time.perf_counter()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        con.execute(RAW_SQL, _raw_params(as_of)).fetchall()
    finally:
        con.close()
    return time.perf_counter() - started


def _week(ws: Any, as_of: date, limit: int) -> tuple[float, float]:
    """Return the seconds of the page's two tasks (suggestions, side column)."""
    from fieldvisit.settings import load_rules
    from fieldvisit.ui.pages.week_sections import load_side, load_suggested

    started = time.perf_counter()
    with ws.connect() as conn:
        load_suggested(conn, as_of, load_rules(conn), limit)
    middle = time.perf_counter()
    with ws.connect() as conn:
        load_side(conn, as_of, load_rules(conn))
    return middle - started, time.perf_counter() - middle


def measure(db: Path, as_of: date, runs: int, limit: int = LIMIT) -> dict[str, Any]:
    """Return the medians (seconds) and the ratio of the week's work to the raw query."""
    from fieldvisit.store.opening import open_workspace

    ws = open_workspace(db)
    try:
        _raw(db, as_of), _week(ws, as_of, limit)  # warm both
        raw, first, side = [], [], []
        for _ in range(runs):
            raw.append(_raw(db, as_of))
            a, b = _week(ws, as_of, limit)
            first.append(a)
            side.append(b)
    finally:
        ws.close()
    total = [a + b for a, b in zip(first, side, strict=True)]
    med = statistics.median
    return {
        "workspace": db.name,
        "as_of": as_of.isoformat(),
        "runs": runs,
        "raw_sql_s": round(med(raw), 3),
        "suggestions_task_s": round(med(first), 3),
        "side_task_s": round(med(side), 3),
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
        f"{result['side_task_s']:.3f} s) = {result['ratio']:.2f}× one raw SQL query "
        f"({result['raw_sql_s']:.3f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
