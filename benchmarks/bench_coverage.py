"""How fast Coverage answers, in the app and on the command line, against baselines of the same run.

Two rows of issue 14, on each workspace given (small, medium and large demos):

- the Coverage page's time to content: from `show()` to the key figures, chart and heat map on
  screen (`content_s`), and to the strategic accounts and cadence as well (`all_s`), each the
  median of warm runs after a first one (`first_content_s`: imports and a cold read included),
  in a child process (offscreen). Baselines from the same child: an empty PySide6 window shown
  and painted (`empty_window_s`), and one raw SQL query of every strategic account's executive
  visits (`raw_sql_s`, `bench_cli.COVERAGE_SQL`);
- `coverage --json` as a whole process, against that raw SQL query in a plain `sqlite3` process
  (`bench_cli.measure`, runs taken in turn).

The exponent says how each grows with the activities (what the circle of influence reads) from
one size to the next: the slope of log(time) over log(activities), fitted over every size.
Figures go to benchmarks/results/coverage.json.

    python -m benchmarks.bench_coverage --db S.fv --db M.fv --db L.fv [--as-of 2026-06-15]
        [--runs 5] [--tree DIR: e.g. `git archive HEAD | tar -x -C DIR`, to compare before/after]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "coverage.json"
AS_OF = "2026-06-15"
AIMS_S = {"content_s": 0.5, "cli_s": 1.0}  # on the large demo (issue 14)


def _pump_until(app: Any, done: Any, limit_s: float = 120.0) -> float:
    started = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - started > limit_s:
            raise TimeoutError("the Coverage page did not finish in time")
    return time.perf_counter() - started


def _empty_window(app: Any) -> float:
    """Show an empty window and wait for its first paint."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    painted = [False]

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                painted[0] = True
            return False

    window = QWidget()
    window.resize(1280, 800)
    watcher = Painted(window)
    window.installEventFilter(watcher)
    started = time.perf_counter()
    window.show()
    _pump_until(app, lambda: painted[0])
    seconds = time.perf_counter() - started
    window.close()
    window.deleteLater()
    return seconds


def _raw_sql(db: Path, as_of: date) -> float:
    from benchmarks.bench_cli import COVERAGE_SQL
    from benchmarks.bench_planning import _raw_params

    started = time.perf_counter()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        params = {"end": _raw_params(as_of)["end"], "lo": f"{as_of.replace(day=1)} 00:00:00"}
        con.execute(COVERAGE_SQL, params).fetchall()
    finally:
        con.close()
    return time.perf_counter() - started


def child_page(db: Path, as_of_text: str, runs: int) -> None:
    """Time the Coverage page (first, then warm runs) and the baselines; print JSON."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from fieldvisit.store.opening import open_workspace
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.pages.coverage import CoveragePage

    as_of = date.fromisoformat(as_of_text)
    ws = open_workspace(db)
    ctx = AppContext(ws, as_of)

    def once() -> tuple[float, float]:
        page = CoveragePage(ctx)
        page.resize(1280, 800)
        started = time.perf_counter()
        page.show()
        content = _pump_until(app, lambda: page.covered_big.text() != "")
        _pump_until(app, lambda: not page.busy and not page.stale)
        done = time.perf_counter() - started
        page.close()
        page.deleteLater()
        app.processEvents()
        return content, done

    first, _ = once()
    content, whole, empty, raw = [], [], [], []
    for _ in range(runs):
        empty.append(_empty_window(app))
        raw.append(_raw_sql(db, as_of))
        a, b = once()
        content.append(a)
        whole.append(b)
    ctx.tasks.shutdown()
    ws.close()
    med = statistics.median
    print(
        json.dumps(
            {
                "first_content_s": round(first, 3),
                "content_s": round(med(content), 3),
                "all_s": round(med(whole), 3),
                "empty_window_s": round(med(empty), 4),
                "raw_sql_s": round(med(raw), 4),
            }
        )
    )


def _page(db: Path, as_of: str, runs: int, tree: Path) -> dict[str, Any]:
    path = os.pathsep.join(dict.fromkeys([str(tree), str(ROOT)]))  # fieldvisit from the tree
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_coverage", "--child", str(db), as_of, str(runs)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path},
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    found["content_ratio_raw_sql"] = round(found["content_s"] / found["raw_sql_s"], 1)
    found["content_ratio_empty_window"] = round(found["content_s"] / found["empty_window_s"], 1)
    return found


def _activities(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM activity").fetchone()[0])
    finally:
        con.close()


def exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """Return the least-squares slope of log(seconds) over log(size) (None below two sizes)."""
    points = [(math.log(n), math.log(s)) for n, s in zip(sizes, seconds, strict=True) if n and s]
    if len(points) < 2 or len({x for x, _ in points}) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    top = sum((x - mx) * (y - my) for x, y in points)
    return round(top / sum((x - mx) ** 2 for x, _ in points), 2)


def main(argv: list[str] | None = None) -> int:
    """Measure the page and the command on each workspace; print and save the figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_coverage")
    parser.add_argument("--db", type=Path, action="append", help="a workspace (repeat per size)")
    parser.add_argument("--as-of", default=AS_OF, help=f"the as-of date (default {AS_OF})")
    parser.add_argument("--runs", type=int, default=5, help="warm runs (default 5)")
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="run fieldvisit from another checkout (before)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv or [])  # `python -m benchmarks` calls main() bare
    if args.child:
        child_page(Path(args.child[0]), args.child[1], int(args.child[2]))
        return 0
    dbs = args.db
    if not dbs:
        from benchmarks.bench_cli import SIZES, _ensure

        for size, path in SIZES.items():
            _ensure(path, size)
        dbs = list(SIZES.values())
    from benchmarks.bench_cli import measure

    rows = []
    for db in dbs:
        page = _page(db, args.as_of, args.runs, args.tree)
        cli = measure("coverage", db, args.as_of, args.runs, args.tree)
        row = {"workspace": db.name, "activities": _activities(db), "page": page, "cli": cli}
        rows.append(row)
        print(
            f"{db.name} ({row['activities']:,} activities): page content {page['content_s']:.3f} s "
            f"(first {page['first_content_s']:.3f} s, all {page['all_s']:.3f} s) = "
            f"{page['content_ratio_raw_sql']}× one raw SQL query ({page['raw_sql_s']:.4f} s), "
            f"{page['content_ratio_empty_window']}× an empty window "
            f"({page['empty_window_s']:.4f} s); coverage --json {cli['command_s']:.3f} s = "
            f"{cli['ratio']}× the raw query in a process ({cli['baseline_s']:.3f} s)",
            flush=True,
        )
    sizes = [r["activities"] for r in rows]
    growth = {
        "page_content": exponent(sizes, [r["page"]["content_s"] for r in rows]),
        "page_all": exponent(sizes, [r["page"]["all_s"] for r in rows]),
        "cli": exponent(sizes, [r["cli"]["command_s"] for r in rows]),
    }
    print(f"growth exponent over activities: {growth}")
    result = {
        "as_of": args.as_of,
        "runs": args.runs,
        "tree": "this checkout" if args.tree == ROOT else "another checkout",
        "rows": rows,
        "exponent": growth,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
